import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared';
import { encodeReportAggregate } from '../../shared/waterbed';
import { createTestPortal, expectProblem, problemFields, type TestPortal } from '../support/portal';
import { countRoundTrips } from '../support/round-trips';
import { publishBulletin } from '../support/shared-items';

const ruth = 'ruth@rotterdam.example';
const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';
const hans = 'hans@hamburg.example';
const clara = 'clara@commission.example';
const alba = 'alba@algeciras.example';

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal({ seed: 'directory' });
});

const put = (org: string, quarter: string, as: string, body: unknown, headers: Record<string, string> = {}) =>
  portal.request(`/api/v1/organisations/${org}/indicators/${quarter}`, { as, method: 'PUT', body, headers });

const fig = (value: number, tlp = 'TLP:GREEN') => ({ value, tlp });

async function auditActions(org: string) {
  const { Items = [] } = await portal.db.send(
    new QueryCommand({
      TableName: portal.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditMonth(org, portal.time.month) },
    }),
  );
  return Items.map((i) => i.action as string);
}

describe('port indicators', () => {
  it('a contributor reports a quarter; figures not sent stay missing, never zero', async () => {
    const res = await put('rotterdam', '2025-Q1', ruth, {
      figures: { containersHandledTeu: fig(3_400_000), cocaineSeizedKg: fig(12_000) },
      note: 'Customs figures, provisional',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    const read = await portal.request('/api/v1/organisations/rotterdam/indicators/2025-Q1', { as: hans });
    expect(read.status).toBe(200);
    expect(read.json.figures).toEqual({ containersHandledTeu: fig(3_400_000), cocaineSeizedKg: fig(12_000) });
    expect(read.json.figures).not.toHaveProperty('seizures');
    expect(read.json.reportedBy.email).toBe(ruth);
    expect(await auditActions('rotterdam')).toContain('indicators.reported');
  });

  it('a correction is kept beside the earlier report, with who and when, and audited', async () => {
    const res = await put(
      'rotterdam',
      '2025-Q1',
      ruth,
      {
        figures: { containersHandledTeu: fig(3_450_000), cocaineSeizedKg: fig(12_500) },
        note: 'Corrected after the annual review',
      },
      { 'if-match': '"1"' },
    );
    expect(res.status).toBe(200);
    expect(res.json.revision).toBe(2);
    const history = await portal.request('/api/v1/organisations/rotterdam/indicators', { as: ben });
    expect(history.status).toBe(200);
    const q1 = history.json.corrections.filter((r: any) => r.quarter === '2025-Q1');
    expect(q1.map((r: any) => [r.revision, r.figures.cocaineSeizedKg.value, r.reportedBy.email])).toEqual([
      [2, 12_500, ruth],
      [1, 12_000, ruth],
    ]);
    expect(history.json.quarters.find((r: any) => r.quarter === '2025-Q1').revision).toBe(2);
    expect(await auditActions('rotterdam')).toContain('indicators.corrected');
  });

  it('a correction that drops a figure takes it off the waterbed; the figures kept stay', async () => {
    const first = await put('rotterdam', '2024-Q2', ruth, {
      figures: { cocaineSeizedKg: fig(900), containersScanned: fig(50), containersHandledTeu: fig(1000) },
      note: 'First count',
    });
    expect(first.status).toBe(200);
    const value = async (indicator: string) =>
      (
        await portal.request(`/api/v1/waterbed?indicator=${indicator}&from=2024-Q2&to=2024-Q2`, { as: clara })
      ).json.ports.find((p: any) => p.locode === 'NLRTM').quarters['2024-Q2'];
    expect(await value('cocaineSeizedKg')).toBe(900);
    expect(await value('scanRate')).toBe(0.05);
    const corrected = await put(
      'rotterdam',
      '2024-Q2',
      ruth,
      { figures: { containersHandledTeu: fig(2000) }, note: 'Seizures were another port’s' },
      { 'if-match': '"1"' },
    );
    expect(corrected.status).toBe(200);
    expect(await value('cocaineSeizedKg')).toBeNull();
    expect(await value('scanRate')).toBeNull();
    expect(await value('containersHandledTeu')).toBe(2000);
  });

  it('an agency working with the port reports beside its authority: the newer figure counts, each organisation’s corrections touch its own', async () => {
    const pieter = 'pieter@police-nl.example';
    const value = async (indicator: string, as = clara) =>
      (
        await portal.request(`/api/v1/waterbed?indicator=${indicator}&from=2022-Q3&to=2022-Q3`, { as })
      ).json.ports.find((p: any) => p.locode === 'NLRTM').quarters['2022-Q3'];
    expect(
      (
        await put('rotterdam', '2022-Q3', ruth, {
          figures: { seizures: fig(40), containersScanned: fig(500) },
        })
      ).status,
    ).toBe(200);
    // The seaport police reports for Rotterdam (its UN/LOCODE in the directory): corruption cases,
    // and seizures too, later than the port authority.
    expect(
      (
        await put('nl-seaport-police', '2022-Q3', pieter, {
          figures: { corruptionCases: fig(3), seizures: fig(44) },
        })
      ).status,
    ).toBe(200);
    expect([
      await value('seizures'),
      await value('corruptionCases'),
      await value('containersScanned'),
    ]).toEqual([44, 3, 500]);
    // The port authority corrects its seizures later: now its figure is the newer one.
    expect(
      (
        await put(
          'rotterdam',
          '2022-Q3',
          ruth,
          { figures: { seizures: fig(41), containersScanned: fig(500) } },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(200);
    expect(await value('seizures')).toBe(41);
    // The police drops its seizures: the port authority's stays; its corruption cases stay too.
    expect(
      (
        await put(
          'nl-seaport-police',
          '2022-Q3',
          pieter,
          { figures: { corruptionCases: fig(3) } },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(200);
    expect([await value('seizures'), await value('corruptionCases')]).toEqual([41, 3]);
    // Neither may report for the other.
    expectProblem(await put('nl-seaport-police', '2022-Q3', ruth, { figures: {} }), 403);
    expectProblem(await put('rotterdam', '2022-Q3', pieter, { figures: {} }), 403);
  });

  it('an entry of the earlier form (`P#<locode>`) counts until its organisation reports again, and not after a correction drops it', async () => {
    await portal.db.send(
      new UpdateCommand({
        TableName: portal.tableName,
        Key: keys.waterbedIndicatorQuarter('seizures', '2022-Q4'),
        UpdateExpression: 'SET #p = :entry',
        ExpressionAttributeNames: { '#p': 'P#DEHAM' },
        ExpressionAttributeValues: {
          ':entry': encodeReportAggregate({
            source: { organisationId: 'hamburg', memberId: 'm-old', sharedWith: [] },
            figures: { seizures: fig(5) as never },
          }),
        },
      }),
    );
    const seizures = async () =>
      (
        await portal.request('/api/v1/waterbed?indicator=seizures&from=2022-Q4&to=2022-Q4', { as: clara })
      ).json.ports.find((p: any) => p.locode === 'DEHAM').quarters['2022-Q4'];
    expect(await seizures()).toBe(5);
    expect((await put('hamburg', '2022-Q4', hans, { figures: { seizures: fig(6) } })).status).toBe(200);
    expect(await seizures()).toBe(6);
    const dropped = await put(
      'hamburg',
      '2022-Q4',
      hans,
      { figures: { containersScanned: fig(9) } },
      { 'if-match': '"1"' },
    );
    expect(dropped.status).toBe(200);
    expect(await seizures()).toBeNull();
  });

  it('a read that shows AMBER figures is audited in the reporting organisation’s trail; one that shows none is not', async () => {
    const reads = async (action: string) => {
      const { Items = [] } = await portal.db.send(
        new QueryCommand({
          TableName: portal.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.auditMonth('rotterdam', portal.time.month) },
        }),
      );
      return Items.filter((i) => i.action === action && i.object.id.includes('rotterdam/2022-Q2')).map(
        (i) => i.actor.organisationId as string,
      );
    };
    expect(
      (
        await put('rotterdam', '2022-Q2', ruth, {
          figures: { seizures: fig(8, 'TLP:AMBER'), containersScanned: fig(70) },
        })
      ).status,
    ).toBe(200);
    // The Commission sees the AMBER figure: its read of the quarter, the history and the page are recorded.
    expect(
      (await portal.request('/api/v1/organisations/rotterdam/indicators/2022-Q2', { as: clara })).json
        .figures,
    ).toHaveProperty('seizures');
    expect(await reads('indicators.read')).toEqual(['commission']);
    await portal.request('/api/v1/organisations/rotterdam/indicators', { as: clara });
    expect(await reads('indicators.read')).toEqual(['commission', 'commission']);
    const page = '/api/v1/waterbed?indicator=seizures&from=2022-Q2&to=2022-Q2';
    expect(
      (await portal.request(page, { as: clara })).json.ports.find((p: any) => p.locode === 'NLRTM').quarters,
    ).toEqual({ '2022-Q2': 8 });
    expect(await reads('indicators.listed')).toEqual(['commission']);
    // The same page again within the window adds nothing; its CSV is the same showing.
    await portal.request(page, { as: clara });
    await portal.request(`${page}&format=csv`, { as: clara });
    expect(await reads('indicators.listed')).toEqual(['commission']);
    // Hamburg is not shown the AMBER figure (nor anything restricted): nothing is recorded for it.
    expect(
      (await portal.request('/api/v1/organisations/rotterdam/indicators/2022-Q2', { as: hans })).json.figures,
    ).toEqual({ containersScanned: fig(70) });
    await portal.request(page, { as: hans });
    await portal.request('/api/v1/waterbed?indicator=containersScanned&from=2022-Q2&to=2022-Q2', {
      as: clara,
    });
    expect(await reads('indicators.read')).toEqual(['commission', 'commission']);
    expect(await reads('indicators.listed')).toEqual(['commission']);
  });

  it('a figure carries its own source note, shown with it under its TLP; a bad note is refused', async () => {
    const body = {
      figures: {
        seizures: { value: 4, tlp: 'TLP:AMBER', sourceNote: 'Customs seizure register, week 12' },
        containersScanned: { value: 90, tlp: 'TLP:GREEN', sourceNote: 'Terminal scanner logs' },
      },
    };
    expect((await put('rotterdam', '2022-Q1', ruth, body)).status).toBe(200);
    const forClara = await portal.request('/api/v1/organisations/rotterdam/indicators/2022-Q1', {
      as: clara,
    });
    expect(forClara.json.figures).toEqual(body.figures);
    // Hamburg is not shown the AMBER figure, nor its note.
    const forHans = await portal.request('/api/v1/organisations/rotterdam/indicators/2022-Q1', { as: hans });
    expect(forHans.json.figures).toEqual({ containersScanned: body.figures.containersScanned });
    expect(JSON.stringify(forHans.json)).not.toContain('seizure register');
    for (const sourceNote of ['', 'x'.repeat(301), 'line one\nline two']) {
      const bad = await put(
        'rotterdam',
        '2022-Q1',
        ruth,
        { figures: { seizures: { value: 1, tlp: 'TLP:GREEN', sourceNote } } },
        { 'if-match': '"1"' },
      );
      expectProblem(bad, 400);
      expect(problemFields(bad).join(' ')).toContain('sourceNote');
    }
    expect(
      (await portal.request('/api/v1/organisations/rotterdam/indicators/2022-Q1', { as: clara })).json
        .revision,
    ).toBe(1);
  });

  it('refuses a stale correction, another organisation, a reader, bad input and the future, changing nothing', async () => {
    const stale = await put('rotterdam', '2025-Q1', ruth, { figures: {} }, { 'if-match': '"1"' });
    expectProblem(stale, 412);
    expectProblem(await put('rotterdam', '2025-Q1', ben, { figures: {} }), 403);
    expectProblem(await put('antwerp', '2025-Q1', bo, { figures: {} }), 403);
    const badQuarter = await put('rotterdam', '2025-Q5', ruth, { figures: {} });
    expectProblem(badQuarter, 400);
    expect(problemFields(badQuarter)).toContain('quarter');
    const red = await put('rotterdam', '2025-Q2', ruth, { figures: { seizures: fig(3, 'TLP:RED') } });
    expectProblem(red, 400);
    expect(problemFields(red).join()).toContain('seizures');
    const negative = await put('rotterdam', '2025-Q2', ruth, { figures: { seizures: fig(-1) } });
    expectProblem(negative, 400);
    const unknown = await put('rotterdam', '2025-Q2', ruth, { figures: { bribes: fig(1) } });
    expectProblem(unknown, 400);
    const future = await put('rotterdam', '2999-Q1', ruth, { figures: { seizures: fig(1) } });
    expectProblem(future, 400);
    expectProblem(await put('commission', '2025-Q2', 'carl@commission.example', { figures: {} }), 409);
    const current = await portal.request('/api/v1/organisations/rotterdam/indicators/2025-Q1', { as: ruth });
    expect(current.json.revision).toBe(2);
    expectProblem(
      await portal.request('/api/v1/organisations/rotterdam/indicators/2025-Q2', { as: ruth }),
      404,
    );
  });

  it('a TLP:AMBER figure reaches the reporting organisation, the Commission and those it names only', async () => {
    const res = await put('algeciras', '2025-Q1', alba, {
      figures: { cocaineSeizedKg: fig(9_000, 'TLP:AMBER'), containersHandledTeu: fig(1_200_000) },
      sharedWith: ['valencia'],
    });
    expect(res.status).toBe(200);
    const seen = async (as: string) =>
      (await portal.request('/api/v1/organisations/algeciras/indicators/2025-Q1', { as })).json.figures;
    expect(await seen(alba)).toHaveProperty('cocaineSeizedKg');
    expect(await seen(clara)).toHaveProperty('cocaineSeizedKg');
    expect(await seen('vera@valencia.example')).toHaveProperty('cocaineSeizedKg');
    expect(await seen(hans)).toEqual({ containersHandledTeu: fig(1_200_000) });
    const history = await portal.request('/api/v1/organisations/algeciras/indicators', { as: hans });
    expect(JSON.stringify(history.json)).not.toContain('9000');
    expect(history.json.quarters[0].sharedWith).toEqual([]);
    // The waterbed, its CSV and its signals leave it out for Hans, and keep it for Clara.
    const wb = (as: string, format = 'json') =>
      portal.request(`/api/v1/waterbed?indicator=cocaineSeizedKg&from=2025-Q1&to=2025-Q1&format=${format}`, {
        as,
      });
    const forHans = await wb(hans);
    expect(forHans.json.ports.find((p: any) => p.locode === 'ESALG').quarters['2025-Q1']).toBeNull();
    expect((await wb(hans, 'csv')).text).not.toContain('9000');
    const forClara = await wb(clara);
    expect(forClara.json.ports.find((p: any) => p.locode === 'ESALG').quarters['2025-Q1']).toBe(9_000);
    expect((await wb(clara, 'csv')).text).toContain('9000');
  });
});

describe('sightings', () => {
  let bulletin: { id: string };
  beforeAll(async () => {
    bulletin = await publishBulletin(portal, ben, {
      tlp: 'TLP:AMBER',
      categories: ['rip-on-rip-off'],
      originCountries: ['EC'],
      recipients: { organisations: ['rotterdam', 'hamburg', 'commission'], members: [] },
    });
  });
  const path = () => `/api/v1/bulletins/${bulletin.id}/sightings`;

  it('a contributor who sees the bulletin records a sighting: 201, audited, counted on the port', async () => {
    const res = await portal.request(path(), {
      as: ruth,
      body: { port: 'NLRTM', seenOn: '2025-02-10', note: 'Same seal pattern on two reefers' },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ port: 'NLRTM', quarter: '2025-Q1', organisationId: 'rotterdam' });
    expect(await auditActions('rotterdam')).toContain('bulletin.sighting_recorded');
    const wb = await portal.request(
      '/api/v1/waterbed?indicator=sightings&category=rip-on-rip-off&from=2025-Q1&to=2025-Q1',
      { as: clara },
    );
    expect(wb.json.ports.find((p: any) => p.locode === 'NLRTM').quarters['2025-Q1']).toBe(1);
    expect(wb.json.spread).toContainEqual({
      category: 'rip-on-rip-off',
      quarter: '2025-Q1',
      ports: ['NLRTM'],
      reported: [],
      seen: ['NLRTM'],
    });
    expect(wb.json.origins).toContainEqual({ quarter: '2025-Q1', country: 'EC', bulletins: 0, sightings: 1 });
    // The page's spread and origins tables export as CSV too.
    const csv = (view: string) =>
      portal.request(`/api/v1/waterbed?indicator=sightings&from=2025-Q1&to=2025-Q1&format=csv&view=${view}`, {
        as: clara,
      });
    const spread = await csv('spread');
    expect(spread.headers.get('content-type')).toContain('text/csv');
    expect(spread.text.split('\r\n')).toContain('rip-on-rip-off,2025-Q1,NLRTM,,NLRTM');
    expect((await csv('origins')).text.split('\r\n')).toContain('2025-Q1,EC,0,1');
  });

  it('the author organisation and the Commission read every sighting; other recipients the count and ports', async () => {
    await portal.request(path(), { as: hans, body: { port: 'DEHAM', seenOn: '2025-03-01' } });
    for (const as of [ben, bo, clara]) {
      const res = await portal.request(path(), { as });
      expect(res.status).toBe(200);
      expect(res.json.sightings.map((s: any) => s.port).sort()).toEqual(['DEHAM', 'NLRTM']);
    }
    const other = await portal.request(path(), { as: hans });
    expect(other.json).toEqual({
      bulletinId: bulletin.id,
      count: 2,
      ports: [
        { port: 'DEHAM', count: 1 },
        { port: 'NLRTM', count: 1 },
      ],
      sightings: null,
    });
    const csv = await portal.request(`${path()}?format=csv`, { as: ben });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain('Same seal pattern');
    expect((await portal.request(`${path()}?format=csv`, { as: hans })).text).not.toContain('Same seal');
  });

  it('outside the bulletin’s TLP there are no sightings: 404 to read or record, and none on the waterbed', async () => {
    expectProblem(await portal.request(path(), { as: alba }), 404);
    expectProblem(
      await portal.request(path(), { as: alba, body: { port: 'ESALG', seenOn: '2025-02-01' } }),
      404,
    );
    const wb = await portal.request('/api/v1/waterbed?indicator=sightings&from=2025-Q1&to=2025-Q1', {
      as: alba,
    });
    expect(wb.json.ports.find((p: any) => p.locode === 'NLRTM').quarters['2025-Q1']).toBe(0);
    expect(wb.json.spread).toEqual([]);
  });

  it('refuses readers, bad ports, dates in the future and unknown fields', async () => {
    expectProblem(
      await portal.request(path(), { as: bo, body: { port: 'BEANR', seenOn: '2025-02-01' } }),
      403,
    );
    const badPort = await portal.request(path(), {
      as: ruth,
      body: { port: 'Rotterdam', seenOn: '2025-02-01' },
    });
    expectProblem(badPort, 400);
    expect(problemFields(badPort)).toContain('port');
    expectProblem(
      await portal.request(path(), { as: ruth, body: { port: 'NLRTM', seenOn: '2999-01-01' } }),
      400,
    );
    expectProblem(
      await portal.request(path(), { as: ruth, body: { port: 'NLRTM', seenOn: '2025-01-01', x: 1 } }),
      400,
    );
    expect((await portal.request(path(), { as: ben })).json.count).toBe(2);
  });

  it('a retry with the same Idempotency-Key records the sighting once; another body with it is refused', async () => {
    const other = await publishBulletin(portal, ben, { tlp: 'TLP:GREEN', categories: ['reefer-machinery'] });
    const at = `/api/v1/bulletins/${other.id}/sightings`;
    const headers = { 'idempotency-key': `sighting-${other.id}` };
    const body = { port: 'NLRTM', seenOn: '2025-02-10', note: 'Seen again' };
    const first = await portal.request(at, { as: ruth, body, headers });
    const retry = await portal.request(at, { as: ruth, body, headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json.id).toBe(first.json.id);
    const all = await portal.request(at, { as: ben });
    expect(all.json.count).toBe(1);
    const wb = await portal.request(
      '/api/v1/waterbed?indicator=sightings&category=reefer-machinery&from=2025-Q1&to=2025-Q1',
      { as: clara },
    );
    expect(wb.json.ports.find((p: any) => p.locode === 'NLRTM').quarters['2025-Q1']).toBe(1);
    expectProblem(await portal.request(at, { as: ruth, body: { ...body, port: 'DEHAM' }, headers }), 422);
    expect((await portal.request(at, { as: ben })).json.count).toBe(1);
  });

  it('listed per port: in full for the author organisation and the Commission, the count for other recipients, nothing outside the TLP', async () => {
    const atRotterdam = (as: string, query = '') =>
      portal.request(`/api/v1/ports/NLRTM/sightings${query}`, { as });
    const entry = (res: any) => res.json.bulletins.find((b: any) => b.bulletinId === bulletin.id);
    for (const as of [ben, clara]) {
      const res = await atRotterdam(as);
      expect(res.status).toBe(200);
      expect(res.json.port).toBe('NLRTM');
      expect(entry(res)).toMatchObject({ count: 1, lastSeenIn: '2025-Q1', tlp: 'TLP:AMBER' });
      expect(entry(res).sightings.map((s: any) => s.note)).toEqual(['Same seal pattern on two reefers']);
    }
    const recipient = await atRotterdam(hans);
    expect(entry(recipient)).toMatchObject({ count: 1, sightings: null });
    expect((await atRotterdam(hans, '?format=csv')).text).not.toContain('Same seal');
    expect((await atRotterdam(ben, '?format=csv')).text).toContain('Same seal pattern');
    // Audited as a read of the restricted bulletin's sightings, like the bulletin's own list.
    const { Items = [] } = await portal.db.send(
      new QueryCommand({
        TableName: portal.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditMonth('antwerp', portal.time.month) },
      }),
    );
    const portReads = Items.filter(
      (i) => i.action === 'bulletin.sightings.read' && JSON.stringify(i).includes('"port":"NLRTM"'),
    );
    // Ben and Hans read the list and its CSV, Clara the list; Alba sees no restricted bulletin there.
    expect(portReads.map((i) => i.actor.organisationId).sort()).toEqual([
      'antwerp',
      'antwerp',
      'commission',
      'hamburg',
      'hamburg',
    ]);
    const outside = await atRotterdam(alba);
    expect(outside.status).toBe(200);
    expect(entry(outside)).toBeUndefined();
    expect(outside.json.count).toBe(outside.json.bulletins.reduce((n: number, b: any) => n + b.count, 0));
    // Signed-in members only.
    expectProblem(await portal.request('/api/v1/ports/NLRTM/sightings'), 401);
    const badPort = await portal.request('/api/v1/ports/Rotterdam/sightings', { as: clara });
    expectProblem(badPort, 400);
    expect(problemFields(badPort)).toContain('locode');
  });

  it('a withdrawn bulletin takes no sightings: 409, nothing recorded or counted', async () => {
    const gone = await publishBulletin(portal, ben, { tlp: 'TLP:GREEN', categories: ['deep-concealment'] });
    const at = `/api/v1/bulletins/${gone.id}/sightings`;
    const withdrawn = await portal.request(`/api/v1/bulletins/${gone.id}/withdraw`, {
      as: ben,
      body: { reason: 'Wrong port' },
    });
    expect(withdrawn.status).toBe(200);
    expectProblem(await portal.request(at, { as: ruth, body: { port: 'NLRTM', seenOn: '2025-02-10' } }), 409);
    expect((await portal.request(at, { as: ben })).json.count).toBe(0);
    const wb = await portal.request(
      '/api/v1/waterbed?indicator=sightings&category=deep-concealment&from=2025-Q1&to=2025-Q1',
      { as: clara },
    );
    expect(wb.json.ports.find((p: any) => p.locode === 'NLRTM').quarters['2025-Q1']).toBe(0);
    expect(wb.json.spread.filter((s: any) => s.category === 'deep-concealment')).toEqual([]);
  });
});

describe('the waterbed', () => {
  // Three ports, seizures in kg: Antwerp squeezed, the load moves to Le Havre next door.
  const seized = {
    antwerp: ['ben@antwerp.example', [1000, 1000, 400]],
    'le-havre': ['lea@lehavre.example', [200, 200, 800]],
    gdansk: ['greg@gdansk.example', [100, 100, 100]],
  } as const;
  beforeAll(async () => {
    for (const [org, [as, values]] of Object.entries(seized)) {
      for (const [i, v] of values.entries()) {
        const res = await put(org, `2024-Q${i + 1}`, as, { figures: { seizures: fig(v) } });
        expect(res.status).toBe(200);
      }
    }
  });

  it('names a shift set up between two quarters, with its numbers', async () => {
    const res = await portal.request('/api/v1/waterbed?indicator=seizures&from=2024-Q1&to=2024-Q3', {
      as: clara,
    });
    expect(res.status).toBe(200);
    expect(res.json.signals).toHaveLength(1);
    const [signal] = res.json.signals;
    expect(signal).toMatchObject({
      from: '2024-Q2',
      to: '2024-Q3',
      rising: { locode: 'FRLEH', before: 200, after: 800 },
    });
    expect(signal.falling.map((f: any) => f.locode)).toEqual(['BEANR']);
    expect(signal.text).toContain('not a finding');
    const port = res.json.ports.find((p: any) => p.locode === 'FRLEH');
    expect(port).toMatchObject({
      organisationId: 'le-havre',
      quarters: { '2024-Q1': 200, '2024-Q2': 200, '2024-Q3': 800 },
    });
    expect(port.lat).toBeTypeOf('number');
    // Every member port is listed; one without figures has null, never zero.
    expect(res.json.ports.find((p: any) => p.locode === 'ITGOA').quarters['2024-Q1']).toBeNull();
    const csv = await portal.request(
      '/api/v1/waterbed?indicator=seizures&from=2024-Q1&to=2024-Q3&format=csv&view=signals',
      { as: clara },
    );
    expect(csv.text.split('\r\n')[1]).toContain('FRLEH');
  });

  it('no shift, no signal', async () => {
    const res = await portal.request('/api/v1/waterbed?indicator=seizures&from=2024-Q1&to=2024-Q2', {
      as: clara,
    });
    expect(res.json.signals).toEqual([]);
  });

  it('reads in at most 2 round trips whatever the quarters', async () => {
    const counter = countRoundTrips(portal.dynamo);
    await portal.request('/api/v1/waterbed', { as: ben }); // warm the member cache
    const { commands } = await counter.during(() =>
      portal.request('/api/v1/waterbed?indicator=seizures&from=2015-Q1&to=2024-Q4', { as: ben }),
    );
    expect(commands.length).toBeLessThanOrEqual(2);
    expect(commands).not.toContain('Scan');
  });

  it('stores each port as one string on the quarter’s item, and still reads entries written as maps', async () => {
    const key = keys.waterbedIndicatorQuarter('seizures', '2024-Q1');
    const { Item } = await portal.db.send(new GetCommand({ TableName: portal.tableName, Key: key }));
    expect(typeof Item?.[keys.waterbedReportAttribute('BEANR', 'antwerp')]).toBe('string');
    // An item from before the string form and the per-organisation entries (docs/waterbed.md):
    // one port's figures as a map under `P#<locode>`.
    await portal.db.send(
      new PutCommand({
        TableName: portal.tableName,
        Item: {
          ...keys.waterbedIndicatorQuarter('seizures', '2023-Q4'),
          'P#PLGDN': {
            source: { organisationId: 'gdansk', memberId: 'm-old', sharedWith: [] },
            figures: { seizures: { value: 90, tlp: 'TLP:GREEN' } },
          },
        },
      }),
    );
    const res = await portal.request('/api/v1/waterbed?indicator=seizures&from=2023-Q4&to=2024-Q1', {
      as: ben,
    });
    expect(res.json.ports.find((p: any) => p.locode === 'PLGDN').quarters).toEqual({
      '2023-Q4': 90,
      '2024-Q1': 100,
    });
  });

  it('refuses bad ranges, indicators and categories with the field named', async () => {
    const backwards = await portal.request('/api/v1/waterbed?from=2024-Q3&to=2024-Q1', { as: clara });
    expectProblem(backwards, 400);
    expect(problemFields(backwards)).toContain('from');
    expectProblem(await portal.request('/api/v1/waterbed?from=2000-Q1&to=2024-Q1', { as: clara }), 400);
    expectProblem(await portal.request('/api/v1/waterbed?indicator=tonnes', { as: clara }), 400);
    expectProblem(
      await portal.request('/api/v1/waterbed?indicator=seizures&category=rip-on-rip-off', { as: clara }),
      400,
    );
  });
});

describe('the read cache', () => {
  const page = (indicator: string) => `/api/v1/waterbed?indicator=${indicator}&from=2023-Q1&to=2023-Q2`;

  /** Asks twice (the first read is beside the version, the second after it) and counts the third. */
  async function readAgain(indicator: string, as = clara) {
    const counter = countRoundTrips(portal.dynamo);
    await portal.request(page(indicator), { as });
    await portal.request(page(indicator), { as });
    const { result, commands } = await counter.during(() => portal.request(page(indicator), { as }));
    return { res: result, queries: commands.filter((c) => c === 'Query').length };
  }

  it('answers a page asked before from what it read, until a report changes the figures', async () => {
    await put('hamburg', '2023-Q1', hans, { figures: { seizures: fig(7) }, note: 'Before' });
    const before = await readAgain('seizures');
    expect(before.queries).toBe(1);
    expect(before.res.json.ports.find((p: any) => p.locode === 'DEHAM').quarters['2023-Q1']).toBe(7);

    await put(
      'hamburg',
      '2023-Q1',
      hans,
      { figures: { seizures: fig(8) }, note: 'After' },
      { 'if-match': '"1"' },
    );
    const counter = countRoundTrips(portal.dynamo);
    const { result, commands } = await counter.during(() => portal.request(page('seizures'), { as: clara }));
    expect(commands.filter((c) => c === 'Query')).toHaveLength(2);
    expect(result.json.ports.find((p: any) => p.locode === 'DEHAM').quarters['2023-Q1']).toBe(8);
  });

  it('a figure kept for the Commission never answers a viewer outside its TLP', async () => {
    await put('algeciras', '2023-Q2', alba, { figures: { seizures: fig(31, 'TLP:AMBER') }, note: 'Amber' });
    const forClara = await readAgain('seizures', clara);
    expect(forClara.res.json.ports.find((p: any) => p.locode === 'ESALG').quarters['2023-Q2']).toBe(31);
    const forHans = await readAgain('seizures', hans);
    expect(forHans.queries).toBe(1); // answered from the same aggregate as Clara's
    expect(forHans.res.json.ports.find((p: any) => p.locode === 'ESALG').quarters['2023-Q2']).toBeNull();
  });

  it('a sighting recorded changes the version of the sightings', async () => {
    const bulletin = await publishBulletin(portal, ben, {
      tlp: 'TLP:GREEN',
      categories: ['reefer-machinery'],
      originCountries: ['EC'],
    });
    const before = await readAgain('sightings');
    expect(before.queries).toBe(1);
    const count = (res: any) =>
      res.json.ports.find((p: any) => p.locode === 'NLRTM')?.quarters['2023-Q1'] ?? 0;
    const res = await portal.request(`/api/v1/bulletins/${bulletin.id}/sightings`, {
      as: ruth,
      body: { port: 'NLRTM', seenOn: '2023-02-01' },
    });
    expect(res.status).toBe(201);
    const after = await portal.request(page('sightings'), { as: clara });
    expect(count(after)).toBe(count(before.res) + 1);
  });
});
