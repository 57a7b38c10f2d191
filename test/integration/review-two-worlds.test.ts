import { randomBytes } from 'node:crypto';
import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CursorSealer } from '../../functions/api/cursor';
import { createTestPortal, type TestPortal } from '../support/portal';

/**
 * Issue 13's property (docs/review.md): a member outside the Commission gets identical answers from
 * the drill-down, the port view, the port-by-item grid and the assessment reads in two worlds that differ only in other
 * organisations' assessments, their reviews and their peer reviewers. World A holds the viewer's
 * own assessment and its reviews; world B the same, plus other organisations' answers and reviews
 * before and after it. Same clock, same ids and one cursor key in both, so equal answers mean the
 * viewer learns nothing of the others.
 */

const carl = 'carl@commission.example';
const items = ['AC-01', 'AC-02', 'AC-03'];
const statusArb = fc.constantFrom('implemented', 'in_progress', 'not_implemented', 'not_applicable');
const answersArb = fc.array(statusArb, { minLength: 3, maxLength: 3 });
const reviewArb = fc.record({
  item: fc.constantFrom(...items),
  decision: fc.constantFrom('accepted', 'needs_evidence', 'not_accepted'),
});

/** Viewers and the organisations they belong to; the others answer only in world B. */
const viewers = [
  { email: 'ruth@rotterdam.example', org: 'rotterdam' },
  { email: 'sam@northsea-line.example', org: 'northsea-line' },
  { email: 'bo@antwerp.example', org: 'antwerp', submitter: 'ben@antwerp.example' },
];
const others = [
  { email: 'ben@antwerp.example', org: 'antwerp' },
  { email: 'hans@hamburg.example', org: 'hamburg' },
  { email: 'ines@iberia-reefer.example', org: 'iberia-reefer' },
  { email: 'gio@genoa.example', org: 'genoa' },
  { email: 'ruth@rotterdam.example', org: 'rotterdam' },
];

const otherArb = fc.record({
  who: fc.constantFrom(...others),
  answers: answersArb,
  reviews: fc.array(reviewArb, { maxLength: 3 }),
  peer: fc.option(fc.constantFrom('hamburg', 'genoa', 'iberia-reefer'), { nil: undefined }),
  before: fc.boolean(),
});

const cursorKey = randomBytes(32);
const fixed = new Date('2026-11-20T10:00:00.000Z');
let a: TestPortal;
let b: TestPortal;
beforeAll(async () => {
  const make = () =>
    createTestPortal({
      seed: 'directory',
      overrides: { now: () => fixed, cursors: new CursorSealer(cursorKey) },
    });
  [a, b] = await Promise.all([make(), make()]);
}, 120_000);

const path = (id: string, org: string) => `/api/v1/checklists/${id}/versions/1/assessments/${org}`;
const body = (statuses: readonly string[]) => ({
  items: items.map((itemId, i) => ({ itemId, status: statuses[i] })),
});

async function publish(portal: TestPortal, id: string) {
  const draft = await portal.request('/api/v1/checklists', {
    as: carl,
    body: {
      id,
      title: `Two worlds ${id}`,
      appliesTo: ['port_authority', 'shipping_company'],
      dueAt: '2026-12-20T00:00:00.000Z',
      items: items.map((itemId, i) => ({
        id: itemId,
        text: `Control ${itemId}`,
        level: i < 2 ? 'mandatory' : 'recommended',
        area: 'access_control',
      })),
    },
  });
  expect(draft.status).toBe(201);
  expect(
    (await portal.request(`/api/v1/checklists/${id}/publish`, { as: carl, method: 'POST' })).status,
  ).toBe(201);
}

/** One organisation's answers and Carl's reviews of them (each review on the revision just read). */
async function answerAndReview(
  portal: TestPortal,
  id: string,
  as: string,
  org: string,
  statuses: readonly string[],
  reviews: readonly { item: string; decision: string }[],
) {
  const submitted = await portal.request(path(id, org), { as, method: 'PUT', body: body(statuses) });
  expect([200, 201]).toContain(submitted.status);
  for (const r of reviews) {
    const res = await portal.request(`${path(id, org)}/items/${r.item}/review`, {
      as: carl,
      method: 'PUT',
      headers: { 'if-match': `"${submitted.json.revision}"` },
      body: { decision: r.decision, comment: 'Reviewed in the two-worlds test' },
    });
    expect(res.status).toBe(200);
  }
}

const withoutRequestId = (res: { status: number; json: any; text: string }) => {
  if (res.json && typeof res.json === 'object') {
    const { requestId: _, ...rest } = res.json;
    return { status: res.status, body: rest };
  }
  return { status: res.status, body: res.text };
};

/** Every page of a drill-down, following cursors. */
async function walk(portal: TestPortal, as: string, url: string) {
  const pages: unknown[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await portal.request(`${url}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      as,
    });
    pages.push(withoutRequestId(res));
    cursor = res.status === 200 ? res.json.nextCursor : null;
  } while (cursor && pages.length < 20);
  return pages;
}

async function seenBy(portal: TestPortal, id: string, viewer: (typeof viewers)[number]) {
  const base = `/api/v1/progress/checklists/${id}/versions/1`;
  const seen: Record<string, unknown> = {};
  for (const query of [
    '?limit=1',
    '?limit=5',
    '?country=NL&limit=2',
    '?kind=port_authority&limit=1',
    '?organisationId=antwerp&limit=1',
    '?itemId=AC-01&status=implemented&limit=1',
    '?itemId=AC-02&review=accepted&limit=3',
  ]) {
    seen[`drill ${query}`] = await walk(portal, viewer.email, `${base}/organisations${query}`);
  }
  seen.ports = withoutRequestId(await portal.request(`${base}?view=ports`, { as: viewer.email }));
  seen.portsCsv = (await portal.request(`${base}?view=ports&format=csv`, { as: viewer.email })).text;
  seen.portItems = withoutRequestId(await portal.request(`${base}?view=port-items`, { as: viewer.email }));
  seen.portItemsCsv = (await portal.request(`${base}?view=port-items&format=csv`, { as: viewer.email })).text;
  seen.list = withoutRequestId(
    await portal.request(`/api/v1/checklists/${id}/versions/1/assessments`, { as: viewer.email }),
  );
  for (const org of ['rotterdam', 'northsea-line', 'antwerp', 'hamburg', 'genoa', 'iberia-reefer']) {
    seen[`assessment ${org}`] = withoutRequestId(await portal.request(path(id, org), { as: viewer.email }));
  }
  return seen;
}

let run = 0;
let othersMade = 0;
describe('two worlds that differ only in other organisations’ assessments and reviews', () => {
  it('give a member identical drill-downs, port views, port-by-item grids and assessment reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...viewers),
        answersArb,
        fc.array(reviewArb, { maxLength: 3 }),
        fc.array(otherArb, { maxLength: 4 }),
        async (viewer, own, ownReviews, rest) => {
          const id = `two-worlds-${++run}`;
          await Promise.all([publish(a, id), publish(b, id)]);
          const theirs = rest.filter((o) => o.who.org !== viewer.org);
          othersMade += theirs.length;
          const other = async (o: (typeof theirs)[number]) => {
            await answerAndReview(b, id, o.who.email, o.who.org, o.answers, o.reviews);
            if (o.peer && o.peer !== o.who.org && o.peer !== viewer.org) {
              const res = await b.request(`${path(id, o.who.org)}/peer-reviewer`, {
                as: carl,
                method: 'PUT',
                body: { reviewerOrganisationId: o.peer },
              });
              expect(res.status).toBe(200);
            }
          };
          for (const o of theirs.filter((t) => t.before)) await other(o);
          const submitter = viewer.submitter ?? viewer.email;
          for (const w of [a, b]) await answerAndReview(w, id, submitter, viewer.org, own, ownReviews);
          for (const o of theirs.filter((t) => !t.before)) await other(o);

          const inA = await seenBy(a, id, viewer);
          const inB = await seenBy(b, id, viewer);
          for (const key of Object.keys(inA)) expect(inB[key], key).toEqual(inA[key]);
        },
      ),
      { numRuns: 12 },
    );
    // Not vacuous: world B held other organisations' answers.
    expect(othersMade).toBeGreaterThan(0);
  }, 600_000);
});
