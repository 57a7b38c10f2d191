import { beforeAll, describe, expect, it } from 'vitest';
import { inDays as daysFrom } from '../support/clock';
import { createTestPortal, expectProblem, type TestPortal } from '../support/portal';

/** The port-by-item grid of a version's scoreboard, `?view=port-items` (docs/review.md). */
let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal();
});

const carl = 'carl@commission.example';
const ben = 'ben@antwerp.example';
const ruth = 'ruth@rotterdam.example';

const items = [
  { id: 'AC-01', text: 'Gate badge checks for every person', level: 'mandatory', area: 'access_control' },
  { id: 'AC-02', text: 'Scanner for flagged containers', level: 'mandatory', area: 'container_scanning' },
  { id: 'AC-03', text: 'Single-use release PINs', level: 'recommended', area: 'it_security' },
];

let n = 0;
async function publishedWithAnswers() {
  const id = `port-grid-${++n}`;
  const draft = await portal.request('/api/v1/checklists', {
    as: carl,
    body: {
      id,
      title: 'Port grid',
      appliesTo: ['port_authority'],
      dueAt: daysFrom(30, portal.time.start),
      items,
    },
  });
  expect(draft.status).toBe(201);
  expect(
    (await portal.request(`/api/v1/checklists/${id}/publish`, { as: carl, method: 'POST' })).status,
  ).toBe(201);
  const submit = async (as: string, org: string, statuses: string[]) => {
    const res = await portal.request(`/api/v1/checklists/${id}/versions/1/assessments/${org}`, {
      as,
      method: 'PUT',
      body: { items: items.map((item, i) => ({ itemId: item.id, status: statuses[i] })) },
    });
    expect(res.status).toBe(201);
  };
  await submit(ben, 'antwerp', ['implemented', 'in_progress', 'implemented']);
  await submit(ruth, 'rotterdam', ['not_implemented', 'implemented', 'not_applicable']);
  for (const [item, decision] of [
    ['AC-03', 'accepted'],
    ['AC-01', 'needs_evidence'],
  ]) {
    const res = await portal.request(
      `/api/v1/checklists/${id}/versions/1/assessments/antwerp/items/${item}/review`,
      {
        as: carl,
        method: 'PUT',
        headers: { 'if-match': '"1"' },
        body: { decision, comment: 'Show the log.' },
      },
    );
    expect(res.status).toBe(200);
  }
  return `/api/v1/progress/checklists/${id}/versions/1`;
}

describe('the port-by-item grid', () => {
  it('gives the Commission a row per applicable organisation and a cell per item: answer and review', async () => {
    const base = await publishedWithAnswers();
    const res = await portal.request(`${base}?view=port-items`, { as: carl });
    expect(res.status).toBe(200);
    expect(res.json.view).toBe('port-items');
    expect(res.json.items.map((i: { itemId: string }) => i.itemId)).toEqual(['AC-01', 'AC-02', 'AC-03']);
    const rows = new Map(res.json.rows.map((r: { organisationId: string }) => [r.organisationId, r]));
    expect(rows.get('antwerp')).toMatchObject({
      acknowledged: true,
      cells: [
        { itemId: 'AC-01', status: 'implemented', review: 'needs_evidence' },
        { itemId: 'AC-02', status: 'in_progress', review: 'awaiting_review' },
        { itemId: 'AC-03', status: 'implemented', review: 'accepted' },
      ],
    });
    expect(rows.get('rotterdam')).toMatchObject({
      cells: [
        { status: 'not_implemented', review: 'awaiting_review' },
        { status: 'implemented' },
        { status: 'not_applicable' },
      ],
    });
    expect(rows.get('genoa')).toMatchObject({
      acknowledged: false,
      cells: items.map((i) => ({ itemId: i.id, status: null, review: null })),
    });
    // Port authorities only: the version does not apply to shipping companies.
    expect(rows.has('northsea-line')).toBe(false);
    const countries = res.json.rows.map((r: { country: string }) => r.country);
    expect(countries).toEqual([...countries].sort());

    const csv = await portal.request(`${base}?view=port-items&format=csv`, { as: carl });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('organisationId,name,kind,country,acknowledged,AC-01,AC-02,AC-03');
    expect(lines).toHaveLength(1 + res.json.rows.length);
    expect(lines.find((l) => l.startsWith('antwerp,'))).toMatch(
      /,true,implemented\+needs_evidence,in_progress\+awaiting_review,implemented\+accepted$/,
    );
    expect(lines.find((l) => l.startsWith('genoa,'))).toMatch(/,false,,,$/);
  });

  it('gives a member its own row only', async () => {
    const base = await publishedWithAnswers();
    const own = await portal.request(`${base}?view=port-items`, { as: ben });
    expect(own.status).toBe(200);
    expect(own.json.rows).toHaveLength(1);
    expect(own.json.rows[0]).toMatchObject({ organisationId: 'antwerp', acknowledged: true });
    const csv = await portal.request(`${base}?view=port-items&format=csv`, { as: ruth });
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^rotterdam,/);
  });

  it('refuses an unknown view (400) and answers 404 for an unknown version', async () => {
    const base = await publishedWithAnswers();
    await expectProblem(await portal.request(`${base}?view=port-item`, { as: carl }), 400);
    await expectProblem(
      await portal.request('/api/v1/progress/checklists/no-such-checklist/versions/1?view=port-items', {
        as: carl,
      }),
      404,
    );
  });
});
