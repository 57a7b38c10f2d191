import * as fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEvent, auditCsvColumns, auditReadAction, restrictedReadActions } from '../../shared/audit';
import {
  createTestPortal,
  demoMember,
  expectProblem,
  problemFields,
  type TestPortal,
} from '../support/portal';
import { countRoundTrips } from '../support/round-trips';

const ana = 'ana@antwerp.example';
const ben = 'ben@antwerp.example';
const clara = 'clara@commission.example';
const ruth = 'ruth@rotterdam.example';

// The clock is injected: events land in 2030, away from whatever the seed wrote.
let clock = new Date('2030-03-20T12:00:00.000Z');
let portal: TestPortal;
let trips: ReturnType<typeof countRoundTrips>;
beforeAll(async () => {
  portal = await createTestPortal({ overrides: { now: () => clock } });
  trips = countRoundTrips(portal.dynamo);
});

let requestCounter = 0;
const actorOf = (email: string): AuditEvent['actor'] => {
  const m = demoMember(email);
  return { memberId: m.id, organisationId: m.organisationId, role: m.role };
};
function event(
  partial: Partial<AuditEvent> & { at: string; as: string; organisationId: string },
): AuditEvent {
  const { as, ...rest } = partial;
  requestCounter += 1;
  return {
    requestId: `seeded-${requestCounter}`,
    actor: actorOf(as),
    action: 'bulletin.edited',
    object: { type: 'bulletin', id: 'b-1' },
    ...rest,
  };
}
const record = (e: AuditEvent) => portal.deps.directory.recordAudit(e);

/** Every item of a filtered list, walking the cursor with small pages. */
async function walk(as: string, query: string, limit = 2) {
  const items: AuditEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: any = await portal.request(
      `/api/v1/audit?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { as },
    );
    expect(res.status).toBe(200);
    items.push(...res.json.items);
    cursor = res.json.nextCursor;
    pages += 1;
  } while (cursor && pages < 50);
  return items;
}

const newestFirst = (events: AuditEvent[]) => [...events].sort((a, b) => (a.at < b.at ? 1 : -1));
const ids = (events: AuditEvent[]) => events.map((e) => e.requestId);

describe('filters', () => {
  const seeded: AuditEvent[] = [];
  beforeAll(async () => {
    const specs: [string, string, string, string][] = [
      ['2030-01-05T08:00:00.000Z', ben, 'bulletin.edited', 'b-1'],
      ['2030-01-20T08:00:00.000Z', ana, 'member.invited', 'm-9'],
      ['2030-02-01T00:00:00.000Z', ben, 'bulletin.published', 'b-1'],
      ['2030-02-14T09:30:00.000Z', ben, 'bulletin.edited', 'b-2'],
      ['2030-02-28T23:59:59.000Z', ana, 'bulletin.edited', 'b-2'],
      ['2030-03-01T10:00:00.000Z', ruth, restrictedReadActions.bulletin, 'b-2'],
      ['2030-03-02T10:00:00.000Z', ben, 'bulletin.edited', 'b-1'],
    ];
    for (const [at, as, action, id] of specs) {
      const e = event({ at, as, action, object: { type: 'bulletin', id }, organisationId: 'antwerp' });
      seeded.push(e);
      await record(e);
    }
    // Another organisation's trail, same members and objects: never in Antwerp's answers.
    await record(
      event({
        at: '2030-02-14T09:00:00.000Z',
        as: ben,
        organisationId: 'rotterdam',
        object: { type: 'x', id: 'b-1' },
      }),
    );
  });
  const range = 'from=2030-01&to=2030-03';
  const mine = () => seeded;

  it('lists the whole range newest first across month partitions', async () => {
    const all = await walk(ana, range);
    expect(ids(all.filter((e) => e.requestId.startsWith('seeded-')))).toEqual(ids(newestFirst(mine())));
    expect(all.every((e) => e.organisationId === 'antwerp')).toBe(true);
  });

  it('filters by member through the member index, across months', async () => {
    const benId = demoMember(ben).id;
    const found = await walk(ana, `${range}&memberId=${benId}`);
    expect(ids(found)).toEqual(ids(newestFirst(mine().filter((e) => e.actor.memberId === benId))));
    const ruthId = demoMember(ruth).id;
    expect(ids(await walk(ana, `${range}&memberId=${ruthId}`))).toEqual(
      ids(mine().filter((e) => e.actor.memberId === ruthId)),
    );
  });

  it('filters by action, by object and by days, alone and together', async () => {
    const benId = demoMember(ben).id;
    expect(ids(await walk(ana, `${range}&action=bulletin.edited`, 1))).toEqual(
      ids(newestFirst(mine().filter((e) => e.action === 'bulletin.edited'))),
    );
    expect(ids(await walk(ana, `${range}&objectId=b-2`))).toEqual(
      ids(newestFirst(mine().filter((e) => e.object.id === 'b-2'))),
    );
    // Days include both ends: 1 February 00:00 and 28 February 23:59:59.
    expect(ids(await walk(ana, 'from=2030-02-01&to=2030-02-28'))).toEqual(
      ids(newestFirst(mine().filter((e) => e.at.startsWith('2030-02')))),
    );
    expect(
      ids(await walk(ana, `from=2030-01-06&to=2030-03-01&memberId=${benId}&action=bulletin.edited`)),
    ).toEqual(ids(mine().filter((e) => e.at.startsWith('2030-02-14'))));
    expect(await walk(ana, `${range}&objectId=nothing-like-it`)).toEqual([]);
  });

  it('reads one page by member in one Query (plus the read’s own audit event; the viewer’s organisation is in the member cache)', async () => {
    await portal.request('/api/v1/me', { as: ana });
    const { commands } = await trips.during(() =>
      portal.request(`/api/v1/audit?${range}&memberId=${demoMember(ben).id}&limit=50`, { as: ana }),
    );
    expect(commands).toEqual(['Query', 'PutItem']);
  });

  it('refuses bad ranges, filters and cursors with a 400 naming the field', async () => {
    const tooLong = await portal.request('/api/v1/audit?from=2029-01&to=2030-01', { as: ana });
    expectProblem(tooLong, 400);
    expect(problemFields(tooLong)).toEqual(['from']);
    expect(tooLong.json.detail).toContain('12 months');
    expect((await portal.request('/api/v1/audit?from=2029-02&to=2030-01', { as: ana })).status).toBe(200);
    const reversed = await portal.request('/api/v1/audit?from=2030-03-02&to=2030-03-01', { as: ana });
    expectProblem(reversed, 400);
    expect(problemFields(reversed)).toEqual(['from']);
    for (const [query, field] of [
      ['from=2030-13', 'from'],
      ['to=30-01-01', 'to'],
      ['action=DROP TABLE', 'action'],
      ['memberId=a%20b', 'memberId'],
      ['format=xml', 'format'],
      ['organisation=antwerp', 'organisation'],
    ] as const) {
      const res = await portal.request(`/api/v1/audit?${query}`, { as: ana });
      expectProblem(res, 400);
      expect(problemFields(res)).toContain(field);
    }
    const first = await portal.request(`/api/v1/audit?${range}&limit=1`, { as: ana });
    const replayed = await portal.request(
      `/api/v1/audit?${range}&action=bulletin.edited&limit=1&cursor=${encodeURIComponent(first.json.nextCursor)}`,
      { as: ana },
    );
    expectProblem(replayed, 400);
    expect(problemFields(replayed)).toEqual(['cursor']);
  });
});

describe('CSV export', () => {
  it('exports the whole filtered range with formula-defused cells', async () => {
    const hostile = event({
      at: '2029-06-10T10:00:00.000Z',
      as: ana,
      organisationId: 'antwerp',
      action: 'member.invited',
      object: { type: 'member', id: '=HYPERLINK("http://evil.example","x")' },
      details: { note: 'a, "quoted" value' },
    });
    const plain = event({ at: '2029-06-11T10:00:00.000Z', as: ben, organisationId: 'antwerp' });
    await record(hostile);
    await record(plain);
    const res = await portal.request('/api/v1/audit?from=2029-06&to=2029-06&format=csv', { as: ana });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('audit-antwerp-2029-06-2029-06.csv');
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(auditCsvColumns.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(plain.requestId);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(lines[2]).not.toMatch(/,=HYPERLINK/);
    expect(lines[2]).toContain('"{""note"":""a, \\""quoted\\"" value""}"');

    const byMember = await portal.request(
      `/api/v1/audit?from=2029-06&to=2029-06&format=csv&memberId=${demoMember(ben).id}`,
      { as: ana },
    );
    expect(byMember.text.trimEnd().split('\r\n')).toHaveLength(2);
    const withCursor = await portal.request('/api/v1/audit?format=csv&cursor=abc', { as: ana });
    expectProblem(withCursor, 400);
    expect(problemFields(withCursor)).toEqual(['cursor']);
  });
});

describe('who reads which trail', () => {
  it('keeps it from members who are not org_admins and from other organisations', async () => {
    expectProblem(await portal.request('/api/v1/audit', { as: ben }), 403);
    expectProblem(await portal.request('/api/v1/audit?format=csv', { as: ben }), 403);
    expectProblem(await portal.request('/api/v1/audit?organisationId=rotterdam', { as: ana }), 403);
    expectProblem(await portal.request('/api/v1/audit?organisationId=nowhere', { as: ana }), 403);
  });

  it('lets Commission org_admins read any organisation’s trail, and 404s an unknown one', async () => {
    const res = await portal.request('/api/v1/audit?organisationId=antwerp&from=2030-01&to=2030-03', {
      as: clara,
    });
    expect(res.status).toBe(200);
    expect(res.json.items.length).toBeGreaterThan(0);
    expect(res.json.items.every((e: AuditEvent) => e.organisationId === 'antwerp')).toBe(true);
    expectProblem(await portal.request('/api/v1/audit?organisationId=nowhere', { as: clara }), 404);
    expectProblem(
      await portal.request('/api/v1/audit?organisationId=antwerp', { as: 'carl@commission.example' }),
      403,
    );
  });
});

describe('reading the trail is audited', () => {
  afterEach(() => {
    clock = new Date('2030-03-20T12:00:00.000Z');
  });

  it('records who read which trail with which filters, in the reader’s own trail', async () => {
    clock = new Date('2030-05-07T08:00:00.000Z');
    const res = await portal.request(
      `/api/v1/audit?organisationId=antwerp&from=2030-02&to=2030-03&action=bulletin.edited&format=csv`,
      { as: clara },
    );
    expect(res.status).toBe(200);
    const own = await portal.request(`/api/v1/audit?from=2030-05&to=2030-05&action=${auditReadAction}`, {
      as: clara,
    });
    expect(own.json.items).toHaveLength(1);
    expect(own.json.items[0]).toMatchObject({
      at: '2030-05-07T08:00:00.000Z',
      action: 'audit.read',
      organisationId: 'commission',
      requestId: res.headers.get('x-request-id'),
      actor: { memberId: demoMember(clara).id, organisationId: 'commission', role: 'org_admin' },
      object: { type: 'audit', id: 'antwerp' },
      details: {
        organisationId: 'antwerp',
        from: '2030-02',
        to: '2030-03',
        action: 'bulletin.edited',
        format: 'csv',
      },
    });
    // Antwerp's own trail does not learn that the Commission looked.
    const antwerp = await portal.request(`/api/v1/audit?from=2030-05&to=2030-05`, { as: ana });
    expect(antwerp.json.items.filter((e: AuditEvent) => e.actor.organisationId === 'commission')).toEqual([]);
  });

  it('refuses the read when its audit event cannot be written, and shows nothing', async () => {
    const store = portal.deps.directory;
    const original = store.recordAudit.bind(store);
    store.recordAudit = async () => {
      throw new Error('audit trail unavailable');
    };
    try {
      for (const format of ['json', 'csv']) {
        const refused = await portal.request(`/api/v1/audit?from=2030-01&to=2030-03&format=${format}`, {
          as: ana,
        });
        expectProblem(refused, 503);
        expect(refused.text).not.toContain('seeded-');
        expect(refused.text).not.toContain('bulletin.edited');
      }
    } finally {
      store.recordAudit = original;
    }
    expect((await portal.request('/api/v1/audit?from=2030-01&to=2030-03', { as: ana })).status).toBe(200);
  });
});

describe('last restricted read per member', () => {
  it('shows on the members page from the audit trail: restricted reads only, newest, per member', async () => {
    clock = new Date('2030-04-02T09:00:00.000Z');
    const draft = await portal.request('/api/v1/bulletins', {
      as: ruth,
      body: {
        title: 'Swallowers on the Guayaquil ferry route',
        summary: 'Three couriers stopped at the gangway.',
        body: 'Details follow.',
        severity: 'high',
        tlp: 'TLP:AMBER',
        categories: ['rip-on-rip-off'],
        ports: ['NLRTM'],
        originCountries: ['EC'],
        recipients: { organisations: ['antwerp'], members: [] },
        requiresAcknowledgement: false,
        acknowledgeBy: null,
      },
    });
    expect(draft.status).toBe(201);
    expect(
      (await portal.request(`/api/v1/bulletins/${draft.json.id}/publish`, { as: ruth, method: 'POST' }))
        .status,
    ).toBe(200);
    clock = new Date('2030-04-03T07:30:00.000Z');
    expect((await portal.request(`/api/v1/bulletins/${draft.json.id}`, { as: ben })).status).toBe(200);
    clock = new Date('2030-04-04T07:30:00.000Z');
    // Not a restricted read: an ordinary edit later than the read does not count.
    await record(event({ at: '2030-04-05T00:00:00.000Z', as: ben, organisationId: 'antwerp' }));

    const members = await portal.request('/api/v1/organisations/antwerp/members?limit=100', { as: ana });
    expect(members.status).toBe(200);
    const byEmail = new Map(members.json.items.map((m: any) => [m.email, m]));
    expect((byEmail.get(ben) as any).lastRestrictedReadAt).toBe('2030-04-03T07:30:00.000Z');
    expect((byEmail.get('bo@antwerp.example') as any).lastRestrictedReadAt).toBeNull();
    // The read sits in Rotterdam's trail (the author's), with Ben as the actor.
    const rotterdam = await portal.request(
      `/api/v1/audit?organisationId=rotterdam&from=2030-04&to=2030-04&action=${restrictedReadActions.bulletin}`,
      { as: clara },
    );
    expect(rotterdam.json.items.map((e: AuditEvent) => e.actor.memberId)).toEqual([demoMember(ben).id]);
  });

  it('costs one Query for the page and one Limit-1 Query per member listed', async () => {
    await portal.request('/api/v1/me', { as: ana });
    const { commands } = await trips.during(() =>
      portal.request('/api/v1/organisations/antwerp/members?limit=100', { as: ana }),
    );
    const members = (await portal.request('/api/v1/organisations/antwerp/members?limit=100', { as: ana }))
      .json.items.length;
    expect(commands).toEqual(['Query', ...Array(members).fill('Query')]);
  });
});

describe('other organisations’ audit events never change what an org_admin of Antwerp reads', () => {
  const members = [
    'ana@antwerp.example',
    'ben@antwerp.example',
    'ruth@rotterdam.example',
    'hans@hamburg.example',
  ];
  const actions = ['bulletin.edited', 'member.invited', restrictedReadActions.bulletin, 'document.read'];
  const objects = ['b-1', 'b-2', 'd-1'];
  const eventArb = (organisations: string[]) =>
    fc.record({
      organisationId: fc.constantFrom(...organisations),
      as: fc.constantFrom(...members),
      action: fc.constantFrom(...actions),
      objectId: fc.constantFrom(...objects),
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.constantFrom('2019-03', '2019-04'),
    });
  const filterArb = fc.record({
    memberId: fc.option(fc.constantFrom(...members.map((m) => demoMember(m).id)), { nil: undefined }),
    action: fc.option(fc.constantFrom(...actions), { nil: undefined }),
    objectId: fc.option(fc.constantFrom(...objects), { nil: undefined }),
    limit: fc.integer({ min: 1, max: 4 }),
  });

  it('answers identically in two worlds that differ only in other organisations’ events', async () => {
    const other = await createTestPortal({
      seed: true,
      overrides: { now: () => new Date('2031-01-01T00:00:00.000Z') },
    });
    const worlds = [portal, other];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb(['antwerp']), { maxLength: 4 }),
        fc.array(eventArb(['rotterdam', 'hamburg', 'commission']), { maxLength: 6 }),
        filterArb,
        async (shared, onlyInOne, filter) => {
          n += 1;
          const toEvent = (e: (typeof shared)[number], i: number): AuditEvent => ({
            at: `${e.month}-${String(e.day).padStart(2, '0')}T10:00:00.000Z`,
            requestId: `pbt-${n}-${i}`,
            actor: actorOf(e.as),
            action: e.action,
            object: { type: 'bulletin', id: e.objectId },
            organisationId: e.organisationId,
          });
          for (const e of shared.map(toEvent)) {
            for (const world of worlds) await world.deps.directory.recordAudit(e);
          }
          for (const e of onlyInOne.map((o, i) => toEvent(o, 100 + i)))
            await other.deps.directory.recordAudit(e);

          const query = new URLSearchParams({ from: '2019-03', to: '2019-04' });
          if (filter.memberId) query.set('memberId', filter.memberId);
          if (filter.action) query.set('action', filter.action);
          if (filter.objectId) query.set('objectId', filter.objectId);
          const answers = await Promise.all(
            worlds.map(async (world) => {
              const pages: { items: AuditEvent[]; more: boolean }[] = [];
              let cursor: string | null = null;
              do {
                const res: any = await world.request(
                  `/api/v1/audit?${query}&limit=${filter.limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
                  { as: ana },
                );
                expect(res.status).toBe(200);
                cursor = res.json.nextCursor;
                pages.push({ items: res.json.items, more: cursor !== null });
              } while (cursor && pages.length < 40);
              const csv = await world.request(`/api/v1/audit?${query}&format=csv`, { as: ana });
              expect(csv.status).toBe(200);
              return { pages, csv: csv.text };
            }),
          );
          expect(answers[1]).toEqual(answers[0]);
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);
});
