import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditMonthQuery } from '../../functions/ports';
import { type Assessment, type ChecklistVersion, countersFrom, keys } from '../../shared';
import { inDays as daysFrom } from '../support/clock';
import { createTestPortal, expectProblem, problemFields, type TestPortal } from '../support/portal';
import { countRoundTrips, holdNext } from '../support/round-trips';

let portal: TestPortal;
let trips: ReturnType<typeof countRoundTrips>;
beforeAll(async () => {
  portal = await createTestPortal();
  trips = countRoundTrips(portal.dynamo);
});

const clara = 'clara@commission.example';
const carl = 'carl@commission.example';
const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';
const sam = 'sam@northsea-line.example';
const ruth = 'ruth@rotterdam.example';
const hans = 'hans@hamburg.example';

const inDays = (n: number) => daysFrom(n, portal.time.start);

const portItems = [
  { id: 'AC-01', text: 'Gate badge checks for every person', level: 'mandatory', area: 'access_control' },
  {
    id: 'AC-02',
    text: 'Scanner for every flagged container',
    level: 'mandatory',
    area: 'container_scanning',
  },
  { id: 'AC-03', text: 'Vetting refresh every three years', level: 'recommended', area: 'personnel_vetting' },
];

let n = 0;
async function published(appliesTo = ['port_authority']) {
  const id = `review-${++n}-${Date.now().toString(36)}`;
  const draft = await portal.request('/api/v1/checklists', {
    as: carl,
    body: { id, title: `Review checklist ${n}`, appliesTo, dueAt: inDays(30), items: portItems },
  });
  expect(draft.status).toBe(201);
  const version = await portal.request(`/api/v1/checklists/${id}/publish`, { as: carl, method: 'POST' });
  expect(version.status).toBe(201);
  return { id, version: version.json as ChecklistVersion };
}

const answers = (statuses: string[], notes: string[] = []) => ({
  items: portItems.map((item, i) => ({
    itemId: item.id,
    status: statuses[i],
    ...(notes[i] ? { note: notes[i] } : {}),
  })),
});
const allImplemented = ['implemented', 'implemented', 'implemented'];

const assessmentPath = (id: string, v: number, org: string) =>
  `/api/v1/checklists/${id}/versions/${v}/assessments/${org}`;
const reviewPath = (id: string, org: string, item: string, v = 1) =>
  `${assessmentPath(id, v, org)}/items/${item}/review`;

async function submit(as: string, id: string, org: string, body: unknown, v = 1) {
  const res = await portal.request(assessmentPath(id, v, org), { as, method: 'PUT', body });
  expect([200, 201]).toContain(res.status);
  return res.json as Assessment;
}

const review = (as: string, id: string, org: string, item: string, body: unknown, revision?: number) =>
  portal.request(reviewPath(id, org, item), {
    as,
    method: 'PUT',
    body,
    headers: revision === undefined ? {} : { 'if-match': `"${revision}"` },
  });

async function storedAssessments(id: string, v: number): Promise<Assessment[]> {
  const page = await portal.db.send(
    new QueryCommand({
      TableName: portal.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.assessmentsOfVersion(id, v), ':p': keys.assessmentPrefix },
    }),
  );
  return (page.Items ?? []) as Assessment[];
}

/** The counters (the accepted ones included) equal a recomputation from the stored assessments. */
async function expectCountersRecomputable(id: string, version: ChecklistVersion) {
  const assessments = await storedAssessments(id, 1);
  const { totals } = await portal.deps.checklists.versionProgress(
    { checklistId: id, version: 1 },
    'commission',
  );
  const nonZero = Object.fromEntries(Object.entries(totals.counters).filter(([, k]) => k !== 0));
  expect(nonZero).toEqual(countersFrom(version, assessments));
  return { assessments, counters: totals.counters };
}

describe('review', () => {
  it('lets a Commission contributor accept an answer: review, counter and audit event written together', async () => {
    const { id, version } = await published();
    await submit(ben, id, 'antwerp', answers(allImplemented));
    const res = await review(carl, id, 'antwerp', 'AC-03', { decision: 'accepted' }, 1);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.json).toMatchObject({
      itemId: 'AC-03',
      status: 'implemented',
      review: { decision: 'accepted', comment: '', reviewedBy: 'carl-commission', revision: 1 },
    });
    const { counters } = await expectCountersRecomputable(id, version);
    expect(counters['item|AC-03|accepted|implemented']).toBe(1);

    const board = await portal.request(`/api/v1/progress/checklists/${id}/versions/1`, { as: clara });
    const item = board.json.items.find((i: { itemId: string }) => i.itemId === 'AC-03');
    expect(item).toMatchObject({ implemented: 1, accepted: 1, verifiedImplemented: 1 });
    const csv = await portal.request(`/api/v1/progress/checklists/${id}/versions/1?format=csv&view=items`, {
      as: clara,
    });
    expect(csv.text.split('\r\n')[0]).toContain('accepted,verifiedImplemented');

    const audit = await portal.deps.directory.listAudit('antwerp', auditMonthQuery(portal.time.month), {
      limit: 100,
    });
    expect(
      audit.items.filter((e) => e.action === 'assessment.reviewed' && e.object.id === `${id}/1/antwerp`),
    ).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ memberId: 'carl-commission' }),
        details: { itemId: 'AC-03', decision: 'accepted', revision: 1 },
      }),
    ]);
  });

  it('shows each answer’s review to the Commission and the organisation, which sees the comment', async () => {
    const { id } = await published();
    await submit(ben, id, 'antwerp', answers(allImplemented));
    await submit(ruth, id, 'rotterdam', answers(allImplemented));
    const asked = await review(
      carl,
      id,
      'antwerp',
      'AC-03',
      { decision: 'needs_evidence', comment: 'Send the vetting register.' },
      1,
    );
    expect(asked.status).toBe(200);
    for (const as of [carl, clara, ben, bo]) {
      const res = await portal.request(assessmentPath(id, 1, 'antwerp'), { as });
      expect(res.status).toBe(200);
      const items = res.json.assessment.items as { itemId: string; review: unknown }[];
      expect(items.find((i) => i.itemId === 'AC-03')?.review).toMatchObject({
        decision: 'needs_evidence',
        comment: 'Send the vetting register.',
        reviewedBy: 'carl-commission',
        reviewedAt: expect.any(String),
      });
      expect(items.find((i) => i.itemId === 'AC-01')?.review).toBeNull();
    }
    // The Commission reads every organisation's; others read none but their own.
    expect((await portal.request(assessmentPath(id, 1, 'rotterdam'), { as: carl })).status).toBe(200);
    for (const as of [ruth, sam, hans]) {
      expectProblem(await portal.request(assessmentPath(id, 1, 'antwerp'), { as }), 403);
    }
  });

  it('refuses everyone but Commission contributors and the assigned peer reviewer, and never one’s own organisation', async () => {
    const { id } = await published();
    const first = await submit(ben, id, 'antwerp', answers(allImplemented));
    const body = { decision: 'accepted' };
    for (const as of [ben, bo, ruth, sam, hans]) {
      expectProblem(await review(as, id, 'antwerp', 'AC-01', body, 1), 403);
    }
    // Nobody learns from a 404 whether an organisation has answered: refused first.
    expectProblem(await review(ruth, id, 'hamburg', 'AC-01', body, 1), 403);
    expectProblem(await review(ben, id, 'antwerp', 'AC-01', body, 1), 403);
    const stored = await storedAssessments(id, 1);
    expect(stored[0]).toMatchObject({ revision: first.revision });
    expect(stored[0]?.items.every((a) => !('review' in a))).toBe(true);
    // Clara is a Commission org admin: she may.
    expect((await review(clara, id, 'antwerp', 'AC-01', body, 1)).status).toBe(200);
  });

  it('answers bad input with a 4xx naming the problem, and changes nothing', async () => {
    const { id, version } = await published();
    await submit(ben, id, 'antwerp', answers(allImplemented));
    const bad = [
      [{ decision: 'maybe' }, 1, 400, ['decision']],
      [{ decision: 'needs_evidence' }, 1, 400, ['comment']],
      [{ decision: 'not_accepted', comment: '   ' }, 1, 400, ['comment']],
      [{ decision: 'accepted', extra: 1 }, 1, 400, ['extra']],
      [{ decision: 'accepted' }, undefined, 400, ['if-match']],
      [{ decision: 'accepted', comment: 'x'.repeat(2001) }, 1, 400, ['comment']],
    ] as const;
    for (const [body, revision, status, fields] of bad) {
      const res = await review(carl, id, 'antwerp', 'AC-01', body, revision);
      expectProblem(res, status);
      expect(problemFields(res)).toEqual(fields);
    }
    const unknownItem = await review(carl, id, 'antwerp', 'ZZ-9', { decision: 'accepted' }, 1);
    expectProblem(unknownItem, 400);
    expect(problemFields(unknownItem)).toEqual(['itemId']);
    expectProblem(await review(carl, id, 'hamburg', 'AC-01', { decision: 'accepted' }, 1), 404);
    expectProblem(
      await portal.request(`/api/v1/checklists/${id}/versions/7/assessments/antwerp/items/AC-01/review`, {
        as: carl,
        method: 'PUT',
        body: { decision: 'accepted' },
        headers: { 'if-match': '"1"' },
      }),
      404,
    );
    const { assessments } = await expectCountersRecomputable(id, version);
    expect(assessments[0]?.reviewLog ?? []).toEqual([]);
  });

  it('refuses with 409 a review of a superseded answer', async () => {
    const { id, version } = await published();
    await submit(ben, id, 'antwerp', answers(allImplemented));
    await submit(ben, id, 'antwerp', answers(['implemented', 'in_progress', 'implemented']));
    const res = await review(carl, id, 'antwerp', 'AC-01', { decision: 'accepted' }, 1);
    expectProblem(res, 409);
    expect(res.json.detail).toMatch(/revision 2/);
    const { counters } = await expectCountersRecomputable(id, version);
    expect(counters['item|AC-01|accepted|implemented'] ?? 0).toBe(0);
    expect((await review(carl, id, 'antwerp', 'AC-01', { decision: 'accepted' }, 2)).status).toBe(200);
  });

  it('puts a new answer back to review, keeps the review of an unchanged one, and keeps every step in the log', async () => {
    const { id, version } = await published();
    await submit(ben, id, 'antwerp', answers(allImplemented));
    await review(carl, id, 'antwerp', 'AC-01', { decision: 'accepted' }, 1);
    await review(carl, id, 'antwerp', 'AC-03', { decision: 'needs_evidence', comment: 'Register?' }, 1);
    let stored = (await expectCountersRecomputable(id, version)).counters;
    expect(stored['item|AC-01|accepted|implemented']).toBe(1);

    // Ben answers the comment with a note: AC-03 goes back to review, AC-01 stays accepted.
    const next = await submit(
      ben,
      id,
      'antwerp',
      answers(allImplemented, ['', '', 'Register attached at the gate office']),
    );
    const byId = new Map(next.items.map((a) => [a.itemId, a]));
    expect(byId.get('AC-01')?.review?.decision).toBe('accepted');
    expect(byId.get('AC-03')?.review).toBeUndefined();
    expect(next.reviewLog?.map((r) => [r.itemId, r.decision])).toEqual([
      ['AC-01', 'accepted'],
      ['AC-03', 'needs_evidence'],
    ]);
    // Changing an accepted answer takes the acceptance back, and the counter with it.
    await submit(
      ben,
      id,
      'antwerp',
      answers(
        ['in_progress', 'implemented', 'implemented'],
        ['', '', 'Register attached at the gate office'],
      ),
    );
    stored = (await expectCountersRecomputable(id, version)).counters;
    expect(stored['item|AC-01|accepted|implemented'] ?? 0).toBe(0);
    const view = await portal.request(assessmentPath(id, 1, 'antwerp'), { as: ben });
    expect(view.json.history.map((a: Assessment) => a.revision)).toEqual([2, 1]);
  });

  it('shows the assessments of earlier versions in the same two calls', async () => {
    const { id } = await published();
    await submit(ben, id, 'antwerp', answers(allImplemented));
    const edited = await portal.request(`/api/v1/checklists/${id}`, {
      as: carl,
      method: 'PATCH',
      body: {
        items: [
          ...portItems,
          { id: 'AC-04', text: 'Drone patrols', level: 'recommended', area: 'perimeter_security' },
        ],
      },
    });
    expect(edited.status).toBe(200);
    expect(
      (await portal.request(`/api/v1/checklists/${id}/publish`, { as: carl, method: 'POST' })).status,
    ).toBe(201);
    const read = await trips.during(() => portal.request(assessmentPath(id, 2, 'antwerp'), { as: carl }));
    expect(read.result.status).toBe(200);
    expect(read.result.json).toMatchObject({
      assessment: null,
      earlierVersions: [{ version: 1, revision: 1 }],
    });
    expect(read.commands.sort()).toEqual(['BatchGetItem', 'Query']);
  });
});

describe('concurrent reviews and submissions', () => {
  const holdWrite = (checklistId: string) =>
    holdNext(
      portal.dynamo,
      (command, input) => command === 'TransactWriteItems' && JSON.stringify(input).includes(checklistId),
    );

  it('refuses a review whose read a submission overtook, and counts nothing of it', async () => {
    const { id, version } = await published();
    await submit(ben, id, 'antwerp', answers(allImplemented));
    const held = holdWrite(id);
    const late = review(carl, id, 'antwerp', 'AC-01', { decision: 'accepted' }, 1);
    await held.reached;
    await submit(ben, id, 'antwerp', answers(['not_implemented', 'implemented', 'implemented']));
    held.release();
    expectProblem(await late, 409);
    const { counters } = await expectCountersRecomputable(id, version);
    expect(counters['item|AC-01|accepted|implemented'] ?? 0).toBe(0);
  });

  it('refuses a submission whose read a review overtook, so the accepted counter never drifts', async () => {
    const { id, version } = await published();
    await submit(ben, id, 'antwerp', answers(allImplemented));
    const held = holdWrite(id);
    // Ben's resubmission changes AC-01 (its review, if it kept one, would be taken back)…
    const late = portal.request(assessmentPath(id, 1, 'antwerp'), {
      as: ben,
      method: 'PUT',
      body: answers(['not_implemented', 'implemented', 'implemented']),
    });
    await held.reached;
    // …but Carl accepts AC-01 after Ben's read: Ben's write, computed without that review, must lose.
    expect((await review(carl, id, 'antwerp', 'AC-01', { decision: 'accepted' }, 1)).status).toBe(200);
    held.release();
    expectProblem(await late, 409);
    const { counters } = await expectCountersRecomputable(id, version);
    expect(counters['item|AC-01|accepted|implemented']).toBe(1);
  });

  it('refuses the later of two reviews made from the same read', async () => {
    const { id, version } = await published();
    await submit(ben, id, 'antwerp', answers(allImplemented));
    const held = holdWrite(id);
    const late = review(carl, id, 'antwerp', 'AC-02', { decision: 'accepted' }, 1);
    await held.reached;
    expect(
      (
        await review(
          clara,
          id,
          'antwerp',
          'AC-02',
          { decision: 'not_accepted', comment: 'No scanner log.' },
          1,
        )
      ).status,
    ).toBe(200);
    held.release();
    expectProblem(await late, 409);
    const { counters, assessments } = await expectCountersRecomputable(id, version);
    expect(counters['item|AC-02|accepted|implemented'] ?? 0).toBe(0);
    expect(assessments[0]?.reviewLog).toHaveLength(1);
  });

  it('keeps the accepted counters equal to a recomputation while reviews and submissions run at once', async () => {
    const { id, version } = await published();
    const orgs = [
      ['antwerp', ben],
      ['rotterdam', ruth],
      ['hamburg', hans],
    ] as const;
    for (const [org, as] of orgs) await submit(as, id, org, answers(allImplemented));
    /** A review retried after a lost race with a fresh read, as a client would. */
    async function reviewUntilDone(org: string, item: string, decision: string) {
      for (let tries = 0; tries < 50; tries++) {
        const read = await portal.request(assessmentPath(id, 1, org), { as: carl });
        const res = await review(
          carl,
          id,
          org,
          item,
          { decision, comment: 'checked' },
          read.json.assessment.revision,
        );
        if (res.status === 409) continue;
        expect(res.status).toBe(200);
        return;
      }
      throw new Error('never reviewed');
    }
    async function resubmitUntilDone(org: string, as: string, statuses: string[]) {
      for (let tries = 0; tries < 50; tries++) {
        const res = await portal.request(assessmentPath(id, 1, org), {
          as,
          method: 'PUT',
          body: answers(statuses),
        });
        if (res.status === 409) continue;
        expect(res.status).toBe(200);
        return;
      }
      throw new Error('never submitted');
    }
    await Promise.all(
      orgs.flatMap(([org, as], k) => [
        ...portItems.map((item, i) =>
          reviewUntilDone(org, item.id, (i + k) % 2 ? 'accepted' : 'not_accepted'),
        ),
        resubmitUntilDone(org, as, k === 0 ? ['implemented', 'in_progress', 'implemented'] : allImplemented),
        ...portItems.map((item) => reviewUntilDone(org, item.id, 'accepted')),
      ]),
    );
    const { counters, assessments } = await expectCountersRecomputable(id, version);
    expect(assessments).toHaveLength(3);
    const accepted = Object.entries(counters)
      .filter(([name]) => name.includes('|accepted|'))
      .reduce((sum, [, k]) => sum + k, 0);
    expect(accepted).toBe(
      assessments.flatMap((a) => a.items).filter((a) => a.review?.decision === 'accepted').length,
    );
  });
});

describe('peer review', () => {
  it('lets the Commission assign a peer reviewer, who sees and reviews only that assessment; the organisation sees who', async () => {
    const { id } = await published();
    await submit(ben, id, 'antwerp', answers(allImplemented));
    await submit(hans, id, 'hamburg', answers(allImplemented));
    const assign = (as: string, body: unknown, org = 'antwerp') =>
      portal.request(`${assessmentPath(id, 1, org)}/peer-reviewer`, { as, method: 'PUT', body });
    expectProblem(await assign(ruth, { reviewerOrganisationId: 'rotterdam' }), 403);
    expectProblem(await assign(ben, { reviewerOrganisationId: 'rotterdam' }), 403);
    const self = await assign(carl, { reviewerOrganisationId: 'antwerp' });
    expectProblem(self, 400);
    expect(problemFields(self)).toEqual(['reviewerOrganisationId']);
    expectProblem(await assign(carl, { reviewerOrganisationId: 'atlantis' }), 400);
    expectProblem(await assign(carl, {}), 400);
    // Before the assignment Ruth sees nothing.
    expectProblem(await portal.request(assessmentPath(id, 1, 'antwerp'), { as: ruth }), 403);
    const assigned = await assign(carl, { reviewerOrganisationId: 'rotterdam' });
    expect(assigned.status).toBe(200);

    const seen = await portal.request(assessmentPath(id, 1, 'antwerp'), { as: ruth });
    expect(seen.status).toBe(200);
    expectProblem(await portal.request(assessmentPath(id, 1, 'hamburg'), { as: ruth }), 403);
    const done = await review(
      ruth,
      id,
      'antwerp',
      'AC-02',
      { decision: 'needs_evidence', comment: 'Logs?' },
      1,
    );
    expect(done.status).toBe(200);
    expect(done.json.review).toMatchObject({ reviewerOrganisationId: 'rotterdam' });
    expectProblem(await review(ruth, id, 'hamburg', 'AC-02', { decision: 'accepted' }, 1), 403);

    const own = await portal.request(assessmentPath(id, 1, 'antwerp'), { as: ben });
    expect(own.json.peerReviewer).toMatchObject({ organisationId: 'rotterdam' });
    // Rotterdam's own assessment is not opened to Antwerp by being reviewed the other way round.
    expectProblem(await portal.request(assessmentPath(id, 1, 'rotterdam'), { as: ben }), 403);
  });
});

describe('evidence downloads', () => {
  it('audits every download in the organisation’s trail and labels the file TLP:AMBER', async () => {
    const { id } = await published();
    const content = 'vetting register';
    const upload = await portal.request(`${assessmentPath(id, 1, 'antwerp')}/evidence`, {
      as: ben,
      body: { fileName: 'register.txt', contentType: 'text/plain', size: content.length },
    });
    expect(upload.status).toBe(201);
    const form = new FormData();
    for (const [k, v] of Object.entries(upload.json.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([content], { type: 'text/plain' }), 'register.txt');
    expect((await fetch(upload.json.url, { method: 'POST', body: form })).status).toBeLessThan(300);
    const body = answers(allImplemented);
    (body.items[2] as Record<string, unknown>).evidence = {
      id: upload.json.attachmentId,
      fileName: 'register.txt',
    };
    await submit(ben, id, 'antwerp', body);
    const download = await portal.request(
      `${assessmentPath(id, 1, 'antwerp')}/evidence/${upload.json.attachmentId}`,
      { as: carl },
    );
    expect(download.status).toBe(200);
    expect(download.json.tlp).toBe('TLP:AMBER');
    expect(await (await fetch(download.json.url)).text()).toBe(content);
    const audit = await portal.deps.directory.listAudit('antwerp', auditMonthQuery(portal.time.month), {
      limit: 100,
    });
    expect(
      audit.items.filter(
        (e) => e.action === 'assessment.evidence_downloaded' && e.object.id === upload.json.attachmentId,
      ),
    ).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ memberId: 'carl-commission' }),
        details: expect.objectContaining({ tlp: 'TLP:AMBER', fileName: 'register.txt' }),
      }),
    ]);
  });
});

describe('drill-down and the port view', () => {
  it('lists the organisations behind a cell in two calls: every one for the Commission, its own for a member', async () => {
    const { id } = await published(['port_authority', 'shipping_company']);
    await submit(ben, id, 'antwerp', answers(allImplemented));
    await submit(ruth, id, 'rotterdam', answers(['implemented', 'in_progress', 'not_implemented']));
    await submit(hans, id, 'hamburg', answers(['implemented', 'implemented', 'implemented']));
    await submit(sam, id, 'northsea-line', answers(['implemented', 'implemented', 'in_progress']));
    await review(carl, id, 'antwerp', 'AC-03', { decision: 'accepted' }, 1);
    const base = `/api/v1/progress/checklists/${id}/versions/1/organisations`;

    const nl = await trips.during(() => portal.request(`${base}?country=NL`, { as: carl }));
    expect(nl.result.status).toBe(200);
    expect(nl.result.json.items.map((r: { organisationId: string }) => r.organisationId)).toEqual([
      'rotterdam',
    ]);
    const shipping = await portal.request(`${base}?kind=shipping_company`, { as: carl });
    expect(shipping.json.items.map((r: { organisationId: string }) => r.organisationId)).toEqual([
      'northsea-line',
    ]);
    expect(nl.commands.sort()).toEqual(['BatchGetItem', 'Query']);

    const implementedAc03 = await portal.request(`${base}?itemId=AC-03&status=implemented`, { as: carl });
    expect(
      implementedAc03.json.items.map((r: { organisationId: string }) => r.organisationId).sort(),
    ).toEqual(['antwerp', 'hamburg']);
    const verified = await portal.request(`${base}?itemId=AC-03&review=accepted`, { as: carl });
    expect(verified.json.items).toEqual([
      expect.objectContaining({
        organisationId: 'antwerp',
        name: expect.any(String),
        verified: 1,
        answer: expect.objectContaining({ status: 'implemented', reviewState: 'accepted' }),
      }),
    ]);
    // Pages: one organisation a page, every one reached by following the cursor.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { json: { items: { organisationId: string }[]; nextCursor: string | null } } =
        await portal.request(`${base}?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
          as: carl,
        });
      seen.push(...page.json.items.map((r) => r.organisationId));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['antwerp', 'hamburg', 'northsea-line', 'rotterdam']);

    // A member sees its own organisation only, whatever the cell.
    for (const query of ['', '?country=NL', '?organisationId=antwerp', '?kind=port_authority&itemId=AC-01']) {
      const res = await portal.request(`${base}${query}`, { as: ruth });
      expect(res.status).toBe(200);
      expect(res.json.items.every((r: { organisationId: string }) => r.organisationId === 'rotterdam')).toBe(
        true,
      );
    }
    const bad = await portal.request(`${base}?country=nl&status=done`, { as: carl });
    expectProblem(bad, 400);
    expect(problemFields(bad).sort()).toEqual(['country', 'status']);
    expectProblem(
      await portal.request(`/api/v1/progress/checklists/${id}/versions/9/organisations`, { as: carl }),
      404,
    );
  });

  it('gives one row per organisation in the port view, as JSON and CSV; a member gets its own row', async () => {
    const { id, version } = await published();
    await submit(ben, id, 'antwerp', answers(allImplemented));
    await submit(ruth, id, 'rotterdam', answers(['implemented', 'not_implemented', 'implemented']));
    await review(carl, id, 'antwerp', 'AC-01', { decision: 'accepted' }, 1);
    const path = `/api/v1/progress/checklists/${id}/versions/1?view=ports`;
    const res = await portal.request(path, { as: carl });
    expect(res.status).toBe(200);
    expect(res.json.view).toBe('ports');
    const rows = new Map(res.json.rows.map((r: { organisationId: string }) => [r.organisationId, r]));
    expect(rows.get('antwerp')).toMatchObject({
      acknowledged: true,
      mandatoryImplemented: 2,
      mandatoryCount: 2,
      verified: 1,
      overdue: false,
      trend: 'new',
    });
    expect(rows.get('rotterdam')).toMatchObject({ mandatoryImplemented: 1, verified: 0 });
    expect(rows.get('genoa')).toMatchObject({ acknowledged: false, mandatoryImplemented: 0 });
    expect(rows.has('northsea-line')).toBe(false);
    expect(version.appliesTo).toEqual(['port_authority']);

    const csv = await portal.request(`${path}&format=csv`, { as: carl });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'organisationId,name,kind,country,acknowledged,mandatoryImplemented,mandatoryCount,verified,overdue,trend',
    );
    expect(lines).toHaveLength(1 + res.json.rows.length);

    const own = await portal.request(path, { as: ruth });
    expect(own.json.rows.map((r: { organisationId: string }) => r.organisationId)).toEqual(['rotterdam']);
  });
});

describe('publishing safety', () => {
  it('previews the next version and its diff, and publishing with the previewed revision publishes exactly that', async () => {
    const { id } = await published();
    const unchanged = await portal.request(`/api/v1/checklists/${id}/publish-preview`, { as: carl });
    expect(unchanged.status).toBe(200);
    expect(unchanged.json).toMatchObject({
      publishable: false,
      version: null,
      added: [],
      changed: [],
      removed: [],
    });
    expect(unchanged.json.refusal).toMatch(/equals version 1/);

    const edited = await portal.request(`/api/v1/checklists/${id}`, {
      as: carl,
      method: 'PATCH',
      body: {
        items: [
          portItems[0],
          { ...portItems[1], text: 'Scanner for every flagged container, also at night' },
          {
            id: 'AC-09',
            text: 'Drone patrols over the stacks',
            level: 'recommended',
            area: 'perimeter_security',
          },
        ],
      },
    });
    expect(edited.status).toBe(200);
    const preview = await portal.request(`/api/v1/checklists/${id}/publish-preview`, { as: carl });
    expect(preview.json).toMatchObject({
      publishable: true,
      previousVersion: 1,
      version: {
        version: 2,
        items: [{ id: 'AC-01', change: 'unchanged' }, { id: 'AC-02' }, { id: 'AC-09' }],
      },
      added: [{ id: 'AC-09' }],
      changed: [{ id: 'AC-02', before: portItems[1]?.text, after: expect.stringContaining('at night') }],
      removed: [{ id: 'AC-03', text: portItems[2]?.text }],
    });
    for (const as of [ben, ruth, bo]) {
      expectProblem(await portal.request(`/api/v1/checklists/${id}/publish-preview`, { as }), 403);
    }
    expectProblem(await portal.request('/api/v1/checklists/no-such-list/publish-preview', { as: carl }), 404);
    // Someone edits after the preview: publishing what was previewed is refused (412), nothing published.
    await portal.request(`/api/v1/checklists/${id}`, {
      as: clara,
      method: 'PATCH',
      body: { title: 'Renamed' },
    });
    const stale = await portal.request(`/api/v1/checklists/${id}/publish`, {
      as: carl,
      method: 'POST',
      headers: { 'if-match': `"${preview.json.revision}"` },
    });
    expectProblem(stale, 412);
    const again = await portal.request(`/api/v1/checklists/${id}/publish-preview`, { as: carl });
    const done = await portal.request(`/api/v1/checklists/${id}/publish`, {
      as: carl,
      method: 'POST',
      headers: { 'if-match': `"${again.json.revision}"` },
    });
    expect(done.status).toBe(201);
    expect(done.json.items.map((i: { id: string }) => i.id)).toEqual(['AC-01', 'AC-02', 'AC-09']);
  });
});

describe('half-finished assessments', () => {
  it('saves answers without submitting, shows the checklist in progress in the to-do, counts nothing, and the submission clears them', async () => {
    const { id, version } = await published();
    const draftPath = `${assessmentPath(id, 1, 'antwerp')}/draft`;
    const half = { items: [{ itemId: 'AC-01', status: 'implemented', note: 'Badges checked' }] };
    expectProblem(await portal.request(draftPath, { as: ruth, method: 'PUT', body: half }), 403);
    expectProblem(await portal.request(draftPath, { as: bo, method: 'PUT', body: half }), 403);
    const unknown = await portal.request(draftPath, {
      as: ben,
      method: 'PUT',
      body: { items: [{ itemId: 'ZZ-1', status: 'implemented' }] },
    });
    expectProblem(unknown, 400);
    expect(problemFields(unknown)).toEqual(['items.0.itemId']);
    const saved = await portal.request(draftPath, { as: ben, method: 'PUT', body: half });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ items: half.items, savedBy: 'ben-antwerp' });

    const todo = await portal.request('/api/v1/me/todo', { as: bo });
    expect(todo.json.items.find((i: { checklistId: string }) => i.checklistId === id)).toMatchObject({
      inProgress: true,
      savedAt: expect.any(String),
    });
    expect((await portal.request(draftPath, { as: bo })).json.draft).toMatchObject({ items: half.items });
    expectProblem(await portal.request(draftPath, { as: carl }), 403);
    const { counters } = await expectCountersRecomputable(id, version);
    expect(counters.ack ?? 0).toBe(0);

    await submit(ben, id, 'antwerp', answers(allImplemented));
    expect((await portal.request(draftPath, { as: ben })).json.draft).toBeNull();
    const after = await portal.request('/api/v1/me/todo', { as: ben });
    expect(after.json.items.map((i: { checklistId: string }) => i.checklistId)).not.toContain(id);
  });
});
