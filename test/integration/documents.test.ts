import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemoAlliance } from '../../functions/local/seed';
import { localS3Client } from '../../functions/local/wiring';
import { canSee, keys } from '../../shared';
import { auditTrail, partitionItems } from '../support/audit-trail';
import { inDays } from '../support/clock';
import {
  createTestPortal,
  expectProblem,
  problemFields as fields,
  type TestPortal,
  testFilesBucket,
} from '../support/portal';
import { countRoundTrips } from '../support/round-trips';
import { listIds, pdf, documentBody as sharedDocumentBody, uploadTo } from '../support/shared-items';
import { addressedItem, tlpViewers, viewerOf } from '../support/tlp-arbitraries';

const ruth = 'ruth@rotterdam.example';
const alba = 'alba@algeciras.example';
const hans = 'hans@hamburg.example';
const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal();
});

const sha256 = (content: string) => createHash('sha256').update(content).digest('hex');

/** Documents here ask for acknowledgement within two weeks unless a test says otherwise. */
const documentBody = (content: string, overrides: Record<string, unknown> = {}) =>
  sharedDocumentBody(content, {
    tags: ['release-pins', 'it-security'],
    areas: ['cargo_release', 'it_security'],
    requiresAcknowledgement: true,
    acknowledgeBy: inDays(14, portal.time.start),
    ...overrides,
  });

/** Publishes a document with its first file: create, upload, complete. */
async function publish(as: string, overrides: Record<string, unknown> = {}, content = pdf('first version')) {
  const created = await portal.request('/api/v1/documents', { as, body: documentBody(content, overrides) });
  expect(created.status).toBe(201);
  const file = (overrides.file as { contentType?: string } | undefined)?.contentType ?? 'application/pdf';
  await uploadTo(created.json.upload, content, file);
  const done = await portal.request(`/api/v1/documents/${created.json.document.id}/versions/1/complete`, {
    as,
    method: 'POST',
  });
  expect(done.status).toBe(200);
  return done.json;
}

/** Adds and completes a new version. */
async function newVersion(
  as: string,
  id: string,
  content: string,
  material: boolean,
  note = 'Updated guidance',
) {
  const started = await portal.request(`/api/v1/documents/${id}/versions`, {
    as,
    body: {
      changeNote: note,
      material,
      file: { fileName: 'release-pins-v2.pdf', contentType: 'application/pdf', size: content.length },
    },
  });
  expect(started.status).toBe(201);
  await uploadTo(started.json, content, 'application/pdf');
  const done = await portal.request(`/api/v1/documents/${id}/versions/${started.json.version}/complete`, {
    as,
    method: 'POST',
  });
  expect(done.status).toBe(200);
  return done.json;
}

/** Every id of a list, following nextCursor to the end with small pages. */
const allIds = (as: string, path: string) => listIds(portal, as, path);

const libraryItem = async (as: string, id: string, query = '') => {
  const res = await portal.request(`/api/v1/documents?limit=100${query}`, { as });
  expect(res.status).toBe(200);
  return res.json.items.find((i: { id: string }) => i.id === id);
};

const auditTrailOf = (organisationId: string) => auditTrail(portal, organisationId, portal.time.month);

/** Every item of a document's partition: proves "nothing changed" after a refused request. */
const partition = (id: string) => partitionItems(portal, keys.documentPartition(id));

describe('publishing, finding, downloading and attesting a document', () => {
  it('takes a guide from upload to attestation, and asks again after a material version', async () => {
    const content = pdf('Retire container-release PINs');
    const created = await portal.request('/api/v1/documents', { as: ruth, body: documentBody(content) });
    expect(created.status).toBe(201);
    const { document, upload } = created.json;
    expect(document).toMatchObject({
      status: 'draft',
      currentVersion: 0,
      authorOrganisationKind: 'port_authority',
    });

    // The policy pins the server-chosen key under the document's prefix, the type and the size.
    expect(upload.fields.key).toMatch(new RegExp(`^documents/${document.id}/v1/[0-9a-f-]{36}$`));
    const policy = JSON.parse(Buffer.from(upload.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, content.length],
        ['eq', '$Content-Type', 'application/pdf'],
        { key: upload.fields.key },
      ]),
    );
    expect(Date.parse(policy.expiration)).toBeGreaterThan(Date.now());

    // Until the upload is complete, the document is the publisher's only.
    expectProblem(await portal.request(`/api/v1/documents/${document.id}`, { as: alba }), 404);
    expect(await libraryItem(alba, document.id)).toBeUndefined();

    await uploadTo(upload, content, 'application/pdf');
    const done = await portal.request(`/api/v1/documents/${document.id}/versions/1/complete`, {
      as: ruth,
      method: 'POST',
    });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ status: 'published', currentVersion: 1 });
    expect(done.json.currentFile.sha256).toBe(sha256(content));

    // Alba finds it by tag, with the request to acknowledge.
    const found = await libraryItem(alba, document.id, '&tag=release-pins');
    expect(found).toMatchObject({ needsAcknowledgement: true, currentVersion: 1, tlp: 'TLP:GREEN' });
    const detail = await portal.request(`/api/v1/documents/${document.id}`, { as: alba });
    expect(detail.json.versions).toEqual([
      expect.objectContaining({ version: 1, sha256: sha256(content), superseded: false }),
    ]);
    expect(detail.json.viewer).toMatchObject({
      recipient: true,
      needsAcknowledgement: true,
      mayAcknowledge: true,
    });

    const link = await portal.request(`/api/v1/documents/${document.id}/versions/1/download`, { as: alba });
    expect(link.status).toBe(200);
    expect(link.json).toMatchObject({ superseded: false, version: 1, sha256: sha256(content) });
    expect(link.headers.get('x-superseded')).toBe('false');
    const file = await fetch(link.json.url);
    expect(await file.text()).toBe(content);
    expect(file.headers.get('content-disposition')).toContain('release-pins.pdf');

    const attested = await portal.request(`/api/v1/documents/${document.id}/acknowledgements`, {
      as: alba,
      body: {},
    });
    expect(attested.status).toBe(200);
    expect(attested.json).toMatchObject({
      organisationId: 'algeciras',
      memberId: 'alba-algeciras',
      version: 1,
      sha256: sha256(content),
      round: 1,
    });
    expect(await libraryItem(alba, document.id)).toMatchObject({ needsAcknowledgement: false });
    const receipts = await portal.request(`/api/v1/documents/${document.id}/acknowledgements`, { as: ruth });
    expect(receipts.json).toMatchObject({ acknowledged: 1, pending: 0, overdue: 0, round: 1 });
    expect(receipts.json.attestations).toEqual([
      expect.objectContaining({ version: 1, sha256: sha256(content) }),
    ]);

    // A material version 2: version 1 stays downloadable, marked superseded; Alba is asked again.
    const second = pdf('Retire PINs, now with the new port community system');
    const v2 = await newVersion(ruth, document.id, second, true);
    expect(v2).toMatchObject({ currentVersion: 2, acknowledgementRound: 2 });
    expect(await libraryItem(alba, document.id)).toMatchObject({
      needsAcknowledgement: true,
      currentVersion: 2,
    });
    const old = await portal.request(`/api/v1/documents/${document.id}/versions/1/download`, { as: alba });
    expect(old.json).toMatchObject({ superseded: true, currentVersion: 2 });
    expect(old.headers.get('x-superseded')).toBe('true');
    expect(await (await fetch(old.json.url)).text()).toBe(content);
    const current = await portal.request(`/api/v1/documents/${document.id}/download`, { as: alba });
    expect(current.json).toMatchObject({ superseded: false, version: 2, sha256: sha256(second) });
    const versions = await portal.request(`/api/v1/documents/${document.id}/versions`, { as: alba });
    expect(versions.json.items.map((v: any) => [v.version, v.superseded, v.material])).toEqual([
      [2, false, true],
      [1, true, false],
    ]);
    const asked = await portal.request(`/api/v1/documents/${document.id}/acknowledgements`, { as: ruth });
    expect(asked.json).toMatchObject({ acknowledged: 0, pending: 1, round: 2 });
    expect(asked.json.organisations[0].previouslyAcknowledgedAt).toEqual(expect.any(String));

    // Attesting a superseded version is refused; the current one is recorded with its own hash.
    expectProblem(
      await portal.request(`/api/v1/documents/${document.id}/acknowledgements`, {
        as: alba,
        body: { version: 1 },
      }),
      409,
    );
    const again = await portal.request(`/api/v1/documents/${document.id}/acknowledgements`, {
      as: alba,
      body: { version: 2 },
    });
    expect(again.json).toMatchObject({ version: 2, sha256: sha256(second), round: 2 });

    // A non-material version 3 does not ask again.
    await newVersion(ruth, document.id, pdf('typo fixed'), false, 'Typo fixed');
    expect(await libraryItem(alba, document.id)).toMatchObject({
      needsAcknowledgement: false,
      currentVersion: 3,
    });
  });

  it('computes the stored hash from the bytes in S3, and acknowledging twice changes nothing', async () => {
    const content = pdf('hash me');
    const doc = await publish(ruth, {}, content);
    expect(doc.currentFile.sha256).toBe(sha256(content));
    const first = await portal.request(`/api/v1/documents/${doc.id}/acknowledgements`, {
      as: alba,
      body: {},
    });
    const before = await partition(doc.id);
    const second = await portal.request(`/api/v1/documents/${doc.id}/acknowledgements`, {
      as: alba,
      body: {},
    });
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(await partition(doc.id)).toEqual(before);
  });

  it('lists newest versions first and filters by area, organisation, kind of publisher and title', async () => {
    const word = `w${Date.now().toString(36)}`;
    const a = await publish(ruth, {
      title: `Scanner deployment plan ${word}`,
      areas: ['container_scanning'],
    });
    const b = await publish(ben, {
      title: `Vetting procedure ${word}`,
      areas: ['personnel_vetting'],
      recipients: { organisations: [], members: [] },
      requiresAcknowledgement: false,
      acknowledgeBy: null,
    });
    const c = await publish('sam@northsea-line.example', {
      title: `Seal checks on board ${word}`,
      areas: ['seal_integrity'],
      recipients: { organisations: [], members: [] },
      requiresAcknowledgement: false,
      acknowledgeBy: null,
    });
    const ids = async (query: string) =>
      (await allIds(hans, `/api/v1/documents?q=${encodeURIComponent(word.toUpperCase())}${query}`)).filter(
        (id) => [a.id, b.id, c.id].includes(id),
      );
    expect(await ids('')).toEqual([c.id, b.id, a.id]);
    await newVersion(ruth, a.id, pdf('a v2'), false);
    expect(await ids('')).toEqual([a.id, c.id, b.id]);
    expect(await ids('&area=personnel_vetting')).toEqual([b.id]);
    expect(await ids('&organisation=rotterdam')).toEqual([a.id]);
    expect(await ids('&kind=shipping_company')).toEqual([c.id]);
    expect(await ids('&kind=port_authority&area=seal_integrity')).toEqual([]);
    expect(await ids('&tag=release-pins&organisation=antwerp')).toEqual([b.id]);
  });
});

describe('TLP: every read path agrees with canSee (property-based)', () => {
  const documentArb = addressedItem({
    fate: fc.constantFrom('draft', 'published', 'published', 'versioned'),
    tag: fc.constantFrom('prop-a', 'prop-b'),
  });

  it('library pages, tag search, detail, versions, downloads, attestations and receipts show exactly what canSee allows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(documentArb, { minLength: 2, maxLength: 4 }), async (specs) => {
        const made: { id: string; stored: any; tag: string }[] = [];
        for (const spec of specs) {
          const content = pdf(`property ${spec.tlp}`);
          const overrides = {
            tlp: spec.tlp,
            tags: [spec.tag],
            recipients: { organisations: spec.orgs, members: spec.members },
            requiresAcknowledgement: false,
            acknowledgeBy: null,
          };
          let id: string;
          if (spec.fate === 'draft') {
            const created = await portal.request('/api/v1/documents', {
              as: spec.author,
              body: documentBody(content, overrides),
            });
            expect(created.status).toBe(201);
            id = created.json.document.id;
          } else {
            id = (await publish(spec.author, overrides, content)).id;
            if (spec.fate === 'versioned') await newVersion(spec.author, id, pdf('second'), true);
          }
          made.push({ id, stored: await portal.deps.documents.get(id), tag: spec.tag });
        }
        const ours = new Set(made.map((m) => m.id));
        const listed = (d: any) => d.status === 'published';
        for (const email of tlpViewers) {
          const viewer = viewerOf(email);
          const expected = (filter: (d: (typeof made)[number]) => boolean) =>
            made
              .filter((d) => filter(d) && listed(d.stored) && canSee(viewer, d.stored))
              .map((d) => d.id)
              .sort();
          const library = (await allIds(email, '/api/v1/documents')).filter((id) => ours.has(id));
          expect(library.sort()).toEqual(expected(() => true));
          for (const tag of ['prop-a', 'prop-b']) {
            const tagged = (await allIds(email, `/api/v1/documents?tag=${tag}`)).filter((id) => ours.has(id));
            expect(tagged.sort()).toEqual(expected((d) => d.tag === tag));
          }
          for (const d of made) {
            const visible = canSee(viewer, d.stored);
            const detail = await portal.request(`/api/v1/documents/${d.id}`, { as: email });
            expect(detail.status).toBe(visible ? 200 : 404);
            if (!visible) expect(detail.text).not.toContain(d.stored.title);
            const versions = await portal.request(`/api/v1/documents/${d.id}/versions`, { as: email });
            expect(versions.status).toBe(visible ? 200 : 404);
            const file = await portal.request(`/api/v1/documents/${d.id}/versions/1/download`, { as: email });
            expect(file.status).toBe(!visible || !listed(d.stored) ? 404 : 200);
            const receipts = await portal.request(`/api/v1/documents/${d.id}/acknowledgements`, {
              as: email,
            });
            expect(receipts.status).toBe(
              !visible ? 404 : viewer.organisationId === d.stored.authorOrganisationId ? 200 : 403,
            );
            const attest = await portal.request(`/api/v1/documents/${d.id}/acknowledgements`, {
              as: email,
              body: {},
            });
            const recipient = d.stored.recipients.organisations.includes(viewer.organisationId);
            expect(attest.status).toBe(
              !visible ? 404 : !listed(d.stored) ? 409 : !recipient || viewer.role === 'reader' ? 403 : 200,
            );
          }
        }
      }),
      { numRuns: 5 },
    );
  });

  it('binds a cursor to its viewer and filters: another member, list or a forged one is refused', async () => {
    for (let i = 0; i < 4; i++) {
      await publish(ben, {
        tags: ['cursor-test'],
        recipients: { organisations: [], members: [] },
        requiresAcknowledgement: false,
        acknowledgeBy: null,
      });
    }
    const page = await portal.request('/api/v1/documents?limit=2', { as: ben });
    const cursor = page.json.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expect((await portal.request(`/api/v1/documents?limit=2&cursor=${cursor}`, { as: ben })).status).toBe(
      200,
    );
    expectProblem(await portal.request(`/api/v1/documents?limit=2&cursor=${cursor}`, { as: bo }), 400);
    expectProblem(
      await portal.request(`/api/v1/documents?limit=2&tag=cursor-test&cursor=${cursor}`, { as: ben }),
      400,
    );
    const [, mac] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify({ at: '9999' })).toString('base64url')}.${mac}`;
    const res = await portal.request(`/api/v1/documents?cursor=${forged}`, { as: ben });
    expectProblem(res, 400);
    expect(fields(res)).toEqual(['cursor']);
  });
});

describe('who may do what', () => {
  it('lets contributors publish, the publisher add versions, recipients’ contributors attest', async () => {
    const content = pdf('rules');
    expectProblem(await portal.request('/api/v1/documents', { as: bo, body: documentBody(content) }), 403);
    const doc = await publish(ruth, {
      tlp: 'TLP:AMBER',
      recipients: { organisations: ['algeciras', 'antwerp'], members: [] },
    });
    const version = {
      changeNote: 'Hijacked version',
      material: true,
      file: { fileName: 'x.pdf', contentType: 'application/pdf', size: 10 },
    };
    const before = await partition(doc.id);
    // Antwerp sees the AMBER document but did not publish it; Hamburg does not even see it.
    expectProblem(
      await portal.request(`/api/v1/documents/${doc.id}/versions`, { as: ben, body: version }),
      403,
    );
    expectProblem(
      await portal.request(`/api/v1/documents/${doc.id}/versions`, { as: hans, body: version }),
      404,
    );
    expectProblem(
      await portal.request(`/api/v1/documents/${doc.id}/versions/1/complete`, { as: ben, method: 'POST' }),
      403,
    );
    // A reader of a recipient organisation cannot attest for it; a non-recipient cannot attest.
    expectProblem(
      await portal.request(`/api/v1/documents/${doc.id}/acknowledgements`, { as: bo, body: {} }),
      403,
    );
    const green = await publish(ruth);
    expectProblem(
      await portal.request(`/api/v1/documents/${green.id}/acknowledgements`, { as: hans, body: {} }),
      403,
    );
    // Receipts are the publisher's; a recipient learns nothing of the others.
    expectProblem(await portal.request(`/api/v1/documents/${doc.id}/acknowledgements`, { as: alba }), 403);
    expect(await partition(doc.id)).toEqual(before);
  });
});

describe('downloads of restricted material are audited', () => {
  it('writes an audit event for AMBER and RED downloads, none for GREEN; refuses a RED download it cannot audit', async () => {
    const amber = await publish(ruth, {
      tlp: 'TLP:AMBER',
      recipients: { organisations: ['algeciras'], members: [] },
    });
    const red = await publish(ruth, {
      tlp: 'TLP:RED',
      recipients: { organisations: ['algeciras'], members: ['alba-algeciras'] },
      requiresAcknowledgement: false,
      acknowledgeBy: null,
    });
    const green = await publish(ruth);
    const downloads = async () =>
      (await auditTrailOf('rotterdam')).filter((e) => e.action === 'document.downloaded');
    const before = (await downloads()).length;
    for (const d of [amber, red, green]) {
      expect(
        (await portal.request(`/api/v1/documents/${d.id}/versions/1/download`, { as: alba })).status,
      ).toBe(200);
    }
    const events = (await downloads()).slice(before);
    expect(events.map((e) => e.object.id).sort()).toEqual([amber.id, red.id].sort());
    expect(events.find((e) => e.object.id === red.id)).toMatchObject({
      actor: { memberId: 'alba-algeciras', organisationId: 'algeciras' },
      details: { tlp: 'TLP:RED', version: 1, sha256: red.currentFile.sha256 },
    });

    const store = portal.deps.documents;
    const original = store.recordAudit.bind(store);
    store.recordAudit = async () => {
      throw new Error('audit trail unavailable');
    };
    try {
      const refused = await portal.request(`/api/v1/documents/${red.id}/versions/1/download`, { as: alba });
      expectProblem(refused, 503);
      expect(refused.json.url).toBeUndefined();
      expect(refused.text).not.toContain('X-Amz-Signature');
      expect((await portal.request(`/api/v1/documents/${amber.id}/download`, { as: alba })).status).toBe(200);
    } finally {
      store.recordAudit = original;
    }
  });
});

describe('bad input: a 4xx problem, and nothing changes', () => {
  const library = async () => (await portal.request('/api/v1/documents?limit=100', { as: ruth })).json.items;

  it.each([
    [
      'an unknown content type',
      { file: { fileName: 'tool.exe', contentType: 'application/x-msdownload', size: 10 } },
      'file.contentType',
    ],
    [
      'a file over the size limit',
      { file: { fileName: 'huge.pdf', contentType: 'application/pdf', size: 21 * 1024 * 1024 } },
      'file.size',
    ],
    [
      'a file name with a path',
      { file: { fileName: '../other/key.pdf', contentType: 'application/pdf', size: 10 } },
      'file.fileName',
    ],
    ['an unknown field', { key: 'documents/someone-else/v1/x' }, 'key'],
    ['a wrong type', { tags: 'release-pins' }, 'tags'],
    ['a malformed tag', { tags: ['no spaces please'] }, 'tags.0'],
    ['an unknown control area', { areas: ['smuggling'] }, 'areas.0'],
    [
      'an unknown organisation',
      { recipients: { organisations: ['atlantis'], members: [] } },
      'recipients.organisations.0',
    ],
    ['TLP:RED without named members', { tlp: 'TLP:RED' }, 'recipients.members'],
    ['acknowledgeBy in the past', { acknowledgeBy: '2020-01-01T00:00:00Z' }, 'acknowledgeBy'],
  ])('refuses %s', async (_what, overrides, field) => {
    const before = await library();
    const res = await portal.request('/api/v1/documents', {
      as: ruth,
      body: documentBody('x'.repeat(10), overrides),
    });
    expectProblem(res, 400);
    expect(fields(res)).toContain(field);
    expect(await library()).toEqual(before);
  });

  it('refuses to complete a version whose file is missing or not what was declared', async () => {
    const content = pdf('declared');
    const created = await portal.request('/api/v1/documents', { as: ruth, body: documentBody(content) });
    const id = created.json.document.id;
    const complete = () =>
      portal.request(`/api/v1/documents/${id}/versions/1/complete`, { as: ruth, method: 'POST' });
    const before = await partition(id);
    expectProblem(await complete(), 409);
    // A shorter file fits the policy's range but is not the file declared.
    await uploadTo(created.json.upload, content.slice(0, 5), 'application/pdf');
    expectProblem(await complete(), 409);
    expect(await partition(id)).toEqual(before);
    expectProblem(
      await portal.request(`/api/v1/documents/${id}/versions/2/complete`, { as: ruth, method: 'POST' }),
      404,
    );
    await uploadTo(created.json.upload, content, 'application/pdf');
    expect((await complete()).status).toBe(200);
  });

  it('refuses versions that do not exist, malformed ids, forged ids and bad queries', async () => {
    const doc = await publish(ruth);
    const before = await partition(doc.id);
    expectProblem(await portal.request(`/api/v1/documents/${doc.id}/versions/7/download`, { as: alba }), 404);
    expectProblem(await portal.request(`/api/v1/documents/${doc.id}/versions/0/download`, { as: alba }), 400);
    expectProblem(
      await portal.request(`/api/v1/documents/${doc.id}/versions/seven/download`, { as: alba }),
      400,
    );
    const future = await portal.request(`/api/v1/documents/${doc.id}/acknowledgements`, {
      as: alba,
      body: { version: 9 },
    });
    expectProblem(future, 400);
    expect(fields(future)).toEqual(['version']);
    const unknown = await portal.request(`/api/v1/documents/${doc.id}/acknowledgements`, {
      as: alba,
      body: { sha256: 'x' },
    });
    expect(fields(unknown)).toEqual(['sha256']);
    expectProblem(await portal.request('/api/v1/documents/not-a-uuid', { as: alba }), 400);
    expectProblem(await portal.request(`/api/v1/documents/${crypto.randomUUID()}`, { as: alba }), 404);
    expectProblem(
      await portal.request(`/api/v1/documents/${crypto.randomUUID()}/versions/1/download`, { as: alba }),
      404,
    );
    const query = await portal.request('/api/v1/documents?area=smuggling&kind=pirates&tag=a%20b', {
      as: alba,
    });
    expect(fields(query).sort()).toEqual(['area', 'kind', 'tag']);
    const badVersion = await portal.request(`/api/v1/documents/${doc.id}/versions`, {
      as: ruth,
      body: {
        changeNote: 'x',
        material: 'yes',
        file: { fileName: 'a.pdf', contentType: 'text/html', size: 1 },
      },
    });
    expect(fields(badVersion).sort()).toEqual(['changeNote', 'file.contentType', 'material']);
    expectProblem(
      await portal.request('/api/v1/documents', {
        as: ruth,
        rawBody: '{"title":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    expect(await partition(doc.id)).toEqual(before);
  });
});

describe('round trips (docs/data-model.md): reads ≤ 2, each write one transaction', () => {
  it('reads a library page in two queries and publishes in one transaction', async () => {
    // Its own table: how many reads a page takes depends on what else the lists hold.
    const portal = await createTestPortal({ seed: 'directory' });
    const trips = countRoundTrips(portal.dynamo);
    const content = pdf('round trips');
    const created = await portal.request('/api/v1/documents', { as: ruth, body: documentBody(content) });
    await uploadTo(created.json.upload, content, 'application/pdf');
    const id = created.json.document.id;
    const publishing = await trips.during(() =>
      portal.request(`/api/v1/documents/${id}/versions/1/complete`, { as: ruth, method: 'POST' }),
    );
    expect(publishing.commands).toEqual(['BatchGetItem', 'TransactWriteItems']);
    // Alba's first request reads her directory record and records her sign-in; later ones do not.
    await portal.request('/api/v1/me', { as: alba });
    expect((await trips.during(() => portal.request('/api/v1/documents', { as: alba }))).commands).toEqual([
      'Query',
      'Query',
    ]);
    expect(
      (await trips.during(() => portal.request('/api/v1/documents?tag=release-pins', { as: alba }))).commands,
    ).toEqual(['Query', 'BatchGetItem']);
    expect(
      (await trips.during(() => portal.request(`/api/v1/documents/${id}`, { as: alba }))).commands,
    ).toEqual(['Query']);
    expect(
      (await trips.during(() => portal.request(`/api/v1/documents/${id}/versions/1/download`, { as: alba })))
        .commands,
    ).toEqual(['BatchGetItem']);
    expect(
      (
        await trips.during(() =>
          portal.request(`/api/v1/documents/${id}/acknowledgements`, { as: alba, body: {} }),
        )
      ).commands,
    ).toEqual(['GetItem', 'TransactWriteItems']);
    expect(trips.all).not.toContain('Scan');
  });
});

describe('demo documents', () => {
  it('seeds documents of several organisations whose real files download with their stored hash', async () => {
    const home = await createTestPortal({ seed: false });
    await seedDemoAlliance(home.db, home.tableName, home.time.start, {
      s3: localS3Client(inject('s3Endpoint')),
      bucket: testFilesBucket,
    });
    const library = await home.request('/api/v1/documents', { as: ruth });
    expect(new Set(library.json.items.map((i: any) => i.authorOrganisationId))).toEqual(
      new Set(['rotterdam', 'antwerp', 'northsea-line', 'commission']),
    );
    const pins = library.json.items.find((i: any) => i.tags.includes('release-pins'));
    expect(pins).toMatchObject({ currentVersion: 2, tlp: 'TLP:GREEN' });
    for (const item of library.json.items) {
      const link = await home.request(`/api/v1/documents/${item.id}/download`, { as: ruth });
      const bytes = Buffer.from(await (await fetch(link.json.url)).arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(item.currentFile.sha256);
    }
    // Marseille sees the three community documents, not Antwerp's AMBER plan.
    expect(
      (await home.request('/api/v1/documents', { as: 'marc@marseille.example' })).json.items,
    ).toHaveLength(3);
  });
});

describe('OpenAPI', () => {
  it('documents every document route from the zod schemas', async () => {
    const doc = (await portal.request('/api/v1/openapi.json')).json;
    expect(
      Object.keys(doc.paths)
        .filter((p) => p.startsWith('/api/v1/documents'))
        .sort(),
    ).toEqual([
      '/api/v1/documents',
      '/api/v1/documents/drafts',
      '/api/v1/documents/{id}',
      '/api/v1/documents/{id}/acknowledgements',
      '/api/v1/documents/{id}/download',
      '/api/v1/documents/{id}/versions',
      '/api/v1/documents/{id}/versions/{version}',
      '/api/v1/documents/{id}/versions/{version}/complete',
      '/api/v1/documents/{id}/versions/{version}/download',
      '/api/v1/documents/{id}/versions/{version}/upload',
    ]);
    expect(doc.paths['/api/v1/documents'].post.requestBody.content['application/json'].schema).toBeDefined();
  });
});

describe('Idempotency-Key', () => {
  it('returns the first document to a retried publish and records it once', async () => {
    const content = pdf('retried');
    const body = documentBody(content, { title: `Retried publish ${Date.now()}` });
    const headers = { 'idempotency-key': `doc-${crypto.randomUUID()}` };
    const first = await portal.request('/api/v1/documents', { as: ruth, body, headers });
    const retry = await portal.request('/api/v1/documents', { as: ruth, body, headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json.document.id).toBe(first.json.document.id);
    const drafted = (await auditTrailOf('rotterdam')).filter(
      (e) => e.action === 'document.drafted' && e.object.id === first.json.document.id,
    );
    expect(drafted).toHaveLength(1);
    const other = await portal.request('/api/v1/documents', {
      as: ruth,
      body: { ...body, title: 'Another document' },
      headers,
    });
    expectProblem(other, 422);
  });
});
