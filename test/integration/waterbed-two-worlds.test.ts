import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoAlliance } from '../../functions/local/demo-alliance';
import { canSee, type TlpLabel } from '../../shared';
import { type Figures, figureLabels, figureVisible, indicatorNames } from '../../shared/indicators';
import { canSeeAssessment } from '../../shared/permissions';
import { createTestPortal, demoMember, type TestPortal } from '../support/portal';
import { publishBulletin } from '../support/shared-items';
import { viewerOf } from '../support/tlp-arbitraries';

/**
 * Issue 14's property, in the style of two-worlds.test.ts: two worlds that differ only in
 * figures, and bulletins (the ports they name, their sightings), the viewer may not see give that
 * viewer identical waterbeds (every indicator, JSON and CSV, signals, spread, origins,
 * harmonization deficits), identical per-port sighting lists and identical indicator
 * histories. World A holds what the viewer may see (a report keeps only its visible figures; a
 * bulletin they may not see, with its sightings, is left out; so is an assessment of another
 * organisation, unless the viewer is the Commission); world B holds everything.
 */

const reporters = {
  antwerp: 'ben@antwerp.example',
  rotterdam: 'ruth@rotterdam.example',
  hamburg: 'hans@hamburg.example',
  // An agency reporting for the port it works with (NLRTM), beside its port authority.
  'nl-seaport-police': 'pieter@police-nl.example',
} as const;
type Reporter = keyof typeof reporters;
const viewers = [
  'hans@hamburg.example',
  'bo@antwerp.example',
  'sam@northsea-line.example',
  'clara@commission.example',
];
const quarters = ['2024-Q1', '2024-Q2', '2024-Q3'] as const;
const sightingDays = ['2024-02-10', '2024-05-10', '2024-08-10'] as const;
const ports = ['BEANR', 'NLRTM', 'DEHAM'] as const;
const kindOf = (org: string) => demoAlliance.find((o) => o.id === org)?.kind;
const statuses = ['implemented', 'in_progress', 'not_implemented', 'not_applicable'] as const;
const checklistItems = ['H1', 'H2', 'H3'].map((id, i) => ({
  id,
  text: `Harmonized control ${id}`,
  level: i < 2 ? 'mandatory' : 'recommended',
  area: 'access_control',
}));

const reportArb = fc.record({
  org: fc.constantFrom<Reporter>('antwerp', 'rotterdam', 'hamburg', 'nl-seaport-police'),
  quarter: fc.constantFrom(...quarters),
  figures: fc.dictionary(
    fc.constantFrom(...indicatorNames),
    fc.record(
      {
        value: fc.integer({ min: 0, max: 5000 }),
        tlp: fc.constantFrom(...figureLabels),
        // A figure's source note goes wherever the figure goes, and nowhere else.
        sourceNote: fc.constantFrom('Customs register', 'Terminal count'),
      },
      { requiredKeys: ['value', 'tlp'] },
    ),
    { minKeys: 1, maxKeys: 5 },
  ),
  sharedWith: fc.subarray(['antwerp', 'hamburg', 'northsea-line', 'valencia']),
});
const bulletinArb = fc.record({
  author: fc.constantFrom(...Object.values(reporters)),
  tlp: fc.constantFrom<TlpLabel>('TLP:GREEN', 'TLP:AMBER'),
  orgs: fc.subarray(['antwerp', 'rotterdam', 'hamburg', 'commission'], { minLength: 1 }),
  category: fc.constantFrom('rip-on-rip-off', 'reefer-machinery'),
  origin: fc.constantFrom('EC', 'CO'),
  // The ports it names: counted there in its quarter (2025-Q1, the worlds' clock).
  ports: fc.subarray([...ports]),
  sightings: fc.array(fc.record({ port: fc.constantFrom(...ports), day: fc.constantFrom(...sightingDays) }), {
    minLength: 1,
    maxLength: 2,
  }),
});
const assessmentArb = fc.record({
  org: fc.constantFrom<Reporter>('antwerp', 'rotterdam', 'hamburg'),
  statuses: fc.tuple(...checklistItems.map(() => fc.constantFrom(...statuses))),
});

const clock = new Date('2025-01-15T10:00:00.000Z');
// Same bulletin, same ids in both worlds (the per-port sighting lists show bulletin and sighting
// ids): `<nth bulletin spec>-0000-4000-8000-<nth id made for it>`, whichever world makes it.
const ids = new Map<TestPortal, { spec: number; made: number }>();
let specs = 0;
const pairs = new Map<string, { a: TestPortal; b: TestPortal }>();
async function pairFor(viewer: string) {
  let pair = pairs.get(viewer);
  if (!pair) {
    const world = async () => {
      const next = { spec: 0, made: 0 };
      const portal = await createTestPortal({
        seed: 'directory',
        overrides: {
          now: () => clock,
          newId: () =>
            `${String(next.spec).padStart(8, '0')}-0000-4000-8000-${String(next.made++).padStart(12, '0')}`,
        },
      });
      ids.set(portal, next);
      return portal;
    };
    pair = { a: await world(), b: await world() };
    for (const portal of [pair.a, pair.b]) await publishChecklist(portal);
    pairs.set(viewer, pair);
  }
  return pair;
}

/** The same checklist for port authorities in both worlds, so deficits have something to measure. */
async function publishChecklist(portal: TestPortal) {
  const as = 'carl@commission.example';
  const body = {
    id: 'harmonized',
    title: 'Harmonized controls',
    description: 'Two worlds',
    appliesTo: ['port_authority'],
    dueAt: '2025-06-30T00:00:00.000Z',
    items: checklistItems,
  };
  expect((await portal.request('/api/v1/checklists', { as, body })).status).toBe(201);
  expect((await portal.request('/api/v1/checklists/harmonized/publish', { as, method: 'POST' })).status).toBe(
    201,
  );
}

type AssessmentSpec = typeof assessmentArb extends fc.Arbitrary<infer T> ? T : never;
async function assess(portal: TestPortal, spec: AssessmentSpec) {
  const res = await portal.request(`/api/v1/checklists/harmonized/versions/1/assessments/${spec.org}`, {
    as: reporters[spec.org],
    method: 'PUT',
    body: { items: checklistItems.map((item, i) => ({ itemId: item.id, status: spec.statuses[i] })) },
  });
  expect([200, 201]).toContain(res.status);
}

type ReportSpec = typeof reportArb extends fc.Arbitrary<infer T> ? T : never;
type BulletinSpec = typeof bulletinArb extends fc.Arbitrary<infer T> ? T : never;

async function report(portal: TestPortal, spec: ReportSpec, figures: Figures) {
  const res = await portal.request(`/api/v1/organisations/${spec.org}/indicators/${spec.quarter}`, {
    as: reporters[spec.org],
    method: 'PUT',
    body: { figures, sharedWith: spec.sharedWith },
  });
  expect(res.status).toBe(200);
}

async function bulletinWithSightings(portal: TestPortal, spec: BulletinSpec, serial: number) {
  Object.assign(ids.get(portal)!, { spec: serial, made: 0 });
  const { id } = await publishBulletin(portal, spec.author, {
    tlp: spec.tlp,
    categories: [spec.category],
    originCountries: [spec.origin],
    ports: spec.ports,
    recipients: { organisations: spec.orgs, members: [] },
  });
  for (const s of spec.sightings) {
    const res = await portal.request(`/api/v1/bulletins/${id}/sightings`, {
      as: spec.author,
      body: { port: s.port, seenOn: s.day },
    });
    expect(res.status).toBe(201);
  }
}

// Through 2025-Q1, the quarter the bulletins are published in.
const reads = [
  ...['cocaineSeizedKg', 'seizures', 'scanRate', 'riskOriginScanRate', 'bulletins', 'sightings'].flatMap(
    (i) => [
      `/api/v1/waterbed?indicator=${i}&from=2024-Q1&to=2025-Q1&threshold=0.01`,
      `/api/v1/waterbed?indicator=${i}&from=2024-Q1&to=2025-Q1&threshold=0.01&format=csv`,
      `/api/v1/waterbed?indicator=${i}&from=2024-Q1&to=2025-Q1&threshold=0.01&format=csv&view=signals`,
    ],
  ),
  '/api/v1/waterbed?indicator=sightings&category=rip-on-rip-off&from=2024-Q1&to=2025-Q1',
  '/api/v1/waterbed?indicator=bulletins&category=reefer-machinery&from=2024-Q1&to=2025-Q1',
  '/api/v1/waterbed?indicator=sightings&from=2024-Q1&to=2025-Q1&format=csv&view=spread',
  '/api/v1/waterbed?indicator=bulletins&from=2024-Q1&to=2025-Q1&format=csv&view=origins',
  ...ports.flatMap((p) => [`/api/v1/ports/${p}/sightings`, `/api/v1/ports/${p}/sightings?format=csv`]),
  ...Object.keys(reporters).map((org) => `/api/v1/organisations/${org}/indicators`),
  ...Object.keys(reporters).flatMap((org) =>
    quarters.map((q) => `/api/v1/organisations/${org}/indicators/${q}`),
  ),
];

async function answers(portal: TestPortal, viewer: string) {
  const seen: Record<string, unknown> = {};
  for (const path of reads) {
    const res = await portal.request(path, { as: viewer });
    const { requestId: _, ...body } = res.json ?? { text: res.text };
    seen[path] = { status: res.status, body };
  }
  return seen;
}

describe('the waterbed in two worlds that differ only in what the viewer may not see', () => {
  it('gives the viewer identical maps, totals, signals, CSV and histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...viewers),
        fc.array(reportArb, { minLength: 1, maxLength: 4 }),
        fc.array(bulletinArb, { maxLength: 2 }),
        fc.array(assessmentArb, { maxLength: 2 }),
        async (viewer, reports, bulletins, assessments) => {
          const { a, b } = await pairFor(viewer);
          const v = viewerOf(viewer);
          const kind = kindOf(demoMember(viewer).organisationId);
          for (const spec of reports) {
            const source = {
              organisationId: spec.org,
              memberId: demoMember(reporters[spec.org]).id,
              sharedWith: spec.sharedWith,
            };
            const visible = Object.fromEntries(
              Object.entries(spec.figures).filter(([, f]) => figureVisible(v, kind, source, f.tlp)),
            );
            await report(a, spec, visible);
            await report(b, spec, spec.figures as Figures);
          }
          for (const spec of bulletins) {
            const author = demoMember(spec.author);
            const seen = canSee(v, {
              tlp: spec.tlp,
              status: 'published',
              authorId: author.id,
              authorOrganisationId: author.organisationId,
              recipients: { organisations: spec.orgs, members: [] },
            });
            const serial = ++specs;
            if (seen) await bulletinWithSightings(a, spec, serial);
            await bulletinWithSightings(b, spec, serial);
          }
          for (const spec of assessments) {
            if (canSeeAssessment(v, kind, spec.org)) await assess(a, spec);
            await assess(b, spec);
          }
          expect(await answers(b, viewer)).toEqual(await answers(a, viewer));
        },
      ),
      { numRuns: 16 },
    );
  }, 600_000);
});
