import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { canContribute, canSee } from '../../shared';
import { auditTrail } from '../support/audit-trail';
import { inDays } from '../support/clock';
import { createTestPortal, expectProblem, problemFields as fields, type TestPortal } from '../support/portal';
import { countRoundTrips } from '../support/round-trips';
import { bulletinBody, listIds, uploadTo } from '../support/shared-items';
import { addressedItem, tlpViewers, viewerOf } from '../support/tlp-arbitraries';

const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';
const ruth = 'ruth@rotterdam.example';
const hans = 'hans@hamburg.example';

let portal: TestPortal;
let trips: ReturnType<typeof countRoundTrips>;
beforeAll(async () => {
  portal = await createTestPortal();
  trips = countRoundTrips(portal.dynamo);
});

/** Bulletins here ask for acknowledgement within a week unless a test says otherwise. */
const draftBody = (overrides: Record<string, unknown> = {}) =>
  bulletinBody({
    body: '## What we saw\n\n- Panels with **fresh** screws\n- Seals intact',
    categories: ['reefer-machinery', 'rip-on-rip-off'],
    requiresAcknowledgement: true,
    acknowledgeBy: inDays(7, portal.time.start),
    ...overrides,
  });

async function draft(as: string, overrides: Record<string, unknown> = {}) {
  const res = await portal.request('/api/v1/bulletins', { as, body: draftBody(overrides) });
  expect(res.status).toBe(201);
  return res.json;
}

async function publish(as: string, overrides: Record<string, unknown> = {}) {
  const created = await draft(as, overrides);
  const published = await portal.request(`/api/v1/bulletins/${created.id}/publish`, { as, method: 'POST' });
  expect(published.status).toBe(200);
  return published.json;
}

/** Every id of a list, following nextCursor to the end with small pages. */
const allIds = (as: string | undefined, path: string) => listIds(portal, as, path);

const feedItem = async (as: string, id: string) => {
  const res = await portal.request('/api/v1/bulletins?limit=100', { as });
  return res.json.items.find((i: { id: string }) => i.id === id);
};

const auditTrailOf = (organisationId: string) => auditTrail(portal, organisationId, portal.time.month);

describe('publishing and reading an AMBER bulletin', () => {
  it('reaches the recipients and the author organisation only, marked for acknowledgement', async () => {
    const bulletin = await publish(ben);
    expect(bulletin.status).toBe('published');
    expect(await feedItem(ruth, bulletin.id)).toMatchObject({
      unread: true,
      needsAcknowledgement: true,
      overdue: false,
      tlp: 'TLP:AMBER',
    });
    expect(await feedItem(bo, bulletin.id)).toMatchObject({ needsAcknowledgement: false });
    expect(await feedItem(hans, bulletin.id)).toBeUndefined();
    expectProblem(await portal.request(`/api/v1/bulletins/${bulletin.id}`, { as: hans }), 404);

    const detail = await portal.request(`/api/v1/bulletins/${bulletin.id}`, { as: ruth });
    expect(detail.status).toBe(200);
    expect(detail.headers.get('etag')).toBe('"2"');
    expect(detail.json.viewer).toMatchObject({
      recipient: true,
      needsAcknowledgement: true,
      mayAcknowledge: true,
    });
    expect(detail.json.revisions.map((r: { kind: string }) => r.kind)).toEqual(['published']);

    const ack = await portal.request(`/api/v1/bulletins/${bulletin.id}/acknowledgements`, {
      as: ruth,
      body: { kind: 'acknowledge' },
    });
    expect(ack.status).toBe(200);
    expect(await feedItem(ruth, bulletin.id)).toMatchObject({ unread: false, needsAcknowledgement: false });

    const receipts = await portal.request(`/api/v1/bulletins/${bulletin.id}/acknowledgements`, { as: ben });
    expect(receipts.status).toBe(200);
    expect(receipts.json).toMatchObject({ acknowledged: 1, pending: 0, overdue: 0 });
    expect(receipts.json.organisations).toEqual([
      expect.objectContaining({
        organisationId: 'rotterdam',
        status: 'acknowledged',
        acknowledgedBy: { memberId: 'ruth-rotterdam', email: 'ruth@rotterdam.example' },
        readBy: [expect.objectContaining({ memberId: 'ruth-rotterdam' })],
      }),
    ]);
    // Receipts belong to the author's organisation; a recipient learns nothing of the others.
    expectProblem(
      await portal.request(`/api/v1/bulletins/${bulletin.id}/acknowledgements`, { as: ruth }),
      403,
    );
    expectProblem(
      await portal.request(`/api/v1/bulletins/${bulletin.id}/acknowledgements`, { as: hans }),
      404,
    );
  });

  it('audits every read of AMBER material in the author organisation’s trail', async () => {
    const bulletin = await publish(ben);
    const before = (await auditTrailOf('antwerp')).filter((e) => e.action === 'bulletin.read').length;
    await portal.request(`/api/v1/bulletins/${bulletin.id}`, { as: ruth });
    const reads = (await auditTrailOf('antwerp')).filter(
      (e) => e.action === 'bulletin.read' && e.object.id === bulletin.id,
    );
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actor: { memberId: 'ruth-rotterdam', organisationId: 'rotterdam' } });
    expect(reads.length + before).toBeGreaterThan(before);
  });
});

describe('TLP: every read path agrees with canSee (property-based)', () => {
  const bulletinArb = addressedItem({
    port: fc.constantFrom('BEANR', 'NLRTM', 'DEHAM'),
    // A ready attachment was uploaded and completed; a pending one's upload never arrived.
    attach: fc.constantFrom('none', 'ready', 'pending'),
    fate: fc.constantFrom('draft', 'published', 'published', 'withdrawn'),
  });

  it('feed pages, port pages, detail, public feed, attachments and receipts show exactly what canSee allows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(bulletinArb, { minLength: 2, maxLength: 5 }), async (specs) => {
        const made: { id: string; stored: any; port: string; attachmentId?: string; ready?: boolean }[] = [];
        for (const spec of specs) {
          const created = await draft(spec.author, {
            tlp: spec.tlp,
            ports: [spec.port],
            recipients: { organisations: spec.orgs, members: spec.members },
            requiresAcknowledgement: false,
            acknowledgeBy: null,
          });
          let attachmentId: string | undefined;
          const attach = async () => {
            const up = await portal.request(`/api/v1/bulletins/${created.id}/attachments`, {
              as: spec.author,
              body: { fileName: 'scan.pdf', contentType: 'application/pdf', size: 1000 },
            });
            expect(up.status).toBe(201);
            attachmentId = up.json.attachmentId;
            return up.json;
          };
          if (spec.attach === 'ready') {
            await uploadTo(await attach(), '%PDF-1.4 scan');
            const done = await portal.request(
              `/api/v1/bulletins/${created.id}/attachments/${attachmentId}/complete`,
              { as: spec.author, method: 'POST' },
            );
            expect(done.status).toBe(200);
          }
          // A draft with a pending attachment does not publish; one attached afterwards stays pending.
          if (spec.attach === 'pending' && spec.fate === 'draft') await attach();
          if (spec.fate !== 'draft') {
            const pub = await portal.request(`/api/v1/bulletins/${created.id}/publish`, {
              as: spec.author,
              method: 'POST',
            });
            expect(pub.status).toBe(200);
          }
          if (spec.attach === 'pending' && spec.fate !== 'draft') await attach();
          if (spec.fate === 'withdrawn') {
            const w = await portal.request(`/api/v1/bulletins/${created.id}/withdraw`, {
              as: spec.author,
              body: { reason: 'Duplicate of an earlier bulletin' },
            });
            expect(w.status).toBe(200);
          }
          const stored = await portal.deps.bulletins.get(created.id);
          made.push({
            id: created.id,
            stored,
            port: spec.port,
            ...(attachmentId ? { attachmentId, ready: spec.attach === 'ready' } : {}),
          });
        }
        const ours = new Set(made.map((m) => m.id));
        const listed = (b: any) => b.status !== 'draft';

        const publicIds = (await allIds(undefined, '/api/v1/public/bulletins')).filter((id) => ours.has(id));
        expect(publicIds.sort()).toEqual(
          made
            .filter((m) => listed(m.stored) && canSee(null, m.stored))
            .map((m) => m.id)
            .sort(),
        );

        for (const email of tlpViewers) {
          const viewer = viewerOf(email);
          const feed = (await allIds(email, '/api/v1/bulletins')).filter((id) => ours.has(id));
          expect(feed.sort()).toEqual(
            made
              .filter((b) => listed(b.stored) && canSee(viewer, b.stored))
              .map((b) => b.id)
              .sort(),
          );
          for (const port of ['BEANR', 'NLRTM']) {
            const byPort = (await allIds(email, `/api/v1/bulletins?port=${port}`)).filter((id) =>
              ours.has(id),
            );
            expect(byPort.sort()).toEqual(
              made
                .filter((b) => b.port === port && listed(b.stored) && canSee(viewer, b.stored))
                .map((b) => b.id)
                .sort(),
            );
          }
          for (const b of made) {
            const visible = canSee(viewer, b.stored);
            const detail = await portal.request(`/api/v1/bulletins/${b.id}`, { as: email });
            expect(detail.status).toBe(visible ? 200 : 404);
            if (!visible) expect(detail.text).not.toContain(b.stored.title);
            if (b.attachmentId) {
              // A pending attachment is shown to the author organisation's contributors alone.
              const finishes =
                viewer.organisationId === b.stored.authorOrganisationId && canContribute(viewer);
              const shown = visible && (b.ready || finishes);
              if (visible) {
                expect(detail.json.attachments.map((a: { id: string }) => a.id)).toEqual(
                  shown ? [b.attachmentId] : [],
                );
              }
              const file = await portal.request(`/api/v1/bulletins/${b.id}/attachments/${b.attachmentId}`, {
                as: email,
              });
              expect(file.status).toBe(!shown ? 404 : b.ready ? 200 : 409);
            }
            const receipts = await portal.request(`/api/v1/bulletins/${b.id}/acknowledgements`, {
              as: email,
            });
            expect(receipts.status).toBe(
              !visible ? 404 : viewer.organisationId === b.stored.authorOrganisationId ? 200 : 403,
            );
            const ack = await portal.request(`/api/v1/bulletins/${b.id}/acknowledgements`, {
              as: email,
              body: { kind: 'read' },
            });
            expect(ack.status).toBe(!visible ? 404 : b.stored.status === 'published' ? 200 : 409);
          }
        }
      }),
      { numRuns: 6 },
    );
  });

  it('binds a cursor to its viewer and filters: another member or list cannot use it', async () => {
    for (let i = 0; i < 4; i++)
      await publish(ben, {
        tlp: 'TLP:GREEN',
        recipients: { organisations: [], members: [] },
        requiresAcknowledgement: false,
        acknowledgeBy: null,
      });
    const page = await portal.request('/api/v1/bulletins?limit=2', { as: ben });
    const cursor = page.json.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expect((await portal.request(`/api/v1/bulletins?limit=2&cursor=${cursor}`, { as: ben })).status).toBe(
      200,
    );
    expectProblem(await portal.request(`/api/v1/bulletins?limit=2&cursor=${cursor}`, { as: bo }), 400);
    expectProblem(await portal.request(`/api/v1/bulletins?limit=2&cursor=${cursor}`, { as: hans }), 400);
    expectProblem(
      await portal.request(`/api/v1/bulletins?limit=2&severity=high&cursor=${cursor}`, { as: ben }),
      400,
    );
    const [, mac] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify({ at: '9999' })).toString('base64url')}.${mac}`;
    const res = await portal.request(`/api/v1/bulletins?cursor=${forged}`, { as: ben });
    expectProblem(res, 400);
    expect(fields(res)).toEqual(['cursor']);
  });
});

describe('who may do what', () => {
  it("lets only the author organisation's contributors edit, publish, revise and withdraw", async () => {
    const created = await draft(ben);
    const path = `/api/v1/bulletins/${created.id}`;
    // A draft is the author organisation's only: others do not even learn it exists.
    expectProblem(await portal.request(path, { as: ruth }), 404);
    expectProblem(
      await portal.request(path, { as: ruth, method: 'PATCH', body: { title: 'Hijacked title' } }),
      404,
    );
    // A reader of the author's organisation has no need to know a draft: it does not exist for him.
    expectProblem(
      await portal.request(path, { as: bo, method: 'PATCH', body: { title: 'Reader edit' } }),
      404,
    );
    expectProblem(await portal.request(`${path}/publish`, { as: bo, method: 'POST' }), 404);
    const edited = await portal.request(path, {
      as: 'ana@antwerp.example',
      method: 'PATCH',
      body: { severity: 'critical' },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ severity: 'critical', revision: 2 });
    expect((await portal.request(`${path}/publish`, { as: ben, method: 'POST' })).status).toBe(200);

    expectProblem(
      await portal.request(`${path}/revisions`, { as: ruth, body: { note: 'Not mine to revise' } }),
      403,
    );
    expectProblem(await portal.request(`${path}/withdraw`, { as: ruth, body: { reason: 'Not mine' } }), 403);
    expectProblem(await portal.request(`${path}/withdraw`, { as: hans, body: { reason: 'Not mine' } }), 404);
    expectProblem(
      await portal.request(path, { as: ben, method: 'PATCH', body: { title: 'Edit after publish' } }),
      409,
    );
    const unchanged = await portal.request(path, { as: ben });
    expect(unchanged.json).toMatchObject({ status: 'published', severity: 'critical', revision: 3 });
  });

  it('lets only recipient organisations acknowledge; any viewer marks read; twice is harmless', async () => {
    const green = await publish(ben, {
      tlp: 'TLP:GREEN',
      recipients: { organisations: ['rotterdam'], members: [] },
    });
    const acks = `/api/v1/bulletins/${green.id}/acknowledgements`;
    expectProblem(await portal.request(acks, { as: hans, body: { kind: 'acknowledge' } }), 403);
    expect((await portal.request(acks, { as: hans, body: { kind: 'read' } })).status).toBe(200);
    expect(await feedItem(hans, green.id)).toMatchObject({ unread: false, needsAcknowledgement: false });
    expect(await feedItem(ruth, green.id)).toMatchObject({ unread: true, needsAcknowledgement: true });

    const first = await trips.during(() => portal.request(acks, { as: ruth, body: { kind: 'acknowledge' } }));
    expect(first.result.status).toBe(200);
    expect(first.commands).toEqual(['BatchGetItem', 'TransactWriteItems']);
    const second = await trips.during(() =>
      portal.request(acks, { as: ruth, body: { kind: 'acknowledge' } }),
    );
    expect(second.result.status).toBe(200);
    expect(second.result.json).toEqual(first.result.json);
    expect(second.commands).toEqual(['BatchGetItem']);
    const acknowledged = (await auditTrailOf('rotterdam')).filter(
      (e) => e.action === 'bulletin.acknowledged' && e.object.id === green.id,
    );
    expect(acknowledged).toHaveLength(1);
    expect(await feedItem(ruth, green.id)).toMatchObject({ unread: false, needsAcknowledgement: false });
  });

  it('asks recipients again after a material revision, and 412s a stale If-Match', async () => {
    const bulletin = await publish(ben);
    const acks = `/api/v1/bulletins/${bulletin.id}/acknowledgements`;
    await portal.request(acks, { as: ruth, body: { kind: 'acknowledge' } });
    const stale = await portal.request(`/api/v1/bulletins/${bulletin.id}/revisions`, {
      as: ben,
      headers: { 'if-match': '"1"' },
      body: { note: 'Also seen in Rotterdam', material: true, changes: { ports: ['BEANR', 'NLRTM'] } },
    });
    expectProblem(stale, 412);
    const revised = await portal.request(`/api/v1/bulletins/${bulletin.id}/revisions`, {
      as: ben,
      headers: { 'if-match': `"${bulletin.revision}"` },
      body: { note: 'Also seen in Rotterdam', material: true, changes: { ports: ['BEANR', 'NLRTM'] } },
    });
    expect(revised.status).toBe(201);
    expect(revised.json).toMatchObject({ acknowledgementRound: 2, ports: ['BEANR', 'NLRTM'] });
    expect(await feedItem(ruth, bulletin.id)).toMatchObject({ needsAcknowledgement: true });
    expect(await allIds(ruth, '/api/v1/bulletins?port=NLRTM')).toContain(bulletin.id);
    const receipts = await portal.request(acks, { as: ben });
    expect(receipts.json.organisations[0]).toMatchObject({
      status: 'pending',
      previouslyAcknowledgedAt: expect.any(String),
    });
    const detail = await portal.request(`/api/v1/bulletins/${bulletin.id}`, { as: ruth });
    expect(detail.json.revisions.map((r: any) => [r.kind, r.material, r.changedFields])).toEqual([
      ['published', false, []],
      ['revised', true, ['ports']],
    ]);
  });

  it('keeps a withdrawn bulletin visible as withdrawn, with its reason, and takes no more receipts', async () => {
    const bulletin = await publish(ben);
    const res = await portal.request(`/api/v1/bulletins/${bulletin.id}/withdraw`, {
      as: ben,
      body: { reason: 'The panels were original; false alarm.' },
    });
    expect(res.status).toBe(200);
    expect(await feedItem(ruth, bulletin.id)).toMatchObject({
      status: 'withdrawn',
      needsAcknowledgement: false,
    });
    const detail = await portal.request(`/api/v1/bulletins/${bulletin.id}`, { as: ruth });
    expect(detail.json).toMatchObject({
      status: 'withdrawn',
      withdrawalReason: 'The panels were original; false alarm.',
    });
    expectProblem(
      await portal.request(`/api/v1/bulletins/${bulletin.id}/acknowledgements`, {
        as: ruth,
        body: { kind: 'acknowledge' },
      }),
      409,
    );
  });
});

describe('Idempotency-Key', () => {
  it('returns the first publish to a retry and writes nothing twice', async () => {
    const created = await draft(ben);
    const path = `/api/v1/bulletins/${created.id}/publish`;
    const headers = { 'idempotency-key': `publish-${created.id}` };
    const first = await trips.during(() => portal.request(path, { as: ben, method: 'POST', headers }));
    expect(first.result.status).toBe(200);
    expect(first.commands.filter((c) => c === 'TransactWriteItems')).toHaveLength(1);
    const retry = await trips.during(() => portal.request(path, { as: ben, method: 'POST', headers }));
    expect(retry.result.status).toBe(200);
    expect(retry.result.json).toEqual(first.result.json);
    expect(retry.commands).not.toContain('TransactWriteItems');
    // Without the key the same publish is a conflict: the key is what makes the retry safe.
    expectProblem(await portal.request(path, { as: ben, method: 'POST' }), 409);
    const published = (await auditTrailOf('antwerp')).filter(
      (e) => e.action === 'bulletin.published' && e.object.id === created.id,
    );
    expect(published).toHaveLength(1);
  });

  it('returns the first acknowledgement to a retry, and refuses the key for another request', async () => {
    const bulletin = await publish(ben);
    const path = `/api/v1/bulletins/${bulletin.id}/acknowledgements`;
    const headers = { 'idempotency-key': `ack-${bulletin.id}` };
    const first = await portal.request(path, { as: ruth, headers, body: { kind: 'acknowledge' } });
    const retry = await trips.during(() =>
      portal.request(path, { as: ruth, headers, body: { kind: 'acknowledge' } }),
    );
    expect(retry.result.json).toEqual(first.json);
    expect(retry.commands).toEqual(['PutItem']);
    const other = await portal.request(path, { as: ruth, headers, body: { kind: 'read' } });
    expectProblem(other, 422);
    expect(fields(other)).toEqual(['Idempotency-Key']);
    expectProblem(
      await portal.request(path, { as: ruth, headers: { 'idempotency-key': 'x' }, body: {} }),
      400,
    );
  });
});

describe('one transaction per write, at most two reads', () => {
  it('publishes in one TransactWriteItems and reads feed, detail and receipts within budget', async () => {
    // Its own table: how many reads a page takes depends on what else the lists hold.
    const own = await createTestPortal({ seed: 'directory' });
    const ownTrips = countRoundTrips(own.dynamo);
    const created = (
      await own.request('/api/v1/bulletins', {
        as: ben,
        body: draftBody({ tlp: 'TLP:GREEN', ports: ['BEANR', 'NLRTM'] }),
      })
    ).json;
    const publishing = await ownTrips.during(() =>
      own.request(`/api/v1/bulletins/${created.id}/publish`, { as: ben, method: 'POST' }),
    );
    expect(publishing.commands).toEqual(['GetItem', 'TransactWriteItems']);
    // Ruth's first request reads her directory record and records her sign-in; later ones do not.
    await own.request('/api/v1/me', { as: ruth });
    const feed = await ownTrips.during(() => own.request('/api/v1/bulletins', { as: ruth }));
    expect(feed.commands).toEqual(['Query', 'Query']);
    const port = await ownTrips.during(() => own.request('/api/v1/bulletins?port=BEANR', { as: ruth }));
    expect(port.commands).toEqual(['Query', 'Query']);
    // A page that shows AMBER titles writes one audit event in the author organisation's trail.
    const amber = (await own.request('/api/v1/bulletins', { as: ben, body: draftBody() })).json;
    await own.request(`/api/v1/bulletins/${amber.id}/publish`, { as: ben, method: 'POST' });
    const restricted = await ownTrips.during(() => own.request('/api/v1/bulletins', { as: ruth }));
    expect(restricted.commands).toEqual(['Query', 'Query', 'PutItem']);
    const detail = await ownTrips.during(() => own.request(`/api/v1/bulletins/${created.id}`, { as: ruth }));
    expect(detail.commands).toEqual(['Query']);
    const receipts = await ownTrips.during(() =>
      own.request(`/api/v1/bulletins/${created.id}/acknowledgements`, { as: ben }),
    );
    expect(receipts.commands).toEqual(['Query']);
    expect(ownTrips.all).not.toContain('Scan');
  });
});

describe('TLP:RED', () => {
  it('reaches named members only and refuses a read whose audit event cannot be written', async () => {
    const red = await publish(ben, {
      tlp: 'TLP:RED',
      recipients: { organisations: ['rotterdam'], members: ['ruth-rotterdam'] },
    });
    const amber = await publish(ben);
    expect(await feedItem(ruth, red.id)).toBeDefined();
    expect(await feedItem(bo, red.id)).toBeUndefined();
    expectProblem(await portal.request(`/api/v1/bulletins/${red.id}`, { as: bo }), 404);

    const store = portal.deps.bulletins;
    const original = store.recordAudit.bind(store);
    store.recordAudit = async () => {
      throw new Error('audit trail unavailable');
    };
    try {
      const refused = await portal.request(`/api/v1/bulletins/${red.id}`, { as: ruth });
      expectProblem(refused, 503);
      expect(refused.text).not.toContain(red.title);
      expect((await portal.request(`/api/v1/bulletins/${amber.id}`, { as: ruth })).status).toBe(200);
    } finally {
      store.recordAudit = original;
    }
    expect((await portal.request(`/api/v1/bulletins/${red.id}`, { as: ruth })).status).toBe(200);
  });
});

describe('bad input: a 4xx problem naming the field, and nothing changes', () => {
  const drafts = async () =>
    (await portal.request('/api/v1/bulletins/drafts?limit=100', { as: ben })).json.items;

  it.each([
    [
      'recipients beyond the cap',
      { recipients: { organisations: Array.from({ length: 51 }, (_, i) => `org-${i}`), members: [] } },
      'recipients.organisations',
    ],
    [
      'an unknown organisation',
      { recipients: { organisations: ['rotterdam', 'atlantis'], members: [] } },
      'recipients.organisations.1',
    ],
    [
      'TLP:RED without named members',
      { tlp: 'TLP:RED', recipients: { organisations: ['rotterdam'], members: [] } },
      'recipients.members',
    ],
    [
      'a RED member outside the recipients',
      { tlp: 'TLP:RED', recipients: { organisations: ['rotterdam'], members: ['hans-hamburg'] } },
      'recipients.members.0',
    ],
    ['acknowledgeBy in the past', { acknowledgeBy: '2020-01-01T00:00:00Z' }, 'acknowledgeBy'],
    ['an unknown field', { priority: 'urgent' }, 'priority'],
    ['a wrong type', { severity: 5 }, 'severity'],
    ['an unknown category', { categories: ['smuggling'] }, 'categories.0'],
    ['a malformed port', { ports: ['Antwerp'] }, 'ports.0'],
    ['a wrong TLP spelling', { tlp: 'AMBER' }, 'tlp'],
  ])('refuses %s', async (_what, overrides, field) => {
    const before = await drafts();
    const res = await portal.request('/api/v1/bulletins', { as: ben, body: draftBody(overrides) });
    expectProblem(res, 400);
    expect(fields(res)).toContain(field);
    expect(await drafts()).toEqual(before);
  });

  it('refuses malformed JSON, oversize bodies, foreign ids and bad queries', async () => {
    const before = await drafts();
    expectProblem(
      await portal.request('/api/v1/bulletins', {
        as: ben,
        rawBody: '{"title":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    expectProblem(
      await portal.request('/api/v1/bulletins', {
        as: ben,
        body: draftBody({ body: 'x'.repeat(300 * 1024) }),
      }),
      413,
    );
    const long = await portal.request('/api/v1/bulletins', {
      as: ben,
      body: draftBody({ body: 'x'.repeat(20_001) }),
    });
    expect(fields(long)).toEqual(['body']);
    expectProblem(await portal.request('/api/v1/bulletins/not-a-uuid', { as: ben }), 400);
    expectProblem(await portal.request(`/api/v1/bulletins/${crypto.randomUUID()}`, { as: ben }), 404);
    const query = await portal.request('/api/v1/bulletins?severity=apocalyptic&port=antwerp', { as: ben });
    expect(fields(query).sort()).toEqual(['port', 'severity']);
    expect(await drafts()).toEqual(before);
  });

  it('refuses a bad PATCH, revision and withdrawal by field and leaves the bulletin as it was', async () => {
    const created = await draft(ben);
    const path = `/api/v1/bulletins/${created.id}`;
    const patch = await portal.request(path, { as: ben, method: 'PATCH', body: { tlp: 'TLP:RED' } });
    expect(fields(patch)).toContain('recipients.members');
    const unknown = await portal.request(path, { as: ben, method: 'PATCH', body: { status: 'published' } });
    expect(fields(unknown)).toEqual(['status']);
    await portal.request(`${path}/publish`, { as: ben, method: 'POST' });
    const revision = await portal.request(`${path}/revisions`, {
      as: ben,
      body: { note: 'x', changes: { tlp: 'TLP:CLEAR' } },
    });
    expect(fields(revision).sort()).toEqual(['changes.tlp', 'note']);
    const withdrawal = await portal.request(`${path}/withdraw`, { as: ben, body: {} });
    expect(fields(withdrawal)).toEqual(['reason']);
    const after = await portal.request(path, { as: ben });
    expect(after.json).toMatchObject({ status: 'published', tlp: 'TLP:AMBER', revision: 2 });
  });
});

describe('attachments', () => {
  it('presigns a POST pinned to a server-chosen key, the content type and size; uploads; downloads only for viewers', async () => {
    const created = await draft(ben);
    const badType = await portal.request(`/api/v1/bulletins/${created.id}/attachments`, {
      as: ben,
      body: { fileName: 'tool.exe', contentType: 'application/x-msdownload', size: 100 },
    });
    expect(fields(badType)).toEqual(['contentType']);
    const tooBig = await portal.request(`/api/v1/bulletins/${created.id}/attachments`, {
      as: ben,
      body: { fileName: 'huge.pdf', contentType: 'application/pdf', size: 21 * 1024 * 1024 },
    });
    expect(fields(tooBig)).toEqual(['size']);
    expectProblem(
      await portal.request(`/api/v1/bulletins/${created.id}/attachments`, {
        as: bo,
        body: { fileName: 'a.pdf', contentType: 'application/pdf', size: 10 },
      }),
      404,
    );

    const content = 'Seal numbers: 1234, 5678\n';
    const upload = await portal.request(`/api/v1/bulletins/${created.id}/attachments`, {
      as: ben,
      body: { fileName: 'seals.txt', contentType: 'text/plain', size: content.length },
    });
    expect(upload.status).toBe(201);
    const { url, fields: form, attachmentId } = upload.json;
    expect(form.key).toBe(`bulletins/${created.id}/${attachmentId}`);
    const policy = JSON.parse(Buffer.from(form.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, content.length],
        ['eq', '$Content-Type', 'text/plain'],
        { key: `bulletins/${created.id}/${attachmentId}` },
      ]),
    );
    expect(Date.parse(policy.expiration)).toBeGreaterThan(Date.now());

    const body = new FormData();
    for (const [k, v] of Object.entries(form as Record<string, string>)) body.append(k, v);
    body.append('file', new Blob([content], { type: 'text/plain' }), 'seals.txt');
    const stored = await fetch(url, { method: 'POST', body });
    expect(stored.status).toBeLessThan(300);
    const done = await portal.request(
      `/api/v1/bulletins/${created.id}/attachments/${attachmentId}/complete`,
      {
        as: ben,
        method: 'POST',
      },
    );
    expect(done.status).toBe(200);

    const published = await portal.request(`/api/v1/bulletins/${created.id}/publish`, {
      as: ben,
      method: 'POST',
    });
    expect(published.status).toBe(200);
    const download = await portal.request(`/api/v1/bulletins/${created.id}/attachments/${attachmentId}`, {
      as: ruth,
    });
    expect(download.status).toBe(200);
    const file = await fetch(download.json.url);
    expect(await file.text()).toBe(content);
    expect(file.headers.get('content-disposition')).toContain('seals.txt');
    expectProblem(
      await portal.request(`/api/v1/bulletins/${created.id}/attachments/${attachmentId}`, { as: hans }),
      404,
    );
    expectProblem(
      await portal.request(`/api/v1/bulletins/${created.id}/attachments/${crypto.randomUUID()}`, {
        as: ruth,
      }),
      404,
    );
  });
});

describe('public feed', () => {
  it('lists TLP:CLEAR only, without sign-in, as JSON and Atom', async () => {
    const clear = await publish(ben, {
      tlp: 'TLP:CLEAR',
      title: 'Public <advice> & warning',
      recipients: { organisations: [], members: [] },
      requiresAcknowledgement: false,
      acknowledgeBy: null,
    });
    const green = await publish(ben, {
      tlp: 'TLP:GREEN',
      recipients: { organisations: [], members: [] },
      requiresAcknowledgement: false,
      acknowledgeBy: null,
    });
    const res = await portal.request('/api/v1/public/bulletins?limit=100');
    expect(res.status).toBe(200);
    const ids = res.json.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(clear.id);
    expect(ids).not.toContain(green.id);
    expect(res.json.items.every((i: { tlp: string }) => i.tlp === 'TLP:CLEAR')).toBe(true);
    expect(res.json.items[0]).not.toHaveProperty('recipients');
    const atom = await portal.request('/api/v1/public/bulletins.atom');
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    expect(atom.text).toContain(`urn:uuid:${clear.id}`);
    expect(atom.text).toContain('Public &lt;advice&gt; &amp; warning');
    expect(atom.text).not.toContain(green.id);
  });
});

describe('feed filters', () => {
  it('filters by category, severity and port, keeping the viewer’s read marks', async () => {
    const green = await publish(ben, {
      tlp: 'TLP:GREEN',
      severity: 'low',
      categories: ['document-fraud'],
      ports: ['PLGDN'],
      recipients: { organisations: [], members: [] },
      requiresAcknowledgement: false,
      acknowledgeBy: null,
    });
    await portal.request(`/api/v1/bulletins/${green.id}/acknowledgements`, {
      as: hans,
      body: { kind: 'read' },
    });
    const byCategory = await portal.request('/api/v1/bulletins?category=document-fraud&limit=100', {
      as: hans,
    });
    expect(byCategory.json.items.every((i: any) => i.categories.includes('document-fraud'))).toBe(true);
    expect(byCategory.json.items.find((i: any) => i.id === green.id)).toMatchObject({ unread: false });
    const both = await allIds(hans, '/api/v1/bulletins?category=document-fraud&severity=low');
    expect(both).toContain(green.id);
    expect(await allIds(hans, '/api/v1/bulletins?category=document-fraud&severity=critical')).not.toContain(
      green.id,
    );
    const port = await portal.request('/api/v1/bulletins?port=PLGDN', { as: hans });
    expect(port.json.items.map((i: any) => [i.id, i.unread])).toEqual([[green.id, false]]);
    expect((await portal.request('/api/v1/bulletins?port=PLGDN', { as: ruth })).json.items[0]).toMatchObject({
      unread: true,
    });
  });
});
