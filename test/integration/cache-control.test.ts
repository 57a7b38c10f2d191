import { beforeAll, describe, expect, it } from 'vitest';
import { maxBodyBytes } from '../../functions/api/app';
import { createTestPortal, expectProblem, type TestPortal } from '../support/portal';

/**
 * Answers that may carry restricted content must not be kept by a browser or a proxy: every API
 * response outside the public paths says `Cache-Control: no-store`, problems included.
 */

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal();
});

const ana = 'ana@antwerp.example';
const publicPaths = [
  '/api/v1/health',
  '/api/v1/openapi.json',
  '/api/v1/public/bulletins',
  '/api/v1/public/bulletins.atom',
  '/api/v1/public/documents',
  '/api/v1/public/organisations',
];
/** Public operations of the API document, besides the paths above: a document's public download. */
const publicTemplates = [...publicPaths, '/api/v1/public/documents/{id}/download'];

const noStore = (res: { headers: Headers }) => res.headers.get('cache-control') ?? '';

describe('Cache-Control on API responses', () => {
  it('is no-store on every operation of the API document, signed in or not, whatever the status', async () => {
    const document = (await portal.request('/api/v1/openapi.json')).json;
    const statuses = new Set<number>();
    let operations = 0;
    for (const [template, methods] of Object.entries(document.paths as Record<string, object>)) {
      if (publicTemplates.some((p) => template === p)) continue;
      // Placeholder ids: most answers are problems (404, 400), which must not be cached either.
      const path = template.replace(/\{v\}|\{version\}/g, '1').replace(/\{[^}]+\}/g, 'antwerp');
      for (const method of Object.keys(methods)) {
        operations += 1;
        const body = ['post', 'put', 'patch'].includes(method) ? {} : undefined;
        for (const as of [ana, undefined]) {
          const res = await portal.request(path, {
            method: method.toUpperCase(),
            ...(as ? { as } : {}),
            body,
          });
          statuses.add(res.status);
          expect(noStore(res), `${method.toUpperCase()} ${path} (${res.status})`).toBe('no-store');
        }
      }
    }
    expect(operations).toBeGreaterThan(40);
    // Both kinds were seen: real answers and problems.
    expect([...statuses].some((s) => s === 200)).toBe(true);
    expect([...statuses].filter((s) => s >= 400)).toEqual(expect.arrayContaining([400, 401, 404]));
  });

  it('is no-store on answers with content and on problems the middleware gives', async () => {
    const me = await portal.request('/api/v1/me', { as: ana });
    expect(me.status).toBe(200);
    expect(noStore(me)).toBe('no-store');

    const unknown = await portal.request('/api/v1/no-such-route', { as: ana });
    expectProblem(unknown, 404);
    expect(noStore(unknown)).toBe('no-store');

    const tooLarge = await portal.request('/api/v1/bulletins', {
      as: ana,
      rawBody: 'x'.repeat(maxBodyBytes + 1),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(tooLarge, 413);
    expect(noStore(tooLarge)).toBe('no-store');

    const badToken = await portal.request('/api/v1/me', { headers: { authorization: 'Bearer not-a-token' } });
    expectProblem(badToken, 401);
    expect(noStore(badToken)).toBe('no-store');
  });

  it('is not forced on the public paths, whose answers anyone may keep', async () => {
    for (const path of publicPaths) {
      const res = await portal.request(path);
      expect(res.status, path).toBe(200);
      expect(noStore(res), path).not.toContain('no-store');
    }
  });
});
