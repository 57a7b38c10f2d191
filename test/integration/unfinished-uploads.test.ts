import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localS3Client } from '../../functions/local/wiring';
import { keys } from '../../shared';
import { auditTrail, partitionItems } from '../support/audit-trail';
import { createTestPortal, expectProblem, type TestPortal, testFilesBucket } from '../support/portal';
import { countRoundTrips } from '../support/round-trips';
import { pdf, uploadTo } from '../support/shared-items';

/**
 * A document whose upload never completed is not lost: its organisation's contributors find it
 * among the unfinished uploads, upload it again under the same key, or discard it.
 */

const ben = 'ben@antwerp.example';
const ana = 'ana@antwerp.example';
const bo = 'bo@antwerp.example';
const ruth = 'ruth@rotterdam.example';

// A portal of its own, so that "Antwerp's unfinished uploads" holds exactly what these tests start.
let portal: TestPortal;
let trips: ReturnType<typeof countRoundTrips>;
const s3 = () => localS3Client(inject('s3Endpoint'));
beforeAll(async () => {
  portal = await createTestPortal();
  trips = countRoundTrips(portal.dynamo);
});

type Res = { status: number; headers: Headers; json: any; text: string };

const policyOf = (upload: { fields: Record<string, string> }) =>
  JSON.parse(Buffer.from(upload.fields.Policy!, 'base64').toString('utf8'));

/** Starts a document and leaves its upload undone, as a closed tab would. */
async function start(as: string, title: string, content: string) {
  const res = await portal.request('/api/v1/documents', {
    as,
    body: {
      title,
      summary: 'Who may enter the quay during a reefer inspection, and how it is logged.',
      tags: ['reefer'],
      tlp: 'TLP:GREEN',
      file: { fileName: 'reefer-inspections.pdf', contentType: 'application/pdf', size: content.length },
    },
  });
  expect(res.status).toBe(201);
  return res.json as { document: { id: string }; upload: { url: string; fields: Record<string, string> } };
}

async function publish(as: string, title: string, content: string) {
  const { document, upload } = await start(as, title, content);
  await uploadTo(upload, content);
  const done = await portal.request(`/api/v1/documents/${document.id}/versions/1/complete`, {
    as,
    method: 'POST',
  });
  expect(done.status).toBe(200);
  return document.id;
}

/** Starts version 2 of a published document without uploading it. */
async function startVersion(as: string, id: string, content: string) {
  const res = await portal.request(`/api/v1/documents/${id}/versions`, {
    as,
    body: {
      changeNote: 'Night shifts added',
      file: { fileName: 'reefer-v2.pdf', contentType: 'application/pdf', size: content.length },
    },
  });
  expect(res.status).toBe(201);
  return res.json as { version: number; url: string; fields: Record<string, string> };
}

const drafts = async (as: string) => {
  const res = await portal.request('/api/v1/documents/drafts?limit=100', { as });
  expect(res.status).toBe(200);
  return res.json.items as { id: string; version: number; title: string }[];
};
const draftKeys = async (as: string) => (await drafts(as)).map((d) => `${d.id}@${d.version}`);

const partition = (id: string) => partitionItems(portal, keys.documentPartition(id));

const auditActions = async (organisationId: string) =>
  (await auditTrail(portal, organisationId, portal.time.month)).map((i) => `${i.action} ${i.object?.id}`);

const objectExists = async (key: string) => {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: testFilesBucket, Key: key }));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'NotFound') return false;
    throw err;
  }
};

describe('unfinished uploads', () => {
  it("lists a document whose upload never arrived for its organisation's contributors only", async () => {
    const content = pdf('never arrived');
    const { document } = await start(ben, 'Reefer inspections: who is on the quay', content);

    const listed = await drafts(ben);
    expect(listed).toEqual([
      {
        id: document.id,
        title: 'Reefer inspections: who is on the quay',
        version: 1,
        fileName: 'reefer-inspections.pdf',
        contentType: 'application/pdf',
        size: content.length,
        createdAt: expect.any(String),
        createdBy: { memberId: 'ben-antwerp', email: ben },
      },
    ]);
    // Every contributor of the organisation finds it, not only the one who started it.
    expect(await draftKeys(ana)).toEqual([`${document.id}@1`]);
    // Another organisation's contributor sees none; a reader may not ask.
    expect(await drafts(ruth)).toEqual([]);
    expectProblem(await portal.request('/api/v1/documents/drafts', { as: bo }), 403);
    expectProblem(await portal.request('/api/v1/documents/drafts'), 401);

    const discarded = await portal.request(`/api/v1/documents/${document.id}/versions/1`, {
      as: ben,
      method: 'DELETE',
    });
    expect(discarded.status).toBe(204);
  });

  it('uploads again under the same key with a working policy, then completes and publishes', async () => {
    const content = pdf('second try');
    const { document, upload: first } = await start(ben, 'Scanner deployment plan, berth 9', content);

    const retry = await portal.request(`/api/v1/documents/${document.id}/versions/1/upload`, {
      as: ben,
      method: 'POST',
    });
    expect(retry.status).toBe(200);
    expect(retry.json.version).toBe(1);
    expect(retry.json.fields.key).toBe(first.fields.key);
    expect(retry.json.fields.key).toMatch(new RegExp(`^documents/${document.id}/v1/[0-9a-f-]{36}$`));
    expect(policyOf(retry.json).conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, content.length],
        ['eq', '$Content-Type', 'application/pdf'],
        { key: first.fields.key },
      ]),
    );

    await uploadTo(retry.json, content);
    const done = await portal.request(`/api/v1/documents/${document.id}/versions/1/complete`, {
      as: ben,
      method: 'POST',
    });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ status: 'published', currentVersion: 1 });
    expect(await draftKeys(ben)).not.toContain(`${document.id}@1`);
    const library = await portal.request('/api/v1/documents?limit=100', { as: ruth });
    expect(library.json.items.map((i: { id: string }) => i.id)).toContain(document.id);

    // Once complete, there is nothing to upload again.
    expectProblem(
      await portal.request(`/api/v1/documents/${document.id}/versions/1/upload`, { as: ben, method: 'POST' }),
      409,
    );
  });

  it('discards a draft document whose file arrived but was never completed: record, file and list entry', async () => {
    const content = pdf('to be discarded');
    const { document, upload } = await start(ben, 'Vetting of lashers: draft', content);
    await uploadTo(upload, content);
    expect(await objectExists(upload.fields.key!)).toBe(true);

    const discarded = await portal.request(`/api/v1/documents/${document.id}/versions/1`, {
      as: ben,
      method: 'DELETE',
    });
    expect(discarded.status).toBe(204);
    expect(await partition(document.id)).toEqual([]);
    expect(await objectExists(upload.fields.key!)).toBe(false);
    expect(await draftKeys(ben)).not.toContain(`${document.id}@1`);
    expectProblem(await portal.request(`/api/v1/documents/${document.id}`, { as: ben }), 404);
    expect(await auditActions('antwerp')).toContain(`document.draft_discarded ${document.id}`);
    // Discarding twice finds nothing.
    expectProblem(
      await portal.request(`/api/v1/documents/${document.id}/versions/1`, { as: ben, method: 'DELETE' }),
      404,
    );
  });

  it('discards an unfinished new version and keeps the published one', async () => {
    const id = await publish(ben, 'Container-release PINs, Antwerp practice', pdf('version one'));
    const second = pdf('version two, never completed');
    const pending = await startVersion(ben, id, second);
    expect(await draftKeys(ben)).toContain(`${id}@2`);
    expect(await draftKeys(ruth)).not.toContain(`${id}@2`);

    // Ruth can see the GREEN document but it is not hers to retry or discard.
    expectProblem(
      await portal.request(`/api/v1/documents/${id}/versions/2/upload`, { as: ruth, method: 'POST' }),
      403,
    );
    expectProblem(
      await portal.request(`/api/v1/documents/${id}/versions/2`, { as: ruth, method: 'DELETE' }),
      403,
    );
    expectProblem(
      await portal.request(`/api/v1/documents/${id}/versions/2`, { as: bo, method: 'DELETE' }),
      403,
    );

    await uploadTo(pending, second);
    const discarded = await portal.request(`/api/v1/documents/${id}/versions/2`, {
      as: ben,
      method: 'DELETE',
    });
    expect(discarded.status).toBe(204);
    expect(await objectExists(pending.fields.key!)).toBe(false);
    expect(await draftKeys(ben)).not.toContain(`${id}@2`);
    const detail = await portal.request(`/api/v1/documents/${id}`, { as: ben });
    expect(detail.json).toMatchObject({ status: 'published', currentVersion: 1 });
    expect(detail.json.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(await auditActions('antwerp')).toContain(`document.version_discarded ${id}`);

    // The number is free again for the next version.
    const again = await startVersion(ben, id, second);
    expect(again.version).toBe(2);
  });

  it('never discards a completed version: 409 and nothing changed', async () => {
    const id = await publish(ben, 'Deep concealment: hull inspections', pdf('kept'));
    const before = await partition(id);
    expectProblem(
      await portal.request(`/api/v1/documents/${id}/versions/1`, { as: ben, method: 'DELETE' }),
      409,
    );
    expect(await partition(id)).toEqual(before);
    const download = await portal.request(`/api/v1/documents/${id}/download`, { as: ruth });
    expect(download.status).toBe(200);
  });

  it("refuses unknown ids, other organisations' drafts, missing versions and bad paths: 4xx, nothing changed", async () => {
    const { document } = await start(ben, 'Insider risk: badge audits', pdf('bad input'));
    const id = document.id;
    const before = await partition(id);
    const listBefore = await drafts(ben);
    const cases: [string, string, string, number][] = [
      [ben, 'POST', `/api/v1/documents/${crypto.randomUUID()}/versions/1/upload`, 404],
      [ben, 'DELETE', `/api/v1/documents/${crypto.randomUUID()}/versions/1`, 404],
      // Another organisation cannot see a draft at all, so it does not learn that it exists.
      [ruth, 'POST', `/api/v1/documents/${id}/versions/1/upload`, 404],
      [ruth, 'DELETE', `/api/v1/documents/${id}/versions/1`, 404],
      // A reader of the author's organisation does not see drafts either.
      [bo, 'DELETE', `/api/v1/documents/${id}/versions/1`, 404],
      [ben, 'POST', `/api/v1/documents/${id}/versions/2/upload`, 404],
      [ben, 'DELETE', `/api/v1/documents/${id}/versions/3`, 404],
      [ben, 'DELETE', `/api/v1/documents/${id}/versions/0`, 400],
      [ben, 'DELETE', `/api/v1/documents/${id}/versions/one`, 400],
      [ben, 'DELETE', '/api/v1/documents/not-a-uuid/versions/1', 400],
      [ben, 'POST', '/api/v1/documents/not-a-uuid/versions/1/upload', 400],
    ];
    for (const [as, method, path, status] of cases) {
      const res = await portal.request(path, { as, method });
      expect({ path, as, status: res.status }).toEqual({ path, as, status });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await partition(id)).toEqual(before);
    expect(await drafts(ben)).toEqual(listBefore);
  });

  it("pages with a cursor bound to the organisation's list: another organisation's or a forged one is refused", async () => {
    await start(ben, 'Paging one', pdf('p1'));
    await start(ben, 'Paging two', pdf('p2'));
    await start(ben, 'Paging three', pdf('p3'));
    const all = await draftKeys(ben);
    expect(all.length).toBeGreaterThanOrEqual(3);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Res = await portal.request(
        `/api/v1/documents/drafts?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { as: ben },
      );
      expect(res.status).toBe(200);
      seen.push(...res.json.items.map((d: { id: string; version: number }) => `${d.id}@${d.version}`));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);

    const page = await portal.request('/api/v1/documents/drafts?limit=1', { as: ben });
    const issued = page.json.nextCursor as string;
    expect(issued).toEqual(expect.any(String));
    expectProblem(
      await portal.request(`/api/v1/documents/drafts?limit=1&cursor=${issued}`, { as: ruth }),
      400,
    );
    const [, mac] = issued.split('.');
    const forged = `${Buffer.from(JSON.stringify({ pk: 'DOC#x', sk: 'META' })).toString('base64url')}.${mac}`;
    expectProblem(await portal.request(`/api/v1/documents/drafts?cursor=${forged}`, { as: ben }), 400);
    expectProblem(await portal.request('/api/v1/documents/drafts?limit=0', { as: ben }), 400);
  });

  it('lists in one Query, retries without writing, discards in one transaction', async () => {
    const content = pdf('round trips');
    const { document } = await start(ben, 'Round trips of unfinished uploads', content);
    expect(
      (await trips.during(() => portal.request('/api/v1/documents/drafts', { as: ben }))).commands,
    ).toEqual(['Query']);
    expect(
      (
        await trips.during(() =>
          portal.request(`/api/v1/documents/${document.id}/versions/1/upload`, { as: ben, method: 'POST' }),
        )
      ).commands,
    ).toEqual(['BatchGetItem']);
    expect(
      (
        await trips.during(() =>
          portal.request(`/api/v1/documents/${document.id}/versions/1`, { as: ben, method: 'DELETE' }),
        )
      ).commands,
    ).toEqual(['BatchGetItem', 'TransactWriteItems']);
    expect(trips.all).not.toContain('Scan');
  });
});
