import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/table';
import { inDays as daysFrom, monthBoundClock } from '../support/clock';
import { createTestPortal, expectProblem, problemFields, type TestPortal } from '../support/portal';
import { childrenNamed, parseXml, textOf } from '../support/xml';

const ben = 'ben@antwerp.example';
const ana = 'ana@antwerp.example';
const ruth = 'ruth@rotterdam.example';
const carl = 'carl@commission.example';
const clara = 'clara@commission.example';

const site = 'https://portal.ports-alliance.example';
/** The app's clock: the usual test clock (test/support/clock.ts) unless a test sets it. */
let clock: Date | null = null;
const usual = monthBoundClock();

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal({ overrides: { publicBaseUrl: site, now: () => clock ?? usual.now() } });
});

const inDays = (n: number) => daysFrom(n, usual.start);

/** The characters the issue names: each makes the Atom feed invalid XML or reorders what is shown. */
const hostile: [string, string][] = [
  ['U+0001', '\u0001'],
  ['U+000B', '\u000B'],
  ['NUL', '\u0000'],
  ['a lone surrogate', '\uD800'],
  ['U+202E', '\u202E'],
];
const spoiled = (bad: string) => `Valid words ${bad} around it`;

/** Every item of the table, in a stable order: "nothing stored" means this does not change. */
async function tableContents(): Promise<string[]> {
  const items: string[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await portal.db.send(
      new ScanCommand({ TableName: portal.tableName, ExclusiveStartKey: after }),
    );
    items.push(...(page.Items ?? []).map((i) => JSON.stringify(i, Object.keys(i).sort())));
    after = page.LastEvaluatedKey;
  } while (after);
  return items.sort();
}

interface TextCase {
  name: string;
  as: string;
  method: string;
  path: () => string;
  body?: (bad: string) => unknown;
  field: string;
}

/** Ids of things the cases write to, made once. */
const made: Record<string, string> = {};

const bulletinBody = (over: Record<string, unknown> = {}) => ({
  title: 'Rip-on in reefer containers',
  summary: 'Bags found behind the evaporator panel.',
  body: 'Seen twice this week.',
  severity: 'high',
  tlp: 'TLP:CLEAR',
  categories: ['reefer-machinery'],
  ...over,
});
const documentBody = (over: Record<string, unknown> = {}) => ({
  title: 'Container-release PIN codes',
  summary: 'Replace PIN codes by identity-bound release.',
  tags: ['release-pins'],
  tlp: 'TLP:GREEN',
  file: { fileName: 'release-pins.pdf', contentType: 'application/pdf', size: 100 },
  ...over,
});
const checklistBody = (over: Record<string, unknown> = {}) => ({
  title: 'Gate controls',
  description: 'For the tests',
  appliesTo: ['port_authority'],
  dueAt: inDays(30),
  items: [{ id: 'G1', text: 'Gate badge checks', level: 'mandatory', area: 'access_control' }],
  ...over,
});
const assessmentPath = () => `/api/v1/checklists/${made.checklist}/versions/1/assessments/antwerp`;
const attachment = (fileName: string) => ({ fileName, contentType: 'application/pdf', size: 100 });

const cases: TextCase[] = [
  {
    name: 'bulletin draft title',
    as: ben,
    method: 'POST',
    path: () => '/api/v1/bulletins',
    body: (b) => bulletinBody({ title: spoiled(b) }),
    field: 'title',
  },
  {
    name: 'bulletin draft summary',
    as: ben,
    method: 'POST',
    path: () => '/api/v1/bulletins',
    body: (b) => bulletinBody({ summary: spoiled(b) }),
    field: 'summary',
  },
  {
    name: 'bulletin draft body',
    as: ben,
    method: 'POST',
    path: () => '/api/v1/bulletins',
    body: (b) => bulletinBody({ body: spoiled(b) }),
    field: 'body',
  },
  {
    name: 'bulletin draft update',
    as: ben,
    method: 'PATCH',
    path: () => `/api/v1/bulletins/${made.draft}`,
    body: (b) => ({ title: spoiled(b) }),
    field: 'title',
  },
  {
    name: 'bulletin revision note',
    as: ben,
    method: 'POST',
    path: () => `/api/v1/bulletins/${made.published}/revisions`,
    body: (b) => ({ note: spoiled(b) }),
    field: 'note',
  },
  {
    name: 'bulletin revised summary',
    as: ben,
    method: 'POST',
    path: () => `/api/v1/bulletins/${made.published}/revisions`,
    body: (b) => ({ note: 'A fair note', changes: { summary: spoiled(b) } }),
    field: 'changes.summary',
  },
  {
    name: 'bulletin withdrawal reason',
    as: ben,
    method: 'POST',
    path: () => `/api/v1/bulletins/${made.published}/withdraw`,
    body: (b) => ({ reason: spoiled(b) }),
    field: 'reason',
  },
  {
    name: 'bulletin attachment file name',
    as: ben,
    method: 'POST',
    path: () => `/api/v1/bulletins/${made.draft}/attachments`,
    body: (b) => attachment(`report${b}.pdf`),
    field: 'fileName',
  },
  {
    name: 'document title',
    as: ruth,
    method: 'POST',
    path: () => '/api/v1/documents',
    body: (b) => documentBody({ title: spoiled(b) }),
    field: 'title',
  },
  {
    name: 'document summary',
    as: ruth,
    method: 'POST',
    path: () => '/api/v1/documents',
    body: (b) => documentBody({ summary: spoiled(b) }),
    field: 'summary',
  },
  {
    name: 'document file name',
    as: ruth,
    method: 'POST',
    path: () => '/api/v1/documents',
    body: (b) => documentBody({ file: attachment(`pins${b}.pdf`) }),
    field: 'file.fileName',
  },
  {
    name: 'document version change note',
    as: ruth,
    method: 'POST',
    path: () => `/api/v1/documents/${made.document}/versions`,
    body: (b) => ({ changeNote: spoiled(b), file: attachment('v2.pdf') }),
    field: 'changeNote',
  },
  {
    name: 'checklist title',
    as: carl,
    method: 'POST',
    path: () => '/api/v1/checklists',
    body: (b) => checklistBody({ title: spoiled(b) }),
    field: 'title',
  },
  {
    name: 'checklist description',
    as: carl,
    method: 'POST',
    path: () => '/api/v1/checklists',
    body: (b) => checklistBody({ description: spoiled(b) }),
    field: 'description',
  },
  {
    name: 'checklist item text',
    as: carl,
    method: 'POST',
    path: () => '/api/v1/checklists',
    body: (b) => checklistBody({ items: [{ text: spoiled(b), level: 'mandatory', area: 'access_control' }] }),
    field: 'items.0.text',
  },
  {
    name: 'checklist item guidance',
    as: carl,
    method: 'PATCH',
    path: () => `/api/v1/checklists/${made.checklist}`,
    body: (b) => ({
      items: [
        { text: 'Gate badge checks', guidance: spoiled(b), level: 'mandatory', area: 'access_control' },
      ],
    }),
    field: 'items.0.guidance',
  },
  {
    name: 'assessment answer note',
    as: ben,
    method: 'PUT',
    path: assessmentPath,
    body: (b) => ({ items: [{ itemId: 'G1', status: 'implemented', note: spoiled(b) }] }),
    field: 'items.0.note',
  },
  {
    name: 'assessment statement',
    as: ben,
    method: 'PUT',
    path: assessmentPath,
    body: (b) => ({ items: [{ itemId: 'G1', status: 'implemented' }], statement: spoiled(b) }),
    field: 'statement',
  },
  {
    name: 'assessment evidence file name',
    as: ben,
    method: 'PUT',
    path: assessmentPath,
    body: (b) => ({
      items: [
        {
          itemId: 'G1',
          status: 'implemented',
          evidence: { id: crypto.randomUUID(), fileName: `audit${b}.pdf` },
        },
      ],
    }),
    field: 'items.0.evidence.fileName',
  },
  {
    name: 'evidence upload file name',
    as: ben,
    method: 'POST',
    path: () => `${assessmentPath()}/evidence`,
    body: (b) => ({ fileName: `audit${b}.txt`, contentType: 'text/plain', size: 10 }),
    field: 'fileName',
  },
  {
    name: 'organisation name',
    as: clara,
    method: 'POST',
    path: () => '/api/v1/organisations',
    body: (b) => ({ name: `Port of ${b}Bremen`, kind: 'port_authority', country: 'DE', unlocode: 'DEBRE' }),
    field: 'name',
  },
  {
    name: 'member name',
    as: ana,
    method: 'POST',
    path: () => '/api/v1/organisations/antwerp/members',
    body: (b) => ({ email: 'nina@antwerp.example', name: spoiled(b), role: 'reader' }),
    field: 'name',
  },
  { name: 'library search words', as: ruth, method: 'GET', path: () => '/api/v1/documents?q=', field: 'q' },
];

describe('text the portal refuses', () => {
  beforeAll(async () => {
    const draft = await portal.request('/api/v1/bulletins', { as: ben, body: bulletinBody() });
    made.draft = draft.json.id;
    const other = await portal.request('/api/v1/bulletins', { as: ben, body: bulletinBody() });
    await portal.request(`/api/v1/bulletins/${other.json.id}/publish`, { as: ben, method: 'POST' });
    made.published = other.json.id;
    const document = await portal.request('/api/v1/documents', { as: ruth, body: documentBody() });
    made.document = document.json.document.id;
    made.checklist = `text-checks-${Date.now().toString(36)}`;
    await portal.request('/api/v1/checklists', { as: carl, body: checklistBody({ id: made.checklist }) });
    const version = await portal.request(`/api/v1/checklists/${made.checklist}/publish`, {
      as: carl,
      method: 'POST',
    });
    expect(version.status).toBe(201);
    expect(Object.values(made).every(Boolean)).toBe(true);
    // The draft checklist is needed for the PATCH case: a new draft after publishing.
  });

  it.each(cases)('$name: 400 naming $field for each hostile character, and nothing stored', async (c) => {
    // The member's first request records their sign-in; that is not what this test looks at.
    await portal.request('/api/v1/me', { as: c.as });
    const before = await tableContents();
    for (const [label, bad] of hostile) {
      // A URL carries UTF-8, which cannot hold an unpaired surrogate: only bodies can send one.
      if (!c.body && bad === '\uD800') continue;
      // Raw JSON: JSON.stringify writes a lone surrogate as the escape \ud800, as a client would.
      const res = c.body
        ? await portal.request(c.path(), {
            as: c.as,
            method: c.method,
            rawBody: JSON.stringify(c.body(bad)),
            headers: { 'content-type': 'application/json' },
          })
        : await portal.request(`${c.path()}${encodeURIComponent(spoiled(bad))}`, { as: c.as });
      expectProblem(res, 400);
      expect(problemFields(res), label).toContain(c.field);
      const message = res.json.errors.find((e: { field: string }) => e.field === c.field).message;
      expect(message, label).toMatch(/^Contains .* at position \d+\.$/);
    }
    expect(await tableContents()).toEqual(before);
  });

  it('names the stored field to fix when a draft saved before these rules is edited, and takes the fix', async () => {
    const draft = await portal.request('/api/v1/bulletins', { as: ben, body: bulletinBody() });
    await portal.db.send(
      new UpdateCommand({
        TableName: portal.tableName,
        Key: keys.bulletin(draft.json.id),
        UpdateExpression: 'SET title = :t',
        ExpressionAttributeValues: { ':t': 'Legacy\u0001 title' },
      }),
    );
    const path = `/api/v1/bulletins/${draft.json.id}`;
    const before = await tableContents();
    const other = await portal.request(path, { as: ben, method: 'PATCH', body: { severity: 'low' } });
    expectProblem(other, 400);
    expect(problemFields(other)).toEqual(['title']);
    expect(await tableContents()).toEqual(before);
    const fixed = await portal.request(path, { as: ben, method: 'PATCH', body: { title: 'Legacy title' } });
    expect(fixed.status).toBe(200);
    expect(fixed.json.title).toBe('Legacy title');
  });

  it('still takes every script, emoji and line breaks where a field has lines', async () => {
    const res = await portal.request('/api/v1/bulletins', {
      as: ben,
      body: bulletinBody({ title: 'Łódź → Πειραιάς 港口 😀', summary: 'Line one\nLine two\tindented' }),
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      title: 'Łódź → Πειραιάς 港口 😀',
      summary: 'Line one\nLine two\tindented',
    });
  });
});

describe('the public Atom feed', () => {
  const feedPath = '/api/v1/public/bulletins.atom';
  const at = (hours: number) => new Date(Date.UTC(2031, 0, 1) + hours * 3_600_000);

  async function publishClear(title: string) {
    const draft = await portal.request('/api/v1/bulletins', { as: ben, body: bulletinBody({ title }) });
    const published = await portal.request(`/api/v1/bulletins/${draft.json.id}/publish`, {
      as: ben,
      method: 'POST',
    });
    expect(published.status).toBe(200);
    return published.json.id as string;
  }

  /** The feed as a client on a forged Host sees it: the URL and the Host header name evil.example. */
  async function feedSeenFromEvil() {
    const res = await portal.app.request(`http://evil.example${feedPath}`, {
      headers: { host: 'evil.example' },
    });
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).not.toContain('evil.example');
    const root = parseXml(xml);
    const entry = (id: string) =>
      childrenNamed(root, 'entry').find((e) => textOf(childrenNamed(e, 'id')[0]!) === `urn:uuid:${id}`)!;
    const text = (e: ReturnType<typeof parseXml>, name: string) => textOf(childrenNamed(e, name)[0]!);
    return { root, entry, text };
  }

  it('takes its ids and links from configuration, dates entries by their latest revision and itself by its newest entry', async () => {
    try {
      clock = at(0);
      const first = await publishClear('First of two public bulletins');
      clock = at(1);
      const second = await publishClear('Second of two public bulletins');
      clock = at(2);
      const revised = await portal.request(`/api/v1/bulletins/${first}/revisions`, {
        as: ben,
        body: { note: 'More detail', changes: { summary: 'Bags found behind the evaporator panel, twice.' } },
      });
      expect(revised.status).toBe(201);

      let feed = await feedSeenFromEvil();
      expect(feed.text(feed.root, 'id')).toBe(`${site}${feedPath}`);
      expect(childrenNamed(feed.root, 'link')[0]!.attributes).toEqual({
        rel: 'self',
        href: `${site}${feedPath}`,
      });
      expect(childrenNamed(feed.entry(first), 'link')[0]!.attributes.href).toBe(`${site}/bulletins/${first}`);
      expect(feed.text(feed.entry(first), 'published')).toBe(at(0).toISOString());
      expect(feed.text(feed.entry(first), 'updated')).toBe(at(2).toISOString());
      expect(feed.text(feed.entry(second), 'updated')).toBe(at(1).toISOString());
      // The second bulletin is listed first (newest publication); the feed is as new as the revision.
      expect(feed.text(feed.root, 'updated')).toBe(at(2).toISOString());

      clock = at(3);
      const withdrawn = await portal.request(`/api/v1/bulletins/${second}/withdraw`, {
        as: ben,
        body: { reason: 'Duplicate report' },
      });
      expect(withdrawn.status).toBe(200);
      feed = await feedSeenFromEvil();
      expect(feed.text(feed.entry(second), 'updated')).toBe(at(3).toISOString());
      expect(feed.text(feed.root, 'updated')).toBe(at(3).toISOString());
    } finally {
      clock = null;
    }
  });

  it('stays well-formed XML over entries stored before text was checked', async () => {
    const id = crypto.randomUUID();
    const publishedAt = '2020-01-01T00:00:00.000Z';
    await portal.db.send(
      new PutCommand({
        TableName: portal.tableName,
        Item: {
          ...keys.publicFeedEntry(publishedAt, id),
          type: 'PUBLIC',
          id,
          status: 'published',
          title: 'Legacy\u0001 title\u000B with \u0000 controls \u202E',
          summary: 'Legacy <summary> & \u0085 \uFFFF',
          severity: 'low',
          tlp: 'TLP:CLEAR',
          categories: ['document-fraud'],
          ports: [],
          recipients: { organisations: [], members: [] },
          requiresAcknowledgement: false,
          acknowledgeBy: null,
          acknowledgementRound: 1,
          authorId: 'someone',
          authorOrganisationId: 'antwerp',
          publishedAt,
          withdrawnAt: null,
        },
      }),
    );
    const feed = await feedSeenFromEvil();
    const legacy = feed.entry(id);
    expect(feed.text(legacy, 'title')).toBe('TLP:CLEAR Legacy\uFFFD title\uFFFD with \uFFFD controls \uFFFD');
    expect(feed.text(legacy, 'summary')).toBe('Legacy <summary> & \uFFFD \uFFFD');
    // Written before lists carried the revision time: dated by its publication.
    expect(feed.text(legacy, 'updated')).toBe(publishedAt);
  });
});
