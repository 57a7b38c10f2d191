import { beforeAll, describe, expect, it } from 'vitest';
import { stixIds, stixMediaType, tlpMarkingIds } from '../../functions/api/stix';
import { auditTrail } from '../support/audit-trail';
import { monthOf } from '../support/clock';
import { createTestPortal, expectProblem, manualClock, type TestPortal } from '../support/portal';
import { publishBulletin } from '../support/shared-items';
import { stixErrors } from '../support/stix-schemas';

const ben = 'ben@antwerp.example';
const ruth = 'ruth@rotterdam.example';
const hans = 'hans@hamburg.example';

const start = Date.parse('2026-06-15T10:00:00Z');
const clock = manualClock();
const now = () => new Date(start + clock.now());

let portal: TestPortal;
let amber: { id: string; revision: number };

beforeAll(async () => {
  portal = await createTestPortal({ overrides: { now, cacheClock: clock.now } });
  amber = (await publishBulletin(portal, ben, {
    ports: ['BEANR', 'NLRTM'],
    originCountries: ['EC', 'CO'],
    categories: ['reefer-machinery', 'rip-on-rip-off'],
  })) as { id: string; revision: number };
});

type Bundle = { type: string; id: string; objects?: ({ type: string; id: string } & Record<string, any>)[] };

describe('GET /api/v1/bulletins/{id}/stix', () => {
  it('exports a bulletin the viewer may see as a valid STIX 2.1 bundle', async () => {
    const res = await portal.request(`/api/v1/bulletins/${amber.id}/stix`, { as: ruth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(stixMediaType);
    const bundle = res.json as Bundle;
    expect(stixErrors(bundle)).toEqual([]);
    const report = bundle.objects!.find((o) => o.type === 'report')!;
    expect(report).toMatchObject({
      id: stixIds.report(amber.id),
      created_by_ref: stixIds.identity('antwerp'),
      labels: ['reefer-machinery', 'rip-on-rip-off', 'severity:high'],
      object_marking_refs: [tlpMarkingIds['TLP:AMBER']],
    });
    expect(report.object_refs).toEqual(
      expect.arrayContaining([stixIds.port('BEANR'), stixIds.port('NLRTM'), stixIds.country('EC')]),
    );
    const identity = bundle.objects!.find((o) => o.type === 'identity')!;
    expect(identity.name).not.toBe('antwerp');
    expect(bundle.objects!.map((o) => o.id)).toContain(tlpMarkingIds['TLP:AMBER']);
  });

  it('is 404 for a bulletin the viewer may not see, and 401 without a token', async () => {
    expectProblem(await portal.request(`/api/v1/bulletins/${amber.id}/stix`, { as: hans }), 404);
    expectProblem(await portal.request(`/api/v1/bulletins/${amber.id}/stix`), 401);
    expectProblem(await portal.request('/api/v1/bulletins/not-a-uuid/stix', { as: ruth }), 400);
  });

  it('audits the export of restricted material like a read', async () => {
    await portal.request(`/api/v1/bulletins/${amber.id}/stix`, { as: ruth });
    const trail = await auditTrail(portal, 'antwerp', monthOf(now()));
    expect(trail.some((e) => e.action === 'bulletin.read' && e.details?.format === 'stix')).toBe(true);
  });

  it('keeps every id across a revision and moves the report’s `modified`', async () => {
    const before = (await portal.request(`/api/v1/bulletins/${amber.id}/stix`, { as: ruth })).json as Bundle;
    clock.advance(60_000);
    const revised = await portal.request(`/api/v1/bulletins/${amber.id}/revisions`, {
      as: ben,
      headers: { 'if-match': `"${amber.revision}"` },
      body: { note: 'Better title', changes: { title: 'Rip-on in reefers from Guayaquil, revised' } },
    });
    expect(revised.status).toBe(201);
    const after = (await portal.request(`/api/v1/bulletins/${amber.id}/stix`, { as: ruth })).json as Bundle;
    expect(after.objects!.map((o) => o.id)).toEqual(before.objects!.map((o) => o.id));
    const r0 = before.objects!.find((o) => o.type === 'report')!;
    const r1 = after.objects!.find((o) => o.type === 'report')!;
    expect(r1.created).toBe(r0.created);
    expect(r1.modified > r0.modified).toBe(true);
    expect(r1.name).toBe('Rip-on in reefers from Guayaquil, revised');
  });
});

describe('GET /api/v1/bulletins?format=stix|csv', () => {
  it('exports exactly the bulletins of the viewer’s feed page, as STIX and as CSV', async () => {
    await publishBulletin(portal, ruth, { tlp: 'TLP:GREEN', recipients: { organisations: [], members: [] } });
    await publishBulletin(portal, hans, {
      recipients: { organisations: ['hamburg'], members: [] },
      ports: ['DEHAM'],
    });
    const json = await portal.request('/api/v1/bulletins?limit=50', { as: ruth });
    const ids: string[] = json.json.items.map((i: { id: string }) => i.id);
    const stix = await portal.request('/api/v1/bulletins?format=stix&limit=50', { as: ruth });
    expect(stix.headers.get('content-type')).toBe(stixMediaType);
    const bundle = stix.json as Bundle;
    expect(stixErrors(bundle)).toEqual([]);
    const reports = bundle.objects!.filter((o) => o.type === 'report').map((o) => o.id);
    expect(reports.sort()).toEqual(ids.map(stixIds.report).sort());
    const csv = await portal.request('/api/v1/bulletins?format=csv&limit=50', { as: ruth });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]!.split(',')[0]).toBe('id');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual([...ids].sort());
  });

  it('pages exports with a Link header that round-trips every bulletin once', async () => {
    const all = (await portal.request('/api/v1/bulletins?limit=100', { as: ruth })).json.items.map(
      (i: any) => i.id,
    );
    expect(all.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let next: string | null = '/api/v1/bulletins?format=csv&limit=2';
    while (next) {
      const page = await portal.request(next, { as: ruth });
      expect(page.status).toBe(200);
      seen.push(
        ...page.text
          .trimEnd()
          .split('\r\n')
          .slice(1)
          .map((l) => l.split(',')[0]!),
      );
      next = page.headers.get('link')?.match(/^<([^>]+)>; rel="next"$/)?.[1] ?? null;
    }
    expect(seen).toEqual(all);
  });

  it('defuses spreadsheet formulas in CSV cells', async () => {
    const evil = await publishBulletin(portal, ben, {
      title: '=HYPERLINK("http://evil.example","click")',
      summary: '+SUM(1,2)',
      tlp: 'TLP:GREEN',
      recipients: { organisations: [], members: [] },
    });
    const csv = await portal.request('/api/v1/bulletins?format=csv&limit=100', { as: ruth });
    const row = csv.text.split('\r\n').find((l) => l.startsWith(evil.id))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(row).toContain(`"'+SUM(1,2)"`);
    expect(row).not.toMatch(/,[=+\-@]/);
  });

  it('refuses an unknown format, naming the field', async () => {
    const res = await portal.request('/api/v1/bulletins?format=xml', { as: ruth });
    expectProblem(res, 400);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toContain('format');
  });
});
