import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localS3Client } from '../../functions/local/wiring';
import { keys } from '../../shared/table';
import { auditTrail, partitionItems } from '../support/audit-trail';
import { createTestPortal, expectProblem, type TestPortal, testFilesBucket } from '../support/portal';
import { countRoundTrips } from '../support/round-trips';
import { bulletinBody, uploadTo } from '../support/shared-items';

/**
 * A bulletin attachment is pending from the moment its upload URL is issued until the complete
 * call has found the file as declared: recipients never see a pending one, so every attachment a
 * recipient sees downloads. A pending one is uploaded again or discarded; a draft with one does
 * not publish.
 */

const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';
const ruth = 'ruth@rotterdam.example';
const hans = 'hans@hamburg.example';

let portal: TestPortal;
let trips: ReturnType<typeof countRoundTrips>;
const s3 = () => localS3Client(inject('s3Endpoint'));
beforeAll(async () => {
  portal = await createTestPortal();
  trips = countRoundTrips(portal.dynamo);
});

const seals = 'Seal numbers: 4711, 4712\n';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function draft() {
  const res = await portal.request('/api/v1/bulletins', { as: ben, body: bulletinBody() });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

async function publish(id: string) {
  return portal.request(`/api/v1/bulletins/${id}/publish`, { as: ben, method: 'POST' });
}

async function published() {
  const id = await draft();
  expect((await publish(id)).status).toBe(200);
  return id;
}

/** Asks for an upload URL: the attachment is recorded, pending. */
async function attach(
  id: string,
  file = { fileName: 'seals.txt', contentType: 'text/plain', size: seals.length },
) {
  const res = await portal.request(`/api/v1/bulletins/${id}/attachments`, { as: ben, body: file });
  expect(res.status).toBe(201);
  return res.json as { attachmentId: string; url: string; fields: Record<string, string> };
}

const complete = (id: string, attachmentId: string, as = ben, headers: Record<string, string> = {}) =>
  portal.request(`/api/v1/bulletins/${id}/attachments/${attachmentId}/complete`, {
    as,
    method: 'POST',
    headers,
  });

const download = (id: string, attachmentId: string, as: string) =>
  portal.request(`/api/v1/bulletins/${id}/attachments/${attachmentId}`, { as });

const attachmentsSeenBy = async (id: string, as: string) => {
  const res = await portal.request(`/api/v1/bulletins/${id}`, { as });
  expect(res.status).toBe(200);
  return res.json.attachments as { id: string; status: string; size: number; sha256?: string }[];
};

/** Everything stored under the bulletin: its record, history and receipts. */
const partition = (id: string) => partitionItems(portal, keys.bulletinPartition(id));

const auditActions = async () =>
  (await auditTrail(portal, 'antwerp', portal.time.month)).map(
    (i) => `${i.action} ${i.details?.attachmentId ?? i.object?.id}`,
  );

const storedFile = (id: string, attachmentId: string) =>
  portal.deps.files.describe(`bulletins/${id}/${attachmentId}`);

describe('an attachment uploaded and completed', () => {
  it('is ready with its SHA-256, and recipients download exactly the file', async () => {
    const id = await draft();
    const upload = await attach(id);
    await uploadTo(upload, seals, 'text/plain');
    // One read and one transaction (the attachment with its audit event) in the table.
    const { result: done, commands } = await trips.during(() => complete(id, upload.attachmentId));
    expect(done.status).toBe(200);
    expect(commands).toEqual(['GetItem', 'TransactWriteItems']);
    expect(done.json.attachments).toEqual([
      expect.objectContaining({
        id: upload.attachmentId,
        status: 'ready',
        size: seals.length,
        sha256: sha256(seals),
      }),
    ]);
    expect(done.headers.get('etag')).toBe(`"${done.json.revision}"`);
    // Completing again (a retried request) answers the same and changes nothing.
    const before = await partition(id);
    const again = await complete(id, upload.attachmentId);
    expect(again.status).toBe(200);
    expect(again.json.revision).toBe(done.json.revision);
    expect(await partition(id)).toEqual(before);

    expect((await publish(id)).status).toBe(200);
    expect(await attachmentsSeenBy(id, ruth)).toEqual([
      expect.objectContaining({ id: upload.attachmentId, status: 'ready', sha256: sha256(seals) }),
    ]);
    const link = await download(id, upload.attachmentId, ruth);
    expect(link.status).toBe(200);
    expect(await (await fetch(link.json.url)).text()).toBe(seals);
    expect(await auditActions()).toEqual(
      expect.arrayContaining([
        `bulletin.attachment_added ${upload.attachmentId}`,
        `bulletin.attachment_completed ${upload.attachmentId}`,
      ]),
    );
  });

  it('accepts a file smaller than declared (the policy allows 1 byte to the declared size) and records its size', async () => {
    const id = await draft();
    const upload = await attach(id, { fileName: 'seals.txt', contentType: 'text/plain', size: 1000 });
    await uploadTo(upload, seals, 'text/plain');
    const done = await complete(id, upload.attachmentId);
    expect(done.status).toBe(200);
    expect(done.json.attachments[0]).toMatchObject({ status: 'ready', size: seals.length });
  });
});

describe('an upload that never arrived (the file store failed)', () => {
  it('cannot be completed, is invisible to recipients, blocks publishing, and is uploaded again', async () => {
    const id = await draft();
    const upload = await attach(id);
    // The author organisation's contributors see it pending; nothing else of the bulletin changed.
    expect(await attachmentsSeenBy(id, ben)).toEqual([
      expect.objectContaining({ id: upload.attachmentId, status: 'pending' }),
    ]);
    const before = await partition(id);
    const missing = await complete(id, upload.attachmentId);
    expectProblem(missing, 409);
    expect(missing.json.detail).toBe(
      'seals.txt has not arrived in the file store; upload it again, then complete.',
    );
    expect(await partition(id)).toEqual(before);

    // A draft with a pending attachment is not published: the refusal names the file.
    const refused = await publish(id);
    expectProblem(refused, 409);
    expect(refused.json.detail).toContain('seals.txt');
    expect(await partition(id)).toEqual(before);
    expect(await storedFile(id, upload.attachmentId)).toBeNull();

    // Uploaded again under the same key, completed, published: Ruth downloads it.
    const again = await portal.request(`/api/v1/bulletins/${id}/attachments/${upload.attachmentId}/upload`, {
      as: ben,
      method: 'POST',
    });
    expect(again.status).toBe(200);
    expect(again.json.fields.key).toBe(upload.fields.key);
    expect(again.json.attachmentId).toBe(upload.attachmentId);
    await uploadTo(again.json, seals, 'text/plain');
    expect((await complete(id, upload.attachmentId)).status).toBe(200);
    expect((await publish(id)).status).toBe(200);
    const link = await download(id, upload.attachmentId, ruth);
    expect(link.status).toBe(200);
    expect(await (await fetch(link.json.url)).text()).toBe(seals);
    // Once ready it is not presigned again: the checked file stays what recipients get.
    expectProblem(
      await portal.request(`/api/v1/bulletins/${id}/attachments/${upload.attachmentId}/upload`, {
        as: ben,
        method: 'POST',
      }),
      409,
    );
  });

  it('on a published bulletin: recipients neither see it nor get a link (404); the author organisation sees it pending', async () => {
    const id = await published();
    const upload = await attach(id);
    expect(await attachmentsSeenBy(id, ruth)).toEqual([]);
    // A reader of the author organisation cannot finish it, so is shown only what downloads.
    expect(await attachmentsSeenBy(id, bo)).toEqual([]);
    expect(await attachmentsSeenBy(id, ben)).toEqual([
      expect.objectContaining({ id: upload.attachmentId, status: 'pending' }),
    ]);
    expectProblem(await download(id, upload.attachmentId, ruth), 404);
    expectProblem(await download(id, upload.attachmentId, bo), 404);
    expectProblem(await download(id, upload.attachmentId, hans), 404);
    const own = await download(id, upload.attachmentId, ben);
    expectProblem(own, 409);
    expect(own.json.detail).toBe('seals.txt is not uploaded yet; upload it again or remove it.');
    // The answers to a recipient are those for an attachment id that does not exist.
    const unknown = await download(id, crypto.randomUUID(), ruth);
    expect(unknown.json.detail).toBe((await download(id, upload.attachmentId, ruth)).json.detail);
  });

  it('is refused when the stored file is not the declared one (type, or larger), and nothing changes', async () => {
    const id = await draft();
    const upload = await attach(id);
    const key = upload.fields.key!;
    const before = await partition(id);
    // Put straight into the store, past the presigned policy, as a broken or hostile client might.
    await s3().send(
      new PutObjectCommand({ Bucket: testFilesBucket, Key: key, Body: seals, ContentType: 'text/csv' }),
    );
    const wrongType = await complete(id, upload.attachmentId);
    expectProblem(wrongType, 409);
    expect(wrongType.json.detail).toBe('The stored file is text/csv, not text/plain; upload it again.');
    await s3().send(
      new PutObjectCommand({
        Bucket: testFilesBucket,
        Key: key,
        Body: `${seals}!`,
        ContentType: 'text/plain',
      }),
    );
    const tooLarge = await complete(id, upload.attachmentId);
    expectProblem(tooLarge, 409);
    expect(tooLarge.json.detail).toContain(`${seals.length + 1} bytes`);
    expect(await partition(id)).toEqual(before);
  });
});

describe('discarding an attachment', () => {
  it('removes a pending one of a published bulletin, its record and its file, audited', async () => {
    const id = await published();
    const upload = await attach(id);
    await uploadTo(upload, seals, 'text/plain');
    expect(await storedFile(id, upload.attachmentId)).not.toBeNull();
    const res = await portal.request(`/api/v1/bulletins/${id}/attachments/${upload.attachmentId}`, {
      as: ben,
      method: 'DELETE',
    });
    expect(res.status).toBe(204);
    expect(await attachmentsSeenBy(id, ben)).toEqual([]);
    expect(await storedFile(id, upload.attachmentId)).toBeNull();
    expect(await auditActions()).toContain(`bulletin.attachment_discarded ${upload.attachmentId}`);
    expectProblem(
      await portal.request(`/api/v1/bulletins/${id}/attachments/${upload.attachmentId}`, {
        as: ben,
        method: 'DELETE',
      }),
      404,
    );
  });

  it('removes a ready one of a draft; a ready one of a published bulletin stays (409)', async () => {
    const id = await draft();
    const kept = await attach(id);
    await uploadTo(kept, seals, 'text/plain');
    expect((await complete(id, kept.attachmentId)).status).toBe(200);
    const dropped = await attach(id);
    await uploadTo(dropped, seals, 'text/plain');
    expect((await complete(id, dropped.attachmentId)).status).toBe(200);
    const res = await portal.request(`/api/v1/bulletins/${id}/attachments/${dropped.attachmentId}`, {
      as: ben,
      method: 'DELETE',
    });
    expect(res.status).toBe(204);
    expect(await storedFile(id, dropped.attachmentId)).toBeNull();
    expect((await publish(id)).status).toBe(200);
    expect((await attachmentsSeenBy(id, ruth)).map((a) => a.id)).toEqual([kept.attachmentId]);

    const before = await partition(id);
    expectProblem(
      await portal.request(`/api/v1/bulletins/${id}/attachments/${kept.attachmentId}`, {
        as: ben,
        method: 'DELETE',
      }),
      409,
    );
    expect(await partition(id)).toEqual(before);
    expect(await storedFile(id, kept.attachmentId)).not.toBeNull();
  });
});

describe('bad requests', () => {
  it('refuse bad ids, unknown attachments, other organisations and stale revisions: 4xx, nothing changed', async () => {
    const id = await published();
    const upload = await attach(id);
    await uploadTo(upload, seals, 'text/plain');
    const a = upload.attachmentId;
    const base = `/api/v1/bulletins/${id}/attachments`;
    const before = await partition(id);
    const revision = before.find((i) => i.sk === 'META')!.revision as number;
    const cases: [string, string, string, number, Record<string, string>?][] = [
      [ben, 'POST', `${base}/not-a-uuid/complete`, 400],
      [ben, 'POST', `${base}/not-a-uuid/upload`, 400],
      [ben, 'DELETE', `${base}/not-a-uuid`, 400],
      [ben, 'POST', `/api/v1/bulletins/not-a-uuid/attachments/${a}/complete`, 400],
      [ben, 'POST', `${base}/${crypto.randomUUID()}/complete`, 404],
      [ben, 'POST', `${base}/${crypto.randomUUID()}/upload`, 404],
      [ben, 'DELETE', `${base}/${crypto.randomUUID()}`, 404],
      [ben, 'POST', `/api/v1/bulletins/${crypto.randomUUID()}/attachments/${a}/complete`, 404],
      // A recipient sees the bulletin but changes nothing of it; an outsider does not see it at all.
      [ruth, 'POST', `${base}/${a}/complete`, 403],
      [ruth, 'POST', `${base}/${a}/upload`, 403],
      [ruth, 'DELETE', `${base}/${a}`, 403],
      [hans, 'DELETE', `${base}/${a}`, 404],
      [bo, 'POST', `${base}/${a}/complete`, 403],
      [ben, 'POST', `${base}/${a}/complete`, 412, { 'if-match': `"${revision - 1}"` }],
      [ben, 'DELETE', `${base}/${a}`, 412, { 'if-match': `"${revision - 1}"` }],
      [ben, 'DELETE', `${base}/${a}`, 400, { 'if-match': 'yesterday' }],
    ];
    for (const [as, method, path, status, headers] of cases) {
      const res = await portal.request(path, { as, method, ...(headers ? { headers } : {}) });
      expect({ path, as, status: res.status }).toEqual({ path, as, status });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await partition(id)).toEqual(before);
    expect(await storedFile(id, a)).not.toBeNull();
    // With the current revision it goes through.
    expect((await complete(id, a, ben, { 'if-match': `"${revision}"` })).status).toBe(200);
  });
});
