import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditMonthQuery } from '../../functions/ports';
import { type Assessment, type ChecklistVersion, countersFrom, keys } from '../../shared';
import { inDays as daysFrom } from '../support/clock';
import { createTestPortal, expectProblem, type TestPortal } from '../support/portal';
import { countRoundTrips, holdNext } from '../support/round-trips';

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal();
});

const clara = 'clara@commission.example';
const carl = 'carl@commission.example';
const ben = 'ben@antwerp.example';
const ana = 'ana@antwerp.example';
const bo = 'bo@antwerp.example';
const sam = 'sam@northsea-line.example';
const ruth = 'ruth@rotterdam.example';

/** `n` days from the portal's start (its clock barely moves: test/support/clock.ts). */
const inDays = (n: number) => daysFrom(n, portal.time.start);

const portItems = [
  { id: 'G1', text: 'Gate badge checks for every person', level: 'mandatory', area: 'access_control' },
  { id: 'G2', text: 'Scanner for every flagged container', level: 'mandatory', area: 'container_scanning' },
  { id: 'G3', text: 'Vetting refresh every three years', level: 'recommended', area: 'personnel_vetting' },
];

let counter = 0;
/** Drafts and publishes a checklist as Carl; returns its id and version 1. */
async function published(options: { appliesTo?: string[]; dueAt?: string; items?: unknown[] } = {}) {
  const id = `test-checklist-${++counter}-${Date.now().toString(36)}`;
  const draft = await portal.request('/api/v1/checklists', {
    as: carl,
    body: {
      id,
      title: `Test checklist ${counter}`,
      description: 'For the tests',
      appliesTo: options.appliesTo ?? ['port_authority'],
      dueAt: options.dueAt ?? inDays(30),
      items: options.items ?? portItems,
    },
  });
  expect(draft.status).toBe(201);
  const version = await portal.request(`/api/v1/checklists/${id}/publish`, { as: carl, method: 'POST' });
  expect(version.status).toBe(201);
  return { id, version: version.json as ChecklistVersion };
}

const answersOf = (statuses: string[], ids = ['G1', 'G2', 'G3']) => ({
  items: ids.map((itemId, i) => ({ itemId, status: statuses[i] })),
});

const assessmentPath = (id: string, v: number, org: string) =>
  `/api/v1/checklists/${id}/versions/${v}/assessments/${org}`;

/** Every current assessment of a version, read straight from the table. */
async function storedAssessments(id: string, v: number): Promise<Assessment[]> {
  const out: Assessment[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await portal.db.send(
      new QueryCommand({
        TableName: portal.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': keys.assessmentsOfVersion(id, v), ':p': keys.assessmentPrefix },
        ExclusiveStartKey: after,
      }),
    );
    out.push(...((page.Items ?? []) as Assessment[]));
    after = page.LastEvaluatedKey;
  } while (after);
  return out;
}

async function storedProgress(id: string, v: number) {
  const { totals, days } = await portal.deps.checklists.versionProgress(
    { checklistId: id, version: v },
    'commission',
  );
  return { ...totals, days };
}

/** Counters and the acknowledged set equal a recomputation from the assessments themselves. */
async function expectCountersRecomputable(id: string, v: number, version: ChecklistVersion) {
  const assessments = await storedAssessments(id, v);
  const stored = await storedProgress(id, v);
  const nonZero = Object.fromEntries(Object.entries(stored.counters).filter(([, n]) => n !== 0));
  expect(nonZero).toEqual(countersFrom(version, assessments));
  expect([...stored.acknowledgedBy].sort()).toEqual(assessments.map((a) => a.organisationId).sort());
  const dayAck = stored.days.reduce((sum, d) => sum + (d.counters.ack ?? 0), 0);
  expect(dayAck).toBe(assessments.length);
  return { assessments, stored };
}

describe('drafting and publishing', () => {
  it('lets only Commission contributors draft and publish', async () => {
    const body = { title: 'Not yours', appliesTo: ['port_authority'], dueAt: inDays(10), items: portItems };
    for (const as of [ana, ben, sam, bo]) {
      expectProblem(await portal.request('/api/v1/checklists', { as, body }), 403);
    }
    const created = await portal.request('/api/v1/checklists', { as: clara, body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'not-yours', current: null, draft: { title: 'Not yours' } });
    expectProblem(
      await portal.request('/api/v1/checklists/not-yours/publish', { as: ben, method: 'POST' }),
      403,
    );
    expectProblem(
      await portal.request('/api/v1/checklists/not-yours', {
        as: ben,
        method: 'PATCH',
        body: { title: 'Mine now' },
      }),
      403,
    );
    // A never-published draft is the Commission's work in progress.
    expectProblem(await portal.request('/api/v1/checklists/not-yours', { as: ben }), 404);
    const list = await portal.request('/api/v1/checklists?limit=100', { as: ben });
    expect(list.json.items.map((i: { id: string }) => i.id)).not.toContain('not-yours');
    const asCommission = await portal.request('/api/v1/checklists?limit=100', { as: carl });
    expect(asCommission.json.items.map((i: { id: string }) => i.id)).toContain('not-yours');
  });

  it('freezes a published version; a new version keeps item ids and marks changes', async () => {
    const { id, version } = await published();
    expect(version).toMatchObject({ version: 1, items: [{ id: 'G1' }, { id: 'G2' }, { id: 'G3' }] });

    const edited = await portal.request(`/api/v1/checklists/${id}`, {
      as: clara,
      method: 'PATCH',
      body: {
        items: [
          portItems[0],
          { ...portItems[1], text: 'Scanner for every flagged container, also at night' },
          { text: 'Drone patrols over the reefer stacks', level: 'recommended', area: 'perimeter_security' },
        ],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.json.items.map((i: { id: string }) => i.id)).toEqual(['G1', 'G2', 'item-1']);

    // The published version did not move.
    const v1 = await portal.request(`/api/v1/checklists/${id}/versions/1`, { as: ben });
    expect(v1.json.items[1].text).toBe('Scanner for every flagged container');

    const v2 = await portal.request(`/api/v1/checklists/${id}/publish`, { as: clara, method: 'POST' });
    expect(v2.status).toBe(201);
    expect(v2.json.version).toBe(2);
    expect(v2.json.items.map((i: { id: string; change: string }) => [i.id, i.change])).toEqual([
      ['G1', 'unchanged'],
      ['G2', 'changed'],
      ['item-1', 'new'],
    ]);
    expect(v2.json.removedItemIds).toEqual(['G3']);

    // Publishing again without a change makes no empty version.
    expectProblem(
      await portal.request(`/api/v1/checklists/${id}/publish`, { as: clara, method: 'POST' }),
      409,
    );
    const detail = await portal.request(`/api/v1/checklists/${id}`, { as: clara });
    expect(detail.json.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(detail.json.draftPending).toBe(false);
  });

  it('answers stale If-Match with 412 and changes nothing', async () => {
    const { id } = await published();
    const detail = await portal.request(`/api/v1/checklists/${id}`, { as: clara });
    const etag = detail.headers.get('etag')!;
    const first = await portal.request(`/api/v1/checklists/${id}`, {
      as: clara,
      method: 'PATCH',
      headers: { 'if-match': etag },
      body: { title: 'Renamed once' },
    });
    expect(first.status).toBe(200);
    const stale = await portal.request(`/api/v1/checklists/${id}`, {
      as: clara,
      method: 'PATCH',
      headers: { 'if-match': etag },
      body: { title: 'Renamed twice' },
    });
    expectProblem(stale, 412);
    const after = await portal.request(`/api/v1/checklists/${id}`, { as: clara });
    expect(after.json.draft.title).toBe('Renamed once');
    expectProblem(
      await portal.request(`/api/v1/checklists/${id}/publish`, {
        as: clara,
        method: 'POST',
        headers: { 'if-match': etag },
      }),
      412,
    );
    expectProblem(
      await portal.request(`/api/v1/checklists/${id}`, {
        as: clara,
        method: 'PATCH',
        headers: { 'if-match': 'yesterday' },
        body: { title: 'x'.repeat(10) },
      }),
      400,
    );
  });

  it('names the offending fields of a bad draft and 404s an unknown checklist', async () => {
    const bad = await portal.request('/api/v1/checklists', {
      as: carl,
      body: {
        title: 'Bad',
        appliesTo: ['commission'],
        dueAt: 'next week',
        items: [{ text: 'x', level: 'must', area: 'luck' }],
        secret: true,
      },
    });
    expectProblem(bad, 400);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining([
        'appliesTo.0',
        'dueAt',
        'items.0.text',
        'items.0.level',
        'items.0.area',
        'secret',
      ]),
    );
    const malformed = await portal.request('/api/v1/checklists', {
      as: carl,
      rawBody: '{"title":',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(malformed, 400);
    expectProblem(await portal.request('/api/v1/checklists/atlantis', { as: carl }), 404);
    expectProblem(
      await portal.request('/api/v1/checklists/atlantis', {
        as: carl,
        method: 'PATCH',
        body: { title: 'Whatever' },
      }),
      404,
    );
    expectProblem(await portal.request('/api/v1/checklists/Not_A_Slug', { as: carl }), 400);
    const empty = await portal.request('/api/v1/checklists', {
      as: carl,
      body: { title: 'Empty for now', appliesTo: ['agency'], dueAt: inDays(3), items: [] },
    });
    expect(empty.status).toBe(201);
    const publishEmpty = await portal.request(`/api/v1/checklists/${empty.json.id}/publish`, {
      as: carl,
      method: 'POST',
    });
    expectProblem(publishEmpty, 400);
    expect(publishEmpty.json.errors).toEqual([
      { field: 'items', code: 'invalid', message: 'Add at least one item.' },
    ]);
  });
});

describe('assessments', () => {
  it('takes a contributor’s assessment, clears the to-do, and writes assessment, counters and audit together', async () => {
    const { id, version } = await published({ dueAt: inDays(-1) });
    const before = await portal.request('/api/v1/me/todo', { as: ben });
    const todo = before.json.items.find((i: { checklistId: string }) => i.checklistId === id);
    expect(todo).toMatchObject({ version: 1, overdue: true, acknowledgedPreviousVersion: false });
    // Overdue ones come first.
    const overdueFlags = before.json.items.map((i: { overdue: boolean }) => i.overdue);
    expect(overdueFlags).toEqual([...overdueFlags].sort((a: boolean, b: boolean) => Number(b) - Number(a)));

    const res = await portal.request(assessmentPath(id, 1, 'antwerp'), {
      as: ben,
      method: 'PUT',
      body: {
        ...answersOf(['implemented', 'in_progress', 'not_applicable']),
        statement: 'Signed by the harbour master',
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.json).toMatchObject({
      organisationId: 'antwerp',
      organisationKind: 'port_authority',
      country: 'BE',
      revision: 1,
    });

    const after = await portal.request('/api/v1/me/todo', { as: bo });
    expect(after.json.items.map((i: { checklistId: string }) => i.checklistId)).not.toContain(id);

    const { stored } = await expectCountersRecomputable(id, 1, version);
    expect(stored.counters).toMatchObject({ ack: 1, 'ack|country|BE': 1, 'item|G1|implemented': 1 });
    const audit = await portal.deps.directory.listAudit('antwerp', auditMonthQuery(portal.time.month), {
      limit: 50,
    });
    expect(audit.items.map((e) => [e.action, e.object.id])).toContainEqual([
      'assessment.submitted',
      `${id}/1/antwerp`,
    ]);

    const detail = await portal.request(`/api/v1/checklists/${id}`, { as: bo });
    expect(detail.json.viewer).toMatchObject({
      status: 'acknowledged',
      applicable: true,
      assessment: { revision: 1 },
    });
  });

  it('refuses bad answers with 400/404 naming the problem, and changes nothing', async () => {
    const { id, version } = await published();
    const path = assessmentPath(id, 1, 'antwerp');
    const cases: [unknown, string[]][] = [
      [
        answersOf(['implemented', 'implemented', 'implemented'], ['G1', 'G2', 'ZZ']),
        ['items.2.itemId', 'items'],
      ],
      [answersOf(['implemented', 'implemented'], ['G1', 'G2']), ['items']],
      [
        answersOf(['implemented', 'implemented', 'implemented'], ['G1', 'G1', 'G2']),
        ['items.1.itemId', 'items'],
      ],
      [answersOf(['implemented', 'done', 'implemented']), ['items.1.status']],
      [{ ...answersOf(['implemented', 'implemented', 'implemented']), score: 10 }, ['score']],
      [{ items: 'all good' }, ['items']],
      [{ items: [] }, ['items']],
    ];
    for (const [body, fields] of cases) {
      const res = await portal.request(path, { as: ben, method: 'PUT', body });
      expectProblem(res, 400);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    }
    expectProblem(
      await portal.request(path, {
        as: ben,
        method: 'PUT',
        rawBody: '{"items": [',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    const good = answersOf(['implemented', 'implemented', 'implemented']);
    expectProblem(
      await portal.request(assessmentPath(id, 7, 'antwerp'), { as: ben, method: 'PUT', body: good }),
      404,
    );
    expectProblem(
      await portal.request(assessmentPath('atlantis', 1, 'antwerp'), { as: ben, method: 'PUT', body: good }),
      404,
    );
    expectProblem(
      await portal.request(assessmentPath(id, 0, 'antwerp'), { as: ben, method: 'PUT', body: good }),
      400,
    );
    expect(await storedAssessments(id, 1)).toEqual([]);
    expect((await storedProgress(id, 1)).counters).toEqual({});
    await expectCountersRecomputable(id, 1, version);
  });

  it('lets only contributors of an applicable organisation submit, and only for their own', async () => {
    const { id } = await published();
    const good = answersOf(['implemented', 'implemented', 'implemented']);
    const refused: [string, string][] = [
      // Sam of a shipping company cannot submit for Antwerp, nor for his own company (not applicable).
      [sam, 'antwerp'],
      [sam, 'northsea-line'],
      // A reader may not acknowledge on behalf of the organisation; a Commission member may not
      // answer for a port, nor Rotterdam for Antwerp.
      [bo, 'antwerp'],
      [clara, 'antwerp'],
      [ruth, 'antwerp'],
    ];
    for (const [as, organisationId] of refused) {
      const res = await portal.request(assessmentPath(id, 1, organisationId), {
        as,
        method: 'PUT',
        body: good,
      });
      expectProblem(res, 403);
    }
    expect(await storedAssessments(id, 1)).toEqual([]);
  });

  it("shows an organisation's answers to the Commission and the organisation only", async () => {
    const { id } = await published();
    await portal.request(assessmentPath(id, 1, 'antwerp'), {
      as: ben,
      method: 'PUT',
      body: {
        items: [
          { itemId: 'G1', status: 'implemented', note: 'Badges since 2024' },
          ...answersOf(['', 'in_progress', 'not_implemented']).items.slice(1),
        ],
      },
    });
    await portal.request(assessmentPath(id, 1, 'rotterdam'), {
      as: ruth,
      method: 'PUT',
      body: answersOf(['implemented', 'implemented', 'implemented']),
    });
    const samReads = await portal.request(assessmentPath(id, 1, 'antwerp'), { as: sam });
    expectProblem(samReads, 403);
    expect(samReads.text).not.toContain('Badges since 2024');
    const samList = await portal.request(`/api/v1/checklists/${id}/versions/1/assessments`, { as: sam });
    expect(samList.status).toBe(200);
    expect(samList.json.items).toEqual([]);
    const ruthList = await portal.request(`/api/v1/checklists/${id}/versions/1/assessments`, { as: ruth });
    expect(ruthList.json.items.map((a: Assessment) => a.organisationId)).toEqual(['rotterdam']);
    expectProblem(await portal.request(assessmentPath(id, 1, 'antwerp'), { as: ruth }), 403);

    const own = await portal.request(assessmentPath(id, 1, 'antwerp'), { as: bo });
    expect(own.json.assessment.items[0].note).toBe('Badges since 2024');
    const all = await portal.request(`/api/v1/checklists/${id}/versions/1/assessments`, { as: clara });
    expect(all.json.items.map((a: Assessment) => a.organisationId).sort()).toEqual(['antwerp', 'rotterdam']);
    expectProblem(
      await portal.request(`/api/v1/checklists/${id}/versions/9/assessments`, { as: clara }),
      404,
    );
  });

  it('replaces an assessment on re-submission, keeps its history, and never counts twice', async () => {
    const { id, version } = await published();
    const path = assessmentPath(id, 1, 'antwerp');
    const first = await portal.request(path, {
      as: ben,
      method: 'PUT',
      body: answersOf(['in_progress', 'in_progress', 'in_progress']),
    });
    expect(first.status).toBe(201);
    const second = await portal.request(path, {
      as: ana,
      method: 'PUT',
      headers: { 'if-match': '"1"' },
      body: answersOf(['implemented', 'in_progress', 'implemented']),
    });
    expect(second.status).toBe(200);
    expect(second.json.revision).toBe(2);
    const stale = await portal.request(path, {
      as: ben,
      method: 'PUT',
      headers: { 'if-match': '"1"' },
      body: answersOf(['not_implemented', 'not_implemented', 'not_implemented']),
    });
    expectProblem(stale, 412);
    // The same answers again: a new revision that moves no counter.
    const same = await portal.request(path, {
      as: ben,
      method: 'PUT',
      body: answersOf(['implemented', 'in_progress', 'implemented']),
    });
    expect(same.status).toBe(200);
    const view = await portal.request(path, { as: clara });
    expect(view.json.assessment.revision).toBe(3);
    expect(view.json.history.map((a: Assessment) => [a.revision, a.items[0]!.status])).toEqual([
      [2, 'implemented'],
      [1, 'in_progress'],
    ]);
    const { stored } = await expectCountersRecomputable(id, 1, version);
    expect(stored.counters.ack).toBe(1);
    expect(stored.counters['item|G1|implemented']).toBe(1);
    expect(stored.counters['item|G1|in_progress']).toBe(0);
    const submissions = stored.days.reduce((sum, d) => sum + (d.counters.submissions ?? 0), 0);
    expect(submissions).toBe(3);
  });

  it('prefills unchanged answers on a new version and asks to acknowledge again', async () => {
    const { id } = await published();
    await portal.request(assessmentPath(id, 1, 'antwerp'), {
      as: ben,
      method: 'PUT',
      body: {
        items: [
          { itemId: 'G1', status: 'implemented', note: 'kept' },
          { itemId: 'G2', status: 'in_progress' },
          { itemId: 'G3', status: 'implemented' },
        ],
      },
    });
    await portal.request(`/api/v1/checklists/${id}`, {
      as: carl,
      method: 'PATCH',
      body: { items: [portItems[0], { ...portItems[1], level: 'recommended' }, portItems[2]] },
    });
    await portal.request(`/api/v1/checklists/${id}/publish`, { as: carl, method: 'POST' });
    const detail = await portal.request(`/api/v1/checklists/${id}`, { as: ben });
    expect(detail.json.current.version).toBe(2);
    expect(detail.json.viewer).toMatchObject({
      status: 'pending',
      acknowledgedPreviousVersion: true,
      assessment: null,
    });
    expect(detail.json.viewer.prefill).toEqual([
      { itemId: 'G1', status: 'implemented', note: 'kept' },
      { itemId: 'G3', status: 'implemented' },
    ]);
    const todo = await portal.request('/api/v1/me/todo', { as: ben });
    expect(todo.json.items.find((i: { checklistId: string }) => i.checklistId === id)).toMatchObject({
      version: 2,
      acknowledgedPreviousVersion: true,
    });
    // The old version is closed for submissions.
    expectProblem(
      await portal.request(assessmentPath(id, 1, 'antwerp'), {
        as: ben,
        method: 'PUT',
        body: answersOf(['implemented', 'implemented', 'implemented']),
      }),
      409,
    );
  });
});

describe('evidence', () => {
  it('uploads evidence through a presigned POST, checks it at submission, and shows it to the Commission only', async () => {
    const { id } = await published();
    const evidencePath = `${assessmentPath(id, 1, 'antwerp')}/evidence`;
    const badType = await portal.request(evidencePath, {
      as: ben,
      body: { fileName: 'tool.exe', contentType: 'application/x-msdownload', size: 10 },
    });
    expectProblem(badType, 400);
    expect(badType.json.errors.map((e: { field: string }) => e.field)).toEqual(['contentType']);
    const body = { fileName: 'badges.txt', contentType: 'text/plain', size: 20 };
    expectProblem(await portal.request(evidencePath, { as: sam, body }), 403);
    expectProblem(await portal.request(evidencePath, { as: bo, body }), 403);

    const content = 'Badge audit 2026: ok';
    const upload = await portal.request(evidencePath, { as: ben, body: { ...body, size: content.length } });
    expect(upload.status).toBe(201);
    const { url, fields, attachmentId } = upload.json;
    expect(fields.key).toBe(`assessments/${id}/antwerp/${attachmentId}`);
    const policy = JSON.parse(Buffer.from(fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, content.length],
        ['eq', '$Content-Type', 'text/plain'],
      ]),
    );

    // Naming a file before it is uploaded is refused, and nothing is written.
    const answers = (evidenceId: string) => ({
      items: [
        { itemId: 'G1', status: 'implemented', evidence: { id: evidenceId, fileName: 'badges.txt' } },
        { itemId: 'G2', status: 'in_progress' },
        { itemId: 'G3', status: 'not_implemented' },
      ],
    });
    const early = await portal.request(assessmentPath(id, 1, 'antwerp'), {
      as: ben,
      method: 'PUT',
      body: answers(attachmentId),
    });
    expectProblem(early, 400);
    expect(early.json.errors).toEqual([
      { field: 'items.0.evidence', code: 'invalid', message: expect.stringContaining('upload') },
    ]);
    expect(await storedAssessments(id, 1)).toEqual([]);

    const form = new FormData();
    for (const [k, v] of Object.entries(fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([content], { type: 'text/plain' }), 'badges.txt');
    expect((await fetch(url, { method: 'POST', body: form })).status).toBeLessThan(300);

    const submitted = await portal.request(assessmentPath(id, 1, 'antwerp'), {
      as: ben,
      method: 'PUT',
      body: answers(attachmentId),
    });
    expect(submitted.status).toBe(201);
    const download = await portal.request(`${assessmentPath(id, 1, 'antwerp')}/evidence/${attachmentId}`, {
      as: clara,
    });
    expect(download.status).toBe(200);
    const file = await fetch(download.json.url);
    expect(await file.text()).toBe(content);
    expectProblem(
      await portal.request(`${assessmentPath(id, 1, 'antwerp')}/evidence/${attachmentId}`, { as: sam }),
      403,
    );
    expectProblem(
      await portal.request(`${assessmentPath(id, 1, 'antwerp')}/evidence/${crypto.randomUUID()}`, { as: bo }),
      404,
    );
  });
});

describe('concurrent submissions', () => {
  /** Holds the next write of this checklist's assessments, made after the request has read. */
  const holdSubmission = (checklistId: string) =>
    holdNext(
      portal.dynamo,
      (command, input) => command === 'TransactWriteItems' && JSON.stringify(input).includes(checklistId),
    );

  it('refuses the later of two submissions made from the same read, and counts only the one accepted', async () => {
    const { id, version } = await published();
    const path = assessmentPath(id, 1, 'antwerp');
    // Ben's first submission reads "no assessment yet" and is stopped before it writes; Ana's, from
    // the same read, goes through meanwhile. Ben's must then lose, whatever the machine's speed.
    const submit = (as: string, statuses: string[], headers: Record<string, string> = {}) =>
      portal.request(path, { as, method: 'PUT', headers, body: answersOf(statuses) });
    const none = ['not_implemented', 'not_implemented', 'not_implemented'];
    /** Ben's submission is held after its read while Ana's runs to the end; Ben's answer is returned. */
    const benAfterAna = async (
      anaStatuses: string[],
      anaStatus: number,
      headers?: Record<string, string>,
    ) => {
      const held = holdSubmission(id);
      const benRes = submit(ben, none, headers);
      await held.reached;
      expect((await submit(ana, anaStatuses, headers)).status).toBe(anaStatus);
      held.release();
      return benRes;
    };
    expectProblem(await benAfterAna(['implemented', 'in_progress', 'not_applicable'], 201), 409);

    // Both now replace revision 1, naming it in If-Match: the one held loses with 412.
    expectProblem(
      await benAfterAna(['implemented', 'implemented', 'not_applicable'], 200, { 'if-match': '"1"' }),
      412,
    );

    // Only Ana's two submissions count: her answers at revision 2, one replaced revision kept.
    const { assessments, stored } = await expectCountersRecomputable(id, 1, version);
    expect(assessments).toHaveLength(1);
    expect(assessments[0]).toMatchObject({
      revision: 2,
      submittedBy: 'ana-antwerp',
      items: answersOf(['implemented', 'implemented', 'not_applicable']).items,
    });
    expect(stored.counters).toMatchObject({ ack: 1, 'item|G1|implemented': 1, 'item|G2|implemented': 1 });
    expect(stored.counters['item|G1|not_implemented'] ?? 0).toBe(0);
    expect(stored.days.reduce((sum, d) => sum + (d.counters.submissions ?? 0), 0)).toBe(2);
    const history = await portal.request(path, { as: ana });
    expect(history.status).toBe(200);
    expect(history.json.history.map((a: Assessment) => a.revision)).toEqual([1]);
    const audit = await portal.deps.directory.listAudit('antwerp', auditMonthQuery(portal.time.month), {
      limit: 100,
    });
    expect(
      audit.items.filter((e) => e.action === 'assessment.submitted' && e.object.id === `${id}/1/antwerp`),
    ).toHaveLength(2);
  });

  // Many submissions at once: whichever way they interleave (with or without lost races), each is
  // accepted once in the end and the counters equal a recomputation.
  it('keeps counters equal to a recomputation while many organisations and re-submissions run at once', async () => {
    const { id, version } = await published({ appliesTo: ['port_authority', 'shipping_company'] });
    // More organisations, added the normal way (the directory summary follows).
    const extra = Array.from({ length: 8 }, (_, i) => ({
      id: `race-port-${i}`,
      name: `Race Port ${i}`,
      kind: 'port_authority',
      country: ['PT', 'IE', 'LT', 'HR'][i % 4],
      unlocode: `${['PT', 'IE', 'LT', 'HR'][i % 4]}R${String.fromCharCode(65 + i)}${String.fromCharCode(66 + i)}`,
    }));
    for (const org of extra) {
      const res = await portal.request('/api/v1/organisations', { as: clara, body: org });
      expect(res.status).toBe(201);
    }
    const contributors = [
      ...extra.map((o) => ({ organisationId: o.id, id: `c-${o.id}` })),
      { organisationId: 'antwerp', id: 'ben-antwerp' },
      { organisationId: 'rotterdam', id: 'ruth-rotterdam' },
      { organisationId: 'northsea-line', id: 'sam-northsea-line' },
    ];
    const statuses = ['implemented', 'in_progress', 'not_implemented', 'not_applicable'];
    let successes = 0;
    // The API takes members from the directory, so each racing member is invited first.
    const memberIds = new Map<string, string>();
    for (const who of contributors) {
      for (const attempt of [0, 1, 2, 3]) {
        const invited = await portal.request(`/api/v1/organisations/${who.organisationId}/members`, {
          as: clara,
          body: {
            email: `${who.id}-${attempt}@race.example`,
            name: `${who.id} ${attempt}`,
            role: 'contributor',
          },
        });
        expect(invited.status).toBe(201);
        memberIds.set(`${who.id}-${attempt}`, invited.json.id);
      }
    }
    /** One member's submission, retried after a lost race as a client would. */
    async function submitUntilAccepted(who: (typeof contributors)[number], attempt: number) {
      const token = await portal.issuer.sign({
        id: memberIds.get(`${who.id}-${attempt}`)!,
        email: `${who.id}-${attempt}@race.example`,
        name: who.id,
        organisationId: who.organisationId,
        role: 'contributor',
      });
      const body = answersOf([0, 1, 2].map((k) => statuses[(attempt + k + who.id.length) % 4]!));
      for (let tries = 0; tries < 50; tries++) {
        const res = await portal.app.request(assessmentPath(id, 1, who.organisationId), {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status === 409) continue;
        expect([200, 201]).toContain(res.status);
        successes++;
        return;
      }
      throw new Error('never accepted');
    }
    // Every organisation's first submission at once (first-submission races), then three members
    // of each organisation re-submit at once from the same revision (replacement races).
    await Promise.all(contributors.map((who) => submitUntilAccepted(who, 0)));
    await Promise.all(
      contributors.flatMap((who) => [1, 2, 3].map((attempt) => submitUntilAccepted(who, attempt))),
    );
    expect(successes).toBe(contributors.length * 4);

    const { assessments, stored } = await expectCountersRecomputable(id, 1, version);
    expect(assessments).toHaveLength(contributors.length);
    expect(assessments.every((a) => a.revision === 4)).toBe(true);
    // Whatever lost a race was told (409), retried, and not counted twice.
    const submissions = stored.days.reduce((sum, d) => sum + (d.counters.submissions ?? 0), 0);
    expect(submissions).toBe(successes);

    const board = await portal.request(`/api/v1/progress/checklists/${id}/versions/1`, { as: clara });
    expect(board.json.acknowledged).toBe(contributors.length);
    expect(board.json.byCountry.find((c: { country: string }) => c.country === 'PT')).toMatchObject({
      acknowledged: 2,
      applicable: 2,
    });
  });
});

describe('scoreboard', () => {
  it('shows the Commission acknowledged/applicable, item counts, the country cell, deficit and laggards', async () => {
    const { id } = await published({ dueAt: inDays(-2) });
    const path = `/api/v1/progress/checklists/${id}/versions/1`;
    const before = await portal.request(path, { as: clara });
    expect(before.status).toBe(200);
    expect(before.json.view).toBe('commission');
    expect(before.json.acknowledged).toBe(0);
    const applicable = before.json.applicable;
    expect(applicable).toBeGreaterThanOrEqual(10);
    expect(before.json.byCountry.find((c: { country: string }) => c.country === 'BE')).toMatchObject({
      acknowledged: 0,
      applicable: 1,
      light: 'red',
    });
    expect(before.json.laggards.map((l: { organisationId: string }) => l.organisationId)).toContain(
      'antwerp',
    );
    expect(before.json.deficit).toMatchObject({ value: 1, due: true });

    await portal.request(assessmentPath(id, 1, 'antwerp'), {
      as: ben,
      method: 'PUT',
      body: answersOf(['implemented', 'implemented', 'not_implemented']),
    });
    const after = await portal.request(path, { as: clara });
    expect(after.json.acknowledged).toBe(1);
    expect(after.json.byCountry.find((c: { country: string }) => c.country === 'BE')).toMatchObject({
      acknowledged: 1,
      applicable: 1,
      implementedShare: 1,
      light: 'green',
    });
    expect(
      after.json.items.map((i: { itemId: string; implemented: number }) => [i.itemId, i.implemented]),
    ).toEqual([
      ['G1', 1],
      ['G2', 1],
      ['G3', 0],
    ]);
    expect(after.json.laggards.map((l: { organisationId: string }) => l.organisationId)).not.toContain(
      'antwerp',
    );
    expect(after.json.laggardCount).toBe(applicable - 1);
    expect(after.json.deficit.value).toBeCloseTo(1 - 2 / (2 * applicable));
    expect(after.json.trend.at(-1)).toMatchObject({ acknowledged: 1, implementedMandatory: 2 });

    const overview = await portal.request('/api/v1/progress', { as: clara });
    expect(overview.json.view).toBe('commission');
    const column = overview.json.checklists.findIndex((c: { checklistId: string }) => c.checklistId === id);
    expect(column).toBeGreaterThanOrEqual(0);
    const belgium = overview.json.grid.find((r: { country: string }) => r.country === 'BE');
    expect(belgium.cells[column]).toMatchObject({ checklistId: id, light: 'green' });
    expect(overview.json.checklists.map((c: { checklistId: string }) => c.checklistId)).toContain(
      'terminal-access-control',
    );
    const flags = overview.json.laggards.map((l: { overdue: boolean }) => l.overdue);
    expect(flags).toEqual([...flags].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
  });

  it('gives everyone else their own status and anonymous averages, never another organisation’s answers', async () => {
    const { id } = await published();
    const path = `/api/v1/progress/checklists/${id}/versions/1`;
    await portal.request(assessmentPath(id, 1, 'antwerp'), {
      as: ben,
      method: 'PUT',
      body: answersOf(['implemented', 'implemented', 'implemented']),
    });
    const lonely = await portal.request(path, { as: sam });
    expect(lonely.json).toMatchObject({ view: 'member', own: { status: 'not_applicable' }, alliance: null });
    // Averages need three organisations besides the viewer's (test/integration/anonymous-averages.test.ts).
    const others = { rotterdam: ruth, hamburg: 'hans@hamburg.example', algeciras: 'alba@algeciras.example' };
    for (const [org, as] of Object.entries(others)) {
      await portal.request(assessmentPath(id, 1, org), {
        as,
        method: 'PUT',
        body: answersOf(['not_implemented', 'implemented', 'in_progress']),
      });
    }
    const forBen = await portal.request(path, { as: bo });
    expect(forBen.json.own).toMatchObject({ status: 'acknowledged', implementedShare: 1 });
    expect(forBen.json.alliance.items.map((i: { implementedShare: number }) => i.implementedShare)).toEqual([
      1 / 4,
      1,
      1 / 4,
    ]);
    const forSam = await portal.request(path, { as: sam });
    for (const leak of ['antwerp', 'rotterdam', 'hamburg', 'algeciras', 'byCountry', 'laggards']) {
      expect(forSam.text).not.toContain(leak);
    }
    const overview = await portal.request('/api/v1/progress', { as: sam });
    expect(overview.json.view).toBe('member');
    expect(overview.text).not.toContain('antwerp');
    expect(
      overview.json.checklists.find((c: { checklistId: string }) => c.checklistId === 'seal-and-pin-hygiene'),
    ).toMatchObject({ own: { status: 'acknowledged' } });
  });

  it('exports every view as CSV', async () => {
    const { id } = await published();
    for (const view of ['items', 'kinds', 'countries', 'trend', 'laggards']) {
      const res = await portal.request(
        `/api/v1/progress/checklists/${id}/versions/1?format=csv&view=${view}`,
        {
          as: clara,
        },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.text.split('\r\n')[0]).toMatch(/^[a-zA-Z]+,/);
    }
    const laggards = await portal.request(
      `/api/v1/progress/checklists/${id}/versions/1?format=csv&view=laggards`,
      {
        as: clara,
      },
    );
    expect(laggards.text).toContain('antwerp,Port of Antwerp-Bruges,port_authority,BE');
    for (const view of ['checklists', 'grid', 'laggards']) {
      const res = await portal.request(`/api/v1/progress?format=csv&view=${view}`, { as: clara });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
    }
    const grid = await portal.request('/api/v1/progress?format=csv&view=grid', { as: clara });
    expect(grid.text.split('\r\n')[0]).toContain('terminal-access-control');
    const member = await portal.request('/api/v1/progress?format=csv', { as: sam });
    expect(member.text).not.toContain('antwerp');
    expectProblem(await portal.request('/api/v1/progress?format=xlsx', { as: clara }), 400);
    expectProblem(
      await portal.request(`/api/v1/progress/checklists/${id}/versions/1?view=secrets`, { as: clara }),
      400,
    );
    expectProblem(await portal.request(`/api/v1/progress/checklists/${id}/versions/5`, { as: clara }), 404);
  });
});

describe('contract', () => {
  it('publishes every checklist and progress path in the OpenAPI document', async () => {
    const doc = await portal.request('/api/v1/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/checklists',
        '/api/v1/checklists/{id}',
        '/api/v1/checklists/{id}/publish',
        '/api/v1/checklists/{id}/versions/{v}/assessments',
        '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}',
        '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}/evidence',
        '/api/v1/me/todo',
        '/api/v1/progress',
        '/api/v1/progress/checklists/{id}/versions/{v}',
      ]),
    );
    expect(Object.keys(doc.json.paths['/api/v1/progress'].get.responses['200'].content)).toEqual([
      'application/json',
      'text/csv',
    ]);
  });
});

describe('round trips (docs/data-model.md)', () => {
  it('reads the scoreboard in the same round trips with one or many assessments, never a Scan', async () => {
    const counterOf = countRoundTrips(portal.dynamo);
    const { id } = await published({ appliesTo: ['port_authority', 'shipping_company'] });
    const path = `/api/v1/progress/checklists/${id}/versions/1`;
    await portal.request(assessmentPath(id, 1, 'antwerp'), {
      as: ben,
      method: 'PUT',
      body: answersOf(['implemented', 'implemented', 'implemented']),
    });
    const few = await counterOf.during(() => portal.request(path, { as: clara }));
    for (const [as, org] of [
      [ruth, 'rotterdam'],
      ['hans@hamburg.example', 'hamburg'],
      ['alba@algeciras.example', 'algeciras'],
      ['gio@genoa.example', 'genoa'],
      [sam, 'northsea-line'],
      ['ines@iberia-reefer.example', 'iberia-reefer'],
    ] as const) {
      const res = await portal.request(assessmentPath(id, 1, org), {
        as,
        method: 'PUT',
        body: answersOf(['implemented', 'in_progress', 'implemented']),
      });
      expect(res.status).toBe(201);
    }
    const many = await counterOf.during(() => portal.request(path, { as: clara }));
    expect(many.result.json.acknowledged).toBe(7);
    expect(few.commands.sort()).toEqual(['BatchGetItem', 'Query']);
    expect(many.commands.sort()).toEqual(few.commands);

    const overview = await counterOf.during(() => portal.request('/api/v1/progress', { as: clara }));
    expect(overview.commands).toEqual(['Query', 'BatchGetItem']);
    const todo = await counterOf.during(() => portal.request('/api/v1/me/todo', { as: ben }));
    expect(todo.commands).toEqual(['Query', 'BatchGetItem']);
    const submit = await counterOf.during(() =>
      portal.request(assessmentPath(id, 1, 'antwerp'), {
        as: ben,
        method: 'PUT',
        body: answersOf(['implemented', 'implemented', 'in_progress']),
      }),
    );
    expect(submit.commands).toEqual(['BatchGetItem', 'TransactWriteItems']);
    expect(counterOf.all).not.toContain('Scan');
  });
});
