/**
 * The OpenAPI document is a contract with every client: moving code out of the cold start
 * (functions/api/areas.ts, infra/bundling.ts) must not change one byte of it. The snapshot in
 * fixtures/openapi.json was taken from the code before issue 10's performance work; it is kept
 * indented for review, and the served document is compared with its compact form byte for byte.
 * A deliberate change to the API updates the snapshot in the same commit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, type TestPortal } from '../support/portal';

const snapshot = readFileSync(join(import.meta.dirname, 'fixtures', 'openapi.json'), 'utf8');

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal({ seed: false });
});

describe('GET /api/v1/openapi.json', () => {
  it('serves, byte for byte, the document of the committed snapshot', async () => {
    const res = await portal.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    // JSON.stringify writes keys in the order it finds them: the compact form of the parsed
    // snapshot is exactly the bytes the app served when the snapshot was taken.
    const expected = JSON.stringify(JSON.parse(snapshot));
    expect(res.text.length).toBe(expected.length);
    expect(res.text === expected).toBe(true);
  });
});
