import { beforeAll, describe, expect, it } from 'vitest';
import { accessReviewIntervalDays } from '../../shared/access-review';
import type { AuditEvent } from '../../shared/audit';
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
const bo = 'bo@antwerp.example';
const clara = 'clara@commission.example';
const ruth = 'ruth@rotterdam.example';

const start = new Date('2031-06-01T09:00:00.000Z');
let clock = start;
const later = (days: number) => new Date(start.getTime() + days * 86_400_000);
let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal({ overrides: { now: () => clock } });
});

const antwerpIds = [ana, ben, bo].map((e) => demoMember(e).id);
const keepAll = () => ({ decisions: antwerpIds.map((memberId) => ({ memberId, decision: 'keep' })) });
const overdueIds = async () => {
  const res = await portal.request('/api/v1/access-reviews/overdue', { as: clara });
  expect(res.status).toBe(200);
  return res.json.items.map((o: { organisationId: string }) => o.organisationId) as string[];
};

describe('access review', () => {
  it('is overdue for every organisation that never reviewed', async () => {
    const status = await portal.request('/api/v1/organisations/antwerp/access-review/status', { as: ana });
    expect(status.json).toEqual({
      organisationId: 'antwerp',
      lastCompletedAt: null,
      dueAt: null,
      overdue: true,
    });
    const overdue = await overdueIds();
    expect(overdue).toContain('antwerp');
    expect(overdue).toContain('commission');
  });

  it('lists every member with last sign-in and last restricted read', async () => {
    await portal.deps.directory.recordAudit({
      at: '2031-05-30T10:00:00.000Z',
      requestId: 'read-1',
      actor: { memberId: demoMember(bo).id, organisationId: 'antwerp', role: 'reader' },
      action: 'document.downloaded',
      object: { type: 'document', id: 'd-1' },
      organisationId: 'rotterdam',
    } satisfies AuditEvent);
    const page = await portal.request('/api/v1/organisations/antwerp/access-review', { as: ana });
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ organisationId: 'antwerp', overdue: true, lastReviewer: null });
    const byId = new Map(page.json.members.map((m: any) => [m.id, m]));
    expect([...byId.keys()].sort()).toEqual([...antwerpIds].sort());
    expect(byId.get(demoMember(bo).id)).toMatchObject({
      name: 'Bo Maes',
      lastRestrictedReadAt: '2031-05-30T10:00:00.000Z',
      lastSignInAt: null,
      lastDecision: null,
    });
    expect(byId.get(demoMember(ben).id)).toMatchObject({ lastRestrictedReadAt: null });
  });

  it('refuses decisions that do not cover every member exactly once, naming them, and records nothing', async () => {
    const path = '/api/v1/organisations/antwerp/access-review';
    const missing = await portal.request(path, {
      as: ana,
      body: { decisions: [{ memberId: demoMember(ana).id, decision: 'keep' }] },
    });
    expectProblem(missing, 400);
    expect(problemFields(missing)).toEqual(['decisions']);
    expect(missing.json.detail).toContain('Ben Claes');
    expect(missing.json.detail).toContain('Bo Maes');

    const stranger = await portal.request(path, {
      as: ana,
      body: { decisions: [...keepAll().decisions, { memberId: demoMember(ruth).id, decision: 'keep' }] },
    });
    expectProblem(stranger, 400);
    expect(problemFields(stranger)).toEqual(['decisions.3.memberId']);

    const twice = await portal.request(path, {
      as: ana,
      body: { decisions: [...keepAll().decisions, { memberId: demoMember(bo).id, decision: 'suspend' }] },
    });
    expectProblem(twice, 400);
    expect(problemFields(twice)).toEqual(['decisions.3.memberId']);

    for (const body of [
      {},
      { decisions: [] },
      { decisions: [{ memberId: demoMember(bo).id, decision: 'delete' }] },
      { ...keepAll(), extra: true },
    ]) {
      expectProblem(await portal.request(path, { as: ana, body }), 400);
    }
    const status = await portal.request(`${path}/status`, { as: ana });
    expect(status.json.lastCompletedAt).toBeNull();
  });

  it('lets only the organisation’s own org_admin complete it; Commission sees, others learn nothing', async () => {
    const path = '/api/v1/organisations/antwerp/access-review';
    expectProblem(await portal.request(path, { as: ben, body: keepAll() }), 403);
    expectProblem(await portal.request(path, { as: ben }), 403);
    expectProblem(await portal.request(path, { as: ruth }), 403);
    expectProblem(await portal.request(path, { as: clara, body: keepAll() }), 403);
    expect((await portal.request(path, { as: clara })).status).toBe(200);
    expectProblem(await portal.request('/api/v1/organisations/nowhere/access-review', { as: clara }), 404);
    expectProblem(await portal.request('/api/v1/access-reviews/overdue', { as: ana }), 403);
    expectProblem(
      await portal.request('/api/v1/access-reviews/overdue', { as: 'carl@commission.example' }),
      403,
    );
  });

  it('records a completed review (keep all), audited, and takes the organisation off the overdue list for 90 days', async () => {
    clock = later(1);
    const done = await portal.request('/api/v1/organisations/antwerp/access-review', {
      as: ana,
      body: keepAll(),
    });
    expect(done.status).toBe(201);
    const dueAt = later(1 + accessReviewIntervalDays).toISOString();
    expect(done.json).toEqual({
      organisationId: 'antwerp',
      lastCompletedAt: later(1).toISOString(),
      dueAt,
      overdue: false,
    });
    expect(await overdueIds()).not.toContain('antwerp');

    const page = await portal.request('/api/v1/organisations/antwerp/access-review', { as: ana });
    expect(page.json.lastReviewer).toEqual({ memberId: demoMember(ana).id, name: 'Ana Peeters' });
    expect(page.json.members.every((m: any) => m.lastDecision === 'keep')).toBe(true);

    const trail = await portal.request('/api/v1/audit?action=access_review.completed', { as: ana });
    expect(trail.json.items).toHaveLength(1);
    expect(trail.json.items[0]).toMatchObject({
      requestId: done.headers.get('x-request-id'),
      object: { type: 'organisation', id: 'antwerp' },
      details: { kept: 3, suspended: [] },
    });

    // One day before the due date it is not overdue; on the due date it is again.
    clock = later(accessReviewIntervalDays);
    expect(
      (await portal.request('/api/v1/organisations/antwerp/access-review/status', { as: ana })).json.overdue,
    ).toBe(false);
    expect(await overdueIds()).not.toContain('antwerp');
    clock = later(1 + accessReviewIntervalDays);
    expect(
      (await portal.request('/api/v1/organisations/antwerp/access-review/status', { as: ana })).json.overdue,
    ).toBe(true);
    const overdue = (await portal.request('/api/v1/access-reviews/overdue', { as: clara })).json.items;
    expect(overdue.find((o: any) => o.organisationId === 'antwerp')).toEqual({
      organisationId: 'antwerp',
      name: 'Port of Antwerp-Bruges',
      kind: 'port_authority',
      country: 'BE',
      lastCompletedAt: later(1).toISOString(),
      dueAt,
      overdue: true,
    });
    // Never-reviewed organisations come first.
    expect(overdue[0].lastCompletedAt).toBeNull();
    expect(overdue.at(-1).organisationId).toBe('antwerp');
  });

  it('answers the home page’s status in one read of the review (the viewer’s organisation is in the member cache)', async () => {
    await portal.request('/api/v1/me', { as: ana });
    const trips = countRoundTrips(portal.dynamo);
    const { commands } = await trips.during(() =>
      portal.request('/api/v1/organisations/antwerp/access-review/status', { as: ana }),
    );
    expect(commands).toEqual(['GetItem']);
  });
});
