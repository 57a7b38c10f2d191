import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { inDays } from '../support/clock';
import { createTestPortal, type TestPortal } from '../support/portal';

/**
 * Members outside the Commission see anonymous alliance averages only when at least three
 * organisations other than their own have answered (shared/progress.ts `averageShown`).
 */
const carl = 'carl@commission.example';
const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';
const sam = 'sam@northsea-line.example';
const contributors: Record<string, string> = {
  antwerp: ben,
  rotterdam: 'ruth@rotterdam.example',
  hamburg: 'hans@hamburg.example',
  algeciras: 'alba@algeciras.example',
};

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal();
});

const statuses = ['implemented', 'in_progress', 'not_implemented', 'not_applicable'] as const;
type Status = (typeof statuses)[number];

let counter = 0;
async function publishedChecklist(): Promise<string> {
  const id = `averages-${++counter}-${Date.now().toString(36)}`;
  const draft = await portal.request('/api/v1/checklists', {
    as: carl,
    body: {
      id,
      title: 'Averages under test',
      appliesTo: ['port_authority'],
      dueAt: inDays(30, portal.time.start),
      items: [
        { id: 'G1', text: 'Gate badge checks', level: 'mandatory', area: 'access_control' },
        { id: 'G2', text: 'Scanner coverage', level: 'mandatory', area: 'container_scanning' },
        { id: 'G3', text: 'Vetting refresh', level: 'recommended', area: 'personnel_vetting' },
      ],
    },
  });
  expect(draft.status).toBe(201);
  const version = await portal.request(`/api/v1/checklists/${id}/publish`, { as: carl, method: 'POST' });
  expect(version.status).toBe(201);
  return id;
}

async function answer(id: string, organisationId: string, s: readonly Status[]) {
  const res = await portal.request(`/api/v1/checklists/${id}/versions/1/assessments/${organisationId}`, {
    as: contributors[organisationId]!,
    method: 'PUT',
    body: { items: ['G1', 'G2', 'G3'].map((itemId, i) => ({ itemId, status: s[i] })) },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
}

const progress = (id: string, as: string, csv = false) =>
  portal.request(`/api/v1/progress/checklists/${id}/versions/1${csv ? '?format=csv' : ''}`, { as });

const overviewRow = async (id: string, as: string) => {
  const res = await portal.request('/api/v1/progress', { as });
  return res.json.checklists.find((c: { checklistId: string }) => c.checklistId === id);
};

describe('anonymous averages', () => {
  it('hides them from a member whose organisation is one of exactly three that answered', async () => {
    const id = await publishedChecklist();
    await answer(id, 'antwerp', ['implemented', 'implemented', 'implemented']);
    await answer(id, 'rotterdam', ['not_implemented', 'implemented', 'in_progress']);
    await answer(id, 'hamburg', ['implemented', 'not_implemented', 'in_progress']);

    // Antwerp knows its own answers; with the average of three it could read off the other two's.
    const forBo = await progress(id, bo);
    expect(forBo.status).toBe(200);
    expect(forBo.json).toMatchObject({ view: 'member', own: { status: 'acknowledged' }, alliance: null });
    expect((await overviewRow(id, bo)).alliance).toBeNull();
    expect((await progress(id, bo, true)).text.trim().split('\r\n')).toHaveLength(1); // the header only

    // A shipping company answered nothing: three others answered, so it sees the averages.
    const forSam = await progress(id, sam);
    expect(forSam.json.alliance).toMatchObject({ acknowledgedShare: expect.any(Number) });

    await answer(id, 'algeciras', ['not_applicable', 'implemented', 'not_implemented']);
    const later = await progress(id, bo);
    expect(later.json.alliance.items.map((i: { implementedShare: number }) => i.implementedShare)).toEqual([
      2 / 4,
      3 / 4,
      1 / 4,
    ]);
    expect((await overviewRow(id, bo)).alliance).not.toBeNull();
  });

  it('answers a member the same in two worlds that differ only in what fewer than three other organisations answered', async () => {
    const others = ['rotterdam', 'hamburg', 'algeciras'];
    const world = fc.record({
      answered: fc.subarray(others, { maxLength: 2 }),
      answers: fc.array(fc.array(fc.constantFrom(...statuses), { minLength: 3, maxLength: 3 }), {
        minLength: 3,
        maxLength: 3,
      }),
    });
    const own = fc.option(fc.array(fc.constantFrom(...statuses), { minLength: 3, maxLength: 3 }), {
      nil: null,
    });
    const seen = async (ownAnswers: Status[] | null, w: { answered: string[]; answers: Status[][] }) => {
      const id = await publishedChecklist();
      if (ownAnswers) await answer(id, 'antwerp', ownAnswers);
      for (const [i, org] of w.answered.entries()) await answer(id, org, w.answers[i]!);
      const { checklistId, ...rest } = (await progress(id, bo)).json;
      expect(checklistId).toBe(id);
      const { own: ownStatus, ...shown } = rest;
      // The own submission time differs between the worlds; everything else must not.
      return { ...shown, own: { ...ownStatus, submittedAt: ownStatus.submittedAt ? 'set' : null } };
    };
    await fc.assert(
      fc.asyncProperty(own, world, world, async (ownAnswers, a, b) => {
        expect(await seen(ownAnswers, a)).toEqual(await seen(ownAnswers, b));
      }),
      { numRuns: 8 },
    );
  });
});
