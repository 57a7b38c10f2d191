/**
 * The served OpenAPI document passes Redocly's `recommended` rules with no error (issue 15): every
 * operation has an operationId, public ones `security: []`, and there is a `servers` entry.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, type TestPortal } from '../support/portal';

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal({ seed: false });
});

describe('GET /api/v1/openapi.json under a standard linter', () => {
  it('has no error under Redocly’s recommended rules', async () => {
    const res = await portal.request('/api/v1/openapi.json');
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: res.text, absoluteRef: '/openapi.json', config });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} (${p.location[0]?.pointer})`);
    expect(errors).toEqual([]);
  }, 60_000);

  it('names every operation uniquely, leaves public ones open, and has a server', async () => {
    const doc = (await portal.request('/api/v1/openapi.json')).json;
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(
      ([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })),
    );
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.find((o) => o.path === '/api/v1/health')?.op.security).toEqual([]);
    expect(operations.find((o) => o.path === '/api/v1/bulletins' && o.method === 'get')?.op.security).toEqual(
      [{ bearer: [] }],
    );
    expect(doc.servers).toEqual([{ url: '/', description: 'This portal' }]);
  });
});
