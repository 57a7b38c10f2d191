import { beforeAll, describe, expect, it } from 'vitest';
import { listAuditWindowMs } from '../../functions/api/shown-recently';
import { auditTrail } from '../support/audit-trail';
import { monthOf } from '../support/clock';
import { createTestPortal, expectProblem, type TestPortal } from '../support/portal';
import {
  draftBulletin,
  draftDocument,
  publishBulletin,
  publishDocument,
  walkList,
} from '../support/shared-items';

/**
 * Issue 9: nothing about an item a viewer may not see — not its content, its existence or its
 * timing — reaches them through a list, a cursor, a draft or an unaudited read. Each test here
 * failed on the code before the fix; test/integration/two-worlds.test.ts proves the general
 * property.
 */

const ana = 'ana@antwerp.example';
const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';
const ruth = 'ruth@rotterdam.example';
const hans = 'hans@hamburg.example';

// One instant for the whole file: audit months and due dates never depend on the wall clock.
const fixedNow = new Date();
const month = monthOf(fixedNow);

/** A portal of its own (the lists hold only what a test puts there), on a fixed clock. */
const ownPortal = () => createTestPortal({ seed: 'directory', overrides: { now: () => fixedNow } });

const page = async (portal: TestPortal, as: string, path: string) => {
  const res = await portal.request(path, { as });
  expect(res.status).toBe(200);
  return res.json as { items: { id: string }[]; nextCursor: string | null };
};

describe('cursors name no hidden item', () => {
  it('ends a port page without a cursor when only bulletins the viewer may not see follow', async () => {
    const portal = await ownPortal();
    const green = await publishBulletin(portal, hans, { tlp: 'TLP:GREEN', ports: ['NLRTM'] });
    // Newer, at the same port, addressed to Hamburg only: Ben (Antwerp) may not see it.
    await publishBulletin(portal, ruth, {
      ports: ['NLRTM'],
      recipients: { organisations: ['hamburg'], members: [] },
    });
    await publishBulletin(portal, ruth, {
      tlp: 'TLP:RED',
      ports: ['NLRTM'],
      recipients: { organisations: ['hamburg'], members: ['hans-hamburg'] },
    });
    expect(await page(portal, ben, '/api/v1/bulletins?port=NLRTM&limit=1')).toEqual({
      items: [expect.objectContaining({ id: green.id })],
      nextCursor: null,
    });
    expect(await page(portal, ben, '/api/v1/bulletins?port=DEHAM&limit=1')).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('ends a feed page without a cursor when only a RED bulletin for a colleague follows', async () => {
    const portal = await ownPortal();
    const green = await publishBulletin(portal, hans, { tlp: 'TLP:GREEN' });
    await publishBulletin(portal, ruth, {
      tlp: 'TLP:RED',
      recipients: { organisations: ['antwerp'], members: ['ana-antwerp'] },
    });
    expect(await page(portal, ben, '/api/v1/bulletins?limit=1')).toEqual({
      items: [expect.objectContaining({ id: green.id })],
      nextCursor: null,
    });
    // Ana, the RED recipient, gets both, one per page.
    const first = await page(portal, ana, '/api/v1/bulletins?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it('answers a tag, an organisation and an area that only hidden documents carry like ones nobody uses', async () => {
    const portal = await ownPortal();
    await publishDocument(portal, ruth, {
      tlp: 'TLP:AMBER',
      tags: ['probe-tag'],
      areas: ['personnel_vetting'],
      recipients: { organisations: ['hamburg'], members: [] },
    });
    const nobody = await page(portal, ben, '/api/v1/documents?tag=never-used&limit=1');
    expect(nobody).toEqual({ items: [], nextCursor: null });
    for (const filter of ['tag=probe-tag', 'organisation=rotterdam', 'area=personnel_vetting', '']) {
      expect(await page(portal, ben, `/api/v1/documents?${filter}&limit=1`)).toEqual(nobody);
    }
  });

  it('is opaque: it carries no readable id or time', async () => {
    const portal = await ownPortal();
    const made = [
      await publishBulletin(portal, ben, { tlp: 'TLP:GREEN' }),
      await publishBulletin(portal, ben, { tlp: 'TLP:GREEN' }),
    ];
    const first = await page(portal, ruth, '/api/v1/bulletins?limit=1');
    expect(first.nextCursor).toEqual(expect.any(String));
    const decoded = Buffer.from(first.nextCursor!, 'base64url').toString('latin1');
    for (const secret of [...made.map((b) => b.id), ...made.map((b) => b.id.slice(0, 8)), month]) {
      expect(decoded).not.toContain(secret);
    }
  });
});

describe('a TLP:RED draft is its author’s alone', () => {
  let portal: TestPortal;
  let red: { id: string };
  let amber: { id: string };
  beforeAll(async () => {
    portal = await ownPortal();
    red = await draftBulletin(portal, ben, {
      tlp: 'TLP:RED',
      recipients: { organisations: ['hamburg'], members: ['hans-hamburg'] },
    });
    amber = await draftBulletin(portal, ben);
  });

  it('is neither read, listed nor edited by the author’s colleagues', async () => {
    for (const colleague of [ana, bo]) {
      expectProblem(await portal.request(`/api/v1/bulletins/${red.id}`, { as: colleague }), 404);
      const drafts = await walkList(portal, colleague, '/api/v1/bulletins/drafts', 5);
      expect(JSON.stringify(drafts)).not.toContain(red.id);
    }
    const hijack = await portal.request(`/api/v1/bulletins/${red.id}`, {
      as: ana,
      method: 'PATCH',
      body: { recipients: { organisations: ['hamburg'], members: ['hans-hamburg', 'ana-antwerp'] } },
    });
    expectProblem(hijack, 404);
    expectProblem(
      await portal.request(`/api/v1/bulletins/${red.id}/publish`, { as: ana, method: 'POST' }),
      404,
    );
    const own = await portal.request(`/api/v1/bulletins/${red.id}`, { as: ben });
    expect(own.status).toBe(200);
    expect(own.json.recipients.members).toEqual(['hans-hamburg']);
  });

  it('leaves other drafts to the contributors of the author’s organisation, not its readers', async () => {
    expect((await portal.request(`/api/v1/bulletins/${amber.id}`, { as: ana })).status).toBe(200);
    expectProblem(await portal.request(`/api/v1/bulletins/${amber.id}`, { as: bo }), 404);
    const anaDrafts = await walkList(portal, ana, '/api/v1/bulletins/drafts', 1);
    expect(anaDrafts.flatMap((p: any) => p.body.items.map((i: { id: string }) => i.id))).toEqual([amber.id]);
    const benDrafts = await walkList(portal, ben, '/api/v1/bulletins/drafts', 1);
    expect(benDrafts.flatMap((p: any) => p.body.items.map((i: { id: string }) => i.id)).sort()).toEqual(
      [amber.id, red.id].sort(),
    );
  });

  it('holds for a TLP:RED document draft and its unfinished upload', async () => {
    const doc = await draftDocument(portal, ben, {
      tlp: 'TLP:RED',
      recipients: { organisations: ['hamburg'], members: ['hans-hamburg'] },
    });
    expectProblem(await portal.request(`/api/v1/documents/${doc.id}`, { as: ana }), 404);
    const anaUploads = await walkList(portal, ana, '/api/v1/documents/drafts', 5);
    expect(JSON.stringify(anaUploads)).not.toContain(doc.id);
    expectProblem(
      await portal.request(`/api/v1/documents/${doc.id}/versions/1`, { as: ana, method: 'DELETE' }),
      404,
    );
    const benUploads = await walkList(portal, ben, '/api/v1/documents/drafts', 5);
    expect(JSON.stringify(benUploads)).toContain(doc.id);
  });
});

describe('every response that carries restricted material is audited', () => {
  it('records one event per author organisation for a feed or library page, naming items and viewer', async () => {
    const portal = await ownPortal();
    const amber = await publishBulletin(portal, ben);
    const green = await publishBulletin(portal, ben, { tlp: 'TLP:GREEN' });
    const doc = await publishDocument(portal, ben, {
      tlp: 'TLP:AMBER',
      recipients: { organisations: ['rotterdam'], members: [] },
    });
    await page(portal, ruth, '/api/v1/bulletins');
    await page(portal, ruth, '/api/v1/documents');
    const trail = await auditTrail(portal, 'antwerp', month);
    const listed = trail.filter((e) => e.action === 'bulletin.listed');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      actor: { memberId: 'ruth-rotterdam', organisationId: 'rotterdam' },
      details: { items: [{ id: amber.id, tlp: 'TLP:AMBER' }] },
    });
    expect(JSON.stringify(listed[0])).not.toContain(green.id);
    const library = trail.filter((e) => e.action === 'document.listed');
    expect(library).toHaveLength(1);
    expect(library[0]).toMatchObject({ details: { items: [{ id: doc.id, tlp: 'TLP:AMBER' }] } });
  });

  it('writes an AMBER title shown again by the same list once a window, and a RED title every time', async () => {
    const portal = await ownPortal();
    const amber = await publishBulletin(portal, ben);
    const red = await publishBulletin(portal, ben, {
      tlp: 'TLP:RED',
      recipients: { organisations: ['rotterdam'], members: ['ruth-rotterdam'] },
    });
    const listedItems = async () =>
      (await auditTrail(portal, 'antwerp', month))
        .filter((e) => e.action === 'bulletin.listed' && e.actor.memberId === 'ruth-rotterdam')
        .map((e) => (e.details.items as { id: string }[]).map((i) => i.id).sort());
    await page(portal, ruth, '/api/v1/bulletins');
    expect(await listedItems()).toEqual([[amber.id, red.id].sort()]);
    // The same page again within the window: the RED title is recorded again, the AMBER one is not.
    portal.clock.advance(listAuditWindowMs - 1);
    await page(portal, ruth, '/api/v1/bulletins');
    expect(await listedItems()).toHaveLength(2);
    expect((await listedItems()).filter((items) => items.length === 1)).toEqual([[red.id]]);
    // Once the window has passed, the AMBER title is recorded again.
    portal.clock.advance(1);
    await page(portal, ruth, '/api/v1/bulletins');
    expect((await listedItems()).filter((items) => items.includes(amber.id))).toHaveLength(2);
  });

  it('audits versions, receipts and attestations of restricted items', async () => {
    const portal = await ownPortal();
    const amber = await publishBulletin(portal, ben);
    const doc = await publishDocument(portal, ben, {
      tlp: 'TLP:AMBER',
      recipients: { organisations: ['rotterdam'], members: [] },
    });
    expect((await portal.request(`/api/v1/bulletins/${amber.id}/acknowledgements`, { as: ben })).status).toBe(
      200,
    );
    expect((await portal.request(`/api/v1/documents/${doc.id}/versions`, { as: ruth })).status).toBe(200);
    expect((await portal.request(`/api/v1/documents/${doc.id}/acknowledgements`, { as: ben })).status).toBe(
      200,
    );
    const actions = (await auditTrail(portal, 'antwerp', month)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'bulletin.receipts.read',
        'document.versions.read',
        'document.attestations.read',
      ]),
    );
  });

  it('refuses a page with TLP:RED titles whose audit event cannot be written, and serves one without', async () => {
    const portal = await ownPortal();
    await publishBulletin(portal, ben, { tlp: 'TLP:GREEN' });
    const red = await publishBulletin(portal, ben, {
      tlp: 'TLP:RED',
      title: 'Corrupted crane driver at terminal 9',
      recipients: { organisations: ['rotterdam'], members: ['ruth-rotterdam'] },
    });
    const store = portal.deps.bulletins;
    const original = store.recordAudit.bind(store);
    store.recordAudit = async () => {
      throw new Error('audit trail unavailable');
    };
    try {
      const refused = await portal.request('/api/v1/bulletins', { as: ruth });
      expectProblem(refused, 503);
      expect(refused.text).not.toContain('Corrupted crane driver');
      // Hans sees no RED title, so his page needs no event.
      expect((await portal.request('/api/v1/bulletins', { as: hans })).status).toBe(200);
    } finally {
      store.recordAudit = original;
    }
    expect((await page(portal, ruth, '/api/v1/bulletins')).items.map((i) => i.id)).toContain(red.id);
  });
});
