import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningS3, startS3Local } from '../../functions/local/s3-local';
import { deadlines } from '../../functions/settings/deadlines';
import { createTestPortal, expectProblem, type TestPortal, testFilesBucket } from '../support/portal';
import { bulletinBody, uploadTo } from '../support/shared-items';

/**
 * Issue 17, items 1 and 4: the file store failing while an attachment is completed. The complete
 * call answers 503 problem+json with `Retry-After` in plain words (never a 500, never S3's XML)
 * within the promised 6 s, and the attachment stays pending: recipients do not see it and the
 * bulletin does not publish with it.
 */

const ben = 'ben@antwerp.example';
const promisedMs = 6_000;
const seals = 'Seal numbers: 4711, 4712\n';
const file = { fileName: 'seals.txt', contentType: 'text/plain', size: seals.length };

async function draftWithAttachment(portal: TestPortal) {
  const created = await portal.request('/api/v1/bulletins', { as: ben, body: bulletinBody() });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  const upload = await portal.request(`/api/v1/bulletins/${id}/attachments`, { as: ben, body: file });
  expect(upload.status).toBe(201);
  return { id, upload: upload.json as { attachmentId: string; url: string; fields: Record<string, string> } };
}

async function complete(portal: TestPortal, id: string, attachmentId: string) {
  const started = performance.now();
  const res = await portal.request(`/api/v1/bulletins/${id}/attachments/${attachmentId}/complete`, {
    as: ben,
    method: 'POST',
  });
  return { res, ms: performance.now() - started };
}

/** What the author is told, and what stays stored: a pending attachment that blocks publishing. */
async function expectStillPending(portal: TestPortal, id: string, attachmentId: string) {
  const stored = await portal.deps.bulletins.get(id);
  expect(stored!.attachments.map((a) => [a.id, a.status])).toEqual([[attachmentId, 'pending']]);
  const publish = await portal.request(`/api/v1/bulletins/${id}/publish`, { as: ben, method: 'POST' });
  expectProblem(publish, 409);
  expect(publish.json.detail).toContain('Not uploaded yet: seals.txt');
}

function expectPlainUnavailable(answer: Awaited<ReturnType<typeof complete>>) {
  expectProblem(answer.res, 503);
  expect(answer.res.headers.get('retry-after')).toBe(String(deadlines.storageRetryAfterSeconds));
  expect(answer.res.json.detail).toMatch(/file store did not answer|storage is slow or unavailable/);
  expect(answer.res.json.detail).not.toMatch(/<\?xml|<Error>/);
  expect(answer.ms).toBeLessThan(promisedMs);
}

describe('the file store stopped after the upload', () => {
  let s3Dir: string;
  let s3: RunningS3;
  let portal: TestPortal;
  beforeAll(async () => {
    s3Dir = mkdtempSync(join(tmpdir(), 'alliance-faults-s3-'));
    s3 = await startS3Local({ directory: s3Dir, buckets: [testFilesBucket] });
    portal = await createTestPortal({
      seed: 'directory',
      storage: { s3Endpoint: s3.endpoint },
      overrides: { requestDeadlineMs: deadlines.requestMs },
    });
  });
  afterAll(() => rmSync(s3Dir, { recursive: true, force: true }));

  it('completing answers 503 in plain words within 6 s; the attachment stays pending', async () => {
    const { id, upload } = await draftWithAttachment(portal);
    await uploadTo(upload, seals, file.contentType);
    // Gone: connections to it are refused from here on.
    await s3.stop();

    const answer = await complete(portal, id, upload.attachmentId);
    expectPlainUnavailable(answer);
    await expectStillPending(portal, id, upload.attachmentId);
  });
});

describe('the file store answering errors', () => {
  let broken: Server;
  let requests = 0;
  let portal: TestPortal;
  beforeAll(async () => {
    // Answers every call as S3 does when it fails inside: 500 with an XML error body.
    broken = createServer((req, res) => {
      requests++;
      req.resume();
      res.writeHead(500, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>',
      );
    });
    await new Promise<void>((done) => broken.listen(0, '127.0.0.1', done));
    const address = broken.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    portal = await createTestPortal({
      seed: 'directory',
      storage: { s3Endpoint: `http://127.0.0.1:${address.port}` },
      overrides: { requestDeadlineMs: deadlines.requestMs },
    });
  });
  afterAll(() => new Promise<void>((done) => broken.close(() => done())));

  it('completing answers 503 in plain words within 6 s, after a bounded number of tries; the attachment stays pending', async () => {
    const { id, upload } = await draftWithAttachment(portal);
    requests = 0;
    const answer = await complete(portal, id, upload.attachmentId);
    expectPlainUnavailable(answer);
    // A read is retried, but never more than the set number of attempts.
    expect(requests).toBeGreaterThanOrEqual(1);
    expect(requests).toBeLessThanOrEqual(deadlines.storageMaxAttempts);
    await expectStillPending(portal, id, upload.attachmentId);
  });
});
