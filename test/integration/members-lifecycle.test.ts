import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app';
import { memberStatusTtlMs } from '../../functions/api/member-access';
import { tokenRules } from '../../functions/api/middleware/auth';
import { localClientId } from '../../functions/local/issuer';
import type { Member } from '../../shared/member';
import { keys } from '../../shared/table';
import { auditTrail } from '../support/audit-trail';
import { monthOf } from '../support/clock';
import {
  createTestPortal,
  demoMember,
  expectProblem,
  manualClock,
  problemFields,
  type TestPortal,
} from '../support/portal';
import { startPortalProcess } from '../support/portal-process';
import { countRoundTrips, holdNext } from '../support/round-trips';

const ana = 'ana@antwerp.example';
const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';
const clara = 'clara@commission.example';
const ruth = 'ruth@rotterdam.example';

/** Time in this file: a fixed instant moved on by hand (tokens, audit months and the cache follow it). */
const start = Date.parse('2026-06-15T10:00:00Z');
const clock = manualClock();
const now = () => new Date(start + clock.now());

let portal: TestPortal;
/** Another API instance on the same table: its cache learns of changes only when entries expire. */
let elsewhere: ReturnType<typeof createApp>;

beforeAll(async () => {
  portal = await createTestPortal({ overrides: { now, cacheClock: clock.now } });
  elsewhere = createApp({ ...portal.deps });
});

const memberPath = (org: string, id: string) => `/api/v1/organisations/${org}/members/${id}`;

/** A request with a token the caller made (or the member's usual one), to the other instance. */
async function elsewhereAs(email: string, path = '/api/v1/me') {
  const res = await elsewhere.request(path, {
    headers: { authorization: `Bearer ${await portal.tokenFor(email)}` },
  });
  return { status: res.status, headers: res.headers, json: await res.json().catch(() => null) };
}

async function storedMember(org: string, id: string): Promise<Member | undefined> {
  const { Item } = await portal.db.send(
    new GetCommand({ TableName: portal.tableName, Key: keys.member(org, id), ConsistentRead: true }),
  );
  return Item as Member | undefined;
}

/** The organisation's audit trail in the month of this file's clock (not the machine's). */
const auditOf = (org: string) => auditTrail(portal, org, monthOf(now()));

/** Invites a member into an organisation (as its org admin or the Commission) and answers their id. */
async function invite(org: string, as: string, email: string, role: string) {
  const res = await portal.request(`/api/v1/organisations/${org}/members`, {
    as,
    body: { email, name: email.split('@')[0], role },
  });
  expect(res.status).toBe(201);
  return res.json as Member;
}

const tokenOf = (member: Member, overrides: Parameters<TestPortal['issuer']['sign']>[2] = {}) => {
  const issuedAt = overrides.issuedAt ?? Math.floor(now().getTime() / 1000);
  return portal.issuer.sign(member, issuedAt + 3600, { ...overrides, issuedAt });
};

describe('suspending and reinstating', () => {
  it("cuts a suspended member's existing token off within the cache time, everywhere, and reinstating lets it in again", async () => {
    const boId = demoMember(bo).id;
    // Bo is signed in and known to another instance's cache.
    expect((await elsewhereAs(bo)).status).toBe(200);

    const res = await portal.request(memberPath('antwerp', boId), {
      as: ana,
      method: 'PATCH',
      body: { status: 'suspended', reason: 'Laptop stolen at the terminal' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: boId, status: 'suspended', role: 'reader' });
    expect((await storedMember('antwerp', boId))?.status).toBe('suspended');

    // On the instance that made the change: at once.
    const here = await portal.request('/api/v1/me', { as: bo });
    expectProblem(here, 401);
    expect(here.json.title).toBe('Your access has been suspended');
    // Elsewhere: until the cache entry expires, and not a moment longer.
    clock.advance(memberStatusTtlMs - 1);
    expect((await elsewhereAs(bo)).status).toBe(200);
    clock.advance(1);
    const there = await elsewhereAs(bo);
    expectProblem(there, 401);
    expect(there.json.title).toBe('Your access has been suspended');
    expect(memberStatusTtlMs).toBeLessThanOrEqual(5_000);

    // The local issuer, like a disabled Cognito user, gives no new token either.
    const signIn = await portal.issuer
      .routes(portal.deps.directory)
      .request('/sign-in', { method: 'POST', body: JSON.stringify({ email: bo }) });
    expect(signIn.status).toBe(401);
    expect(((await signIn.json()) as { title: string }).title).toBe('Your access has been suspended');

    const [event] = (await auditOf('antwerp')).filter(
      (e) => e.action === 'member.suspended' && e.object.id === boId,
    );
    expect(event).toMatchObject({
      requestId: res.headers.get('x-request-id'),
      actor: { memberId: demoMember(ana).id, organisationId: 'antwerp', role: 'org_admin' },
      details: {
        reason: 'Laptop stolen at the terminal',
        from: { status: 'active', role: 'reader' },
        to: { status: 'suspended', role: 'reader' },
      },
    });
    expect(event!.details.emergency).toBeUndefined();

    const back = await portal.request(memberPath('antwerp', boId), {
      as: ana,
      method: 'PATCH',
      body: { status: 'active', reason: 'Laptop found; password changed' },
    });
    expect(back.status).toBe(200);
    expect(back.json.status).toBe('active');
    expect((await portal.request('/api/v1/me', { as: bo })).status).toBe(200);
    clock.advance(memberStatusTtlMs);
    expect((await elsewhereAs(bo)).status).toBe(200);
    expect(
      (await auditOf('antwerp')).some((e) => e.action === 'member.reinstated' && e.object.id === boId),
    ).toBe(true);
  });

  it('applies a role change on the next request after the cache time', async () => {
    const boId = demoMember(bo).id;
    const members = '/api/v1/organisations/antwerp/members';
    expect((await elsewhereAs(bo, members)).status).toBe(403);
    const res = await portal.request(memberPath('antwerp', boId), {
      as: ana,
      method: 'PATCH',
      body: { role: 'org_admin', reason: 'Deputy for the summer' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ role: 'org_admin', status: 'active' });
    clock.advance(memberStatusTtlMs);
    expect((await elsewhereAs(bo, members)).status).toBe(200);
    expect(
      (await auditOf('antwerp')).find((e) => e.requestId === res.headers.get('x-request-id')),
    ).toMatchObject({
      action: 'member.role_changed',
      details: { from: { role: 'reader' }, to: { role: 'org_admin' }, reason: 'Deputy for the summer' },
    });

    const down = await portal.request(memberPath('antwerp', boId), {
      as: ana,
      method: 'PATCH',
      body: { role: 'reader', reason: 'Summer is over' },
    });
    expect(down.status).toBe(200);
    clock.advance(memberStatusTtlMs);
    expect((await elsewhereAs(bo, members)).status).toBe(403);
  });
});

describe('who may change members', () => {
  it('refuses everyone but the organisation’s org admins and the Commission’s, and changes nothing', async () => {
    const boId = demoMember(bo).id;
    const before = await storedMember('antwerp', boId);
    const trail = (await auditOf('antwerp')).length;
    const suspend = { status: 'suspended', reason: 'no' };
    for (const as of [ben, bo, ruth, 'carl@commission.example']) {
      expectProblem(
        await portal.request(memberPath('antwerp', boId), { as, method: 'PATCH', body: suspend }),
        403,
      );
      expectProblem(
        await portal.request(`${memberPath('antwerp', boId)}?reason=no`, { as, method: 'DELETE' }),
        403,
      );
    }
    expectProblem(await portal.request(memberPath('antwerp', boId), { method: 'PATCH', body: suspend }), 401);
    expect(await storedMember('antwerp', boId)).toEqual(before);
    expect((await auditOf('antwerp')).length).toBe(trail);
  });

  it('answers 404 for an unknown member, a member of another organisation, and an unknown organisation', async () => {
    const body = { status: 'suspended', reason: 'test' };
    expectProblem(
      await portal.request(memberPath('antwerp', 'nobody'), { as: ana, method: 'PATCH', body }),
      404,
    );
    expectProblem(
      await portal.request(memberPath('antwerp', demoMember(ruth).id), { as: ana, method: 'PATCH', body }),
      404,
    );
    expectProblem(
      await portal.request(`${memberPath('antwerp', 'nobody')}?reason=x`, { as: ana, method: 'DELETE' }),
      404,
    );
    expectProblem(
      await portal.request(memberPath('atlantis', 'nobody'), { as: clara, method: 'PATCH', body }),
      404,
    );
    expect((await storedMember('rotterdam', demoMember(ruth).id))?.status).toBeUndefined();
  });

  it('answers bad bodies and a missing reason with 400 naming the field, and changes nothing', async () => {
    const benId = demoMember(ben).id;
    const before = await storedMember('antwerp', benId);
    const trail = (await auditOf('antwerp')).length;
    const cases: [unknown, string][] = [
      [{ status: 'suspended' }, 'reason'],
      [{ status: 'suspended', reason: '   ' }, 'reason'],
      [{ status: 'suspended', reason: 'x'.repeat(501) }, 'reason'],
      [{ status: 'banned', reason: 'x' }, 'status'],
      [{ role: 'superuser', reason: 'x' }, 'role'],
      [{ reason: 'nothing to change' }, 'status'],
      [{ status: 'suspended', reason: 'x', organisationId: 'rotterdam' }, 'organisationId'],
    ];
    for (const [body, field] of cases) {
      const res = await portal.request(memberPath('antwerp', benId), { as: ana, method: 'PATCH', body });
      expectProblem(res, 400);
      expect(problemFields(res)).toContain(field);
    }
    expectProblem(
      await portal.request(memberPath('antwerp', benId), {
        as: ana,
        method: 'PATCH',
        rawBody: '{',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    const noReason = await portal.request(memberPath('antwerp', benId), { as: ana, method: 'DELETE' });
    expectProblem(noReason, 400);
    expect(problemFields(noReason)).toContain('reason');
    expectProblem(
      await portal.request(`${memberPath('antwerp', 'bad id!')}?reason=x`, { as: ana, method: 'DELETE' }),
      400,
    );
    expect(await storedMember('antwerp', benId)).toEqual(before);
    expect((await auditOf('antwerp')).length).toBe(trail);
  });
});

describe('the last org admin', () => {
  it('cannot be demoted, suspended or removed (409), and nothing changes', async () => {
    const anaId = demoMember(ana).id;
    const before = await storedMember('antwerp', anaId);
    for (const [method, body, query] of [
      ['PATCH', { role: 'contributor', reason: 'x' }, ''],
      ['PATCH', { status: 'suspended', reason: 'x' }, ''],
      ['DELETE', undefined, '?reason=x'],
    ] as const) {
      const res = await portal.request(`${memberPath('antwerp', anaId)}${query}`, {
        as: ana,
        method,
        ...(body ? { body } : {}),
      });
      expectProblem(res, 409);
      expect(res.json.detail).toMatch(/last active org admin/);
    }
    // Not even by the Commission.
    expectProblem(
      await portal.request(memberPath('antwerp', anaId), {
        as: clara,
        method: 'PATCH',
        body: { status: 'suspended', reason: 'x' },
      }),
      409,
    );
    expect(await storedMember('antwerp', anaId)).toEqual(before);
  });

  it('holds when two admins demote each other at once: exactly one demotion succeeds', async () => {
    const org = 'race-org';
    const created = await portal.request('/api/v1/organisations', {
      as: clara,
      body: { id: org, name: 'Race Org', kind: 'agency', country: 'BE' },
    });
    expect(created.status).toBe(201);
    const first = await invite(org, clara, 'first@race.example', 'org_admin');
    const second = await invite(org, clara, 'second@race.example', 'org_admin');
    const demote = async (by: Member, target: Member) =>
      portal.app.request(memberPath(org, target.id), {
        method: 'PATCH',
        headers: { authorization: `Bearer ${await tokenOf(by)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'reader', reason: 'race' }),
      });
    // The first admin's demotion of the second has read both (the second is still an admin, so
    // the first is not the last) and is stopped before it writes; the second's demotion of the
    // first runs to the end meanwhile. Both were allowed when they read: this is the race, made
    // to happen on every run instead of only when the machine's timing gives it.
    const held = holdNext(
      portal.dynamo,
      (command, input) => command === 'TransactWriteItems' && JSON.stringify(input).includes(second.id),
    );
    const firstDemotesSecond = demote(first, second);
    await held.reached;
    expect((await demote(second, first)).status).toBe(200);
    held.release();
    // Let go, its write finds the first no longer an admin; read again, the second is the last.
    const lost = await firstDemotesSecond;
    expectProblem({ status: lost.status, headers: lost.headers, json: await lost.json() }, 409);
    expect((await storedMember(org, first.id))?.role).toBe('reader');
    expect((await storedMember(org, second.id))?.role).toBe('org_admin');
  });

  it('can step down once another org admin exists', async () => {
    await portal.request('/api/v1/organisations', {
      as: clara,
      body: { id: 'handover', name: 'Handover Agency', kind: 'agency', country: 'NL' },
    });
    const first = await invite('handover', clara, 'first@handover.example', 'org_admin');
    const res = await portal.app.request(memberPath('handover', first.id), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await tokenOf(first)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'reader', reason: 'handing over' }),
    });
    expect(res.status).toBe(409);
    await invite('handover', clara, 'second@handover.example', 'org_admin');
    const again = await portal.app.request(memberPath('handover', first.id), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await tokenOf(first)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'reader', reason: 'handing over' }),
    });
    expect(again.status).toBe(200);
  });
});

describe('the Commission in an emergency', () => {
  it("suspends another organisation's member, audited as an emergency in both trails", async () => {
    const ruthId = demoMember(ruth).id;
    expect((await portal.request('/api/v1/me', { as: ruth })).status).toBe(200);
    const res = await portal.request(memberPath('rotterdam', ruthId), {
      as: clara,
      method: 'PATCH',
      body: { status: 'suspended', reason: 'Credentials posted on a paste site' },
    });
    expect(res.status).toBe(200);
    expectProblem(await portal.request('/api/v1/me', { as: ruth }), 401);
    const requestId = res.headers.get('x-request-id');
    const inRotterdam = (await auditOf('rotterdam')).find((e) => e.requestId === requestId);
    const inCommission = (await auditOf('commission')).find((e) => e.requestId === requestId);
    for (const event of [inRotterdam, inCommission]) {
      expect(event).toMatchObject({
        action: 'member.suspended',
        object: { type: 'member', id: ruthId },
        actor: { organisationId: 'commission', role: 'org_admin' },
        details: { emergency: true, reason: 'Credentials posted on a paste site' },
      });
    }
    expect(inCommission?.details.memberOrganisationId).toBe('rotterdam');
  });
});

describe('removing', () => {
  it('deletes the member and frees the e-mail; their token is refused; audited with the reason', async () => {
    const gone = await invite('antwerp', ana, 'leaver@antwerp.example', 'contributor');
    const token = await tokenOf(gone);
    const asGone = () => portal.app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect((await asGone()).status).toBe(200);
    const res = await portal.request(
      `${memberPath('antwerp', gone.id)}?reason=${encodeURIComponent('Left the port authority')}`,
      {
        as: ana,
        method: 'DELETE',
      },
    );
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const refused = await asGone();
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { title: string }).title).toBe('You are no longer a member');
    expect(await storedMember('antwerp', gone.id)).toBeUndefined();
    const { Item } = await portal.db.send(
      new GetCommand({ TableName: portal.tableName, Key: keys.memberEmail('leaver@antwerp.example') }),
    );
    expect(Item).toBeUndefined();
    expect(
      (await auditOf('antwerp')).find((e) => e.requestId === res.headers.get('x-request-id')),
    ).toMatchObject({
      action: 'member.removed',
      object: { id: gone.id },
      details: { reason: 'Left the port authority', email: 'leaver@antwerp.example' },
    });
    expectProblem(
      await portal.request(`${memberPath('antwerp', gone.id)}?reason=again`, { as: ana, method: 'DELETE' }),
      404,
    );
    // The person can be invited again.
    await invite('antwerp', ana, 'leaver@antwerp.example', 'reader');
  });
});

describe('tokens held to what the issuer issues', () => {
  const boMember = () => ({ ...demoMember(bo) }) as Member;
  const call = async (token: string, path = '/api/v1/me') => {
    const res = await portal.app.request(path, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, json: await res.json().catch(() => null) };
  };

  it('refuses another audience, another token_use, an iat in the future and a lifetime too long', async () => {
    const nowS = Math.floor(now().getTime() / 1000);
    expect((await call(await tokenOf(boMember()))).status).toBe(200);
    expectProblem(await call(await tokenOf(boMember(), { claims: { aud: 'another-client' } })), 401);
    expectProblem(await call(await tokenOf(boMember(), { claims: { aud: undefined } })), 401);
    const access = await call(
      await tokenOf(boMember(), { claims: { token_use: 'access', client_id: localClientId } }),
    );
    expectProblem(access, 401);
    expect(access.json.detail).toMatch(/token_use/);
    expectProblem(
      await call(await tokenOf(boMember(), { issuedAt: nowS + tokenRules.clockSkewSeconds + 5 })),
      401,
    );
    // Within the tolerated skew it is fine.
    expect((await call(await tokenOf(boMember(), { issuedAt: nowS + 5 }))).status).toBe(200);
    const long = await call(
      await portal.issuer.sign(boMember(), nowS + tokenRules.maxLifetimeSeconds + 60, { issuedAt: nowS }),
    );
    expectProblem(long, 401);
    expect(long.json.detail).toMatch(/24 hours/);
  });

  it("acts on the directory's role, not the token's groups", async () => {
    const token = await tokenOf(boMember(), { claims: { 'cognito:groups': ['org_admin'] } });
    const res = await call(token, '/api/v1/organisations/antwerp/members');
    expectProblem(res, 403);
    expect((await call(token)).json.member.role).toBe('reader');
  });

  it('refuses a token whose organisation the directory contradicts', async () => {
    const token = await tokenOf({ ...boMember(), organisationId: 'rotterdam' });
    const res = await call(token);
    expectProblem(res, 401);
    expect(res.json.title).toBe('You are no longer a member');
  });
});

describe('the member status cache and last sign-in', () => {
  it('reads the directory once per member per cache time, not per request', async () => {
    const hans = { ...demoMember('hans@hamburg.example') } as Member;
    const token = await tokenOf(hans);
    const trips = countRoundTrips(portal.dynamo);
    const list = () =>
      trips.during(async () =>
        portal.app.request('/api/v1/organisations?kind=agency', {
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    // First request: the member and organisation (one BatchGetItem), the sign-in noted, the page.
    expect((await list()).commands).toEqual(['BatchGetItem', 'UpdateItem', 'Query']);
    // Within the cache time: no directory read at all.
    clock.advance(memberStatusTtlMs - 1);
    expect((await list()).commands).toEqual(['Query']);
    // Then one read again; the same sign-in is not written twice.
    clock.advance(1);
    expect((await list()).commands).toEqual(['BatchGetItem', 'Query']);
  });

  it('records the last sign-in from the token, only ever forwards, and shows it in the members list', async () => {
    const greg = { ...demoMember('greg@gdansk.example') } as Member;
    const nowS = Math.floor(now().getTime() / 1000);
    const signedIn = (at: number) => tokenOf(greg, { issuedAt: at });
    expect((await call(await signedIn(nowS - 600))).status).toBe(200);
    expect((await storedMember('gdansk', greg.id))?.lastSignInAt).toBe(
      new Date((nowS - 600) * 1000).toISOString(),
    );
    clock.advance(memberStatusTtlMs);
    expect((await call(await signedIn(nowS - 3000))).status).toBe(200);
    expect((await storedMember('gdansk', greg.id))?.lastSignInAt).toBe(
      new Date((nowS - 600) * 1000).toISOString(),
    );
    expect((await call(await signedIn(nowS))).status).toBe(200);
    const list = await portal.request('/api/v1/organisations/gdansk/members', { as: clara });
    expect(list.json.items.find((m: Member) => m.id === greg.id)).toMatchObject({
      status: 'active',
      lastSignInAt: new Date(nowS * 1000).toISOString(),
    });
  });

  async function call(token: string) {
    const res = await portal.app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status };
  }
});

describe('with the real local issuer over HTTP', () => {
  let dataDir: string;
  let running: Awaited<ReturnType<typeof startPortalProcess>> | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'alliance-members-'));
    // A stand-in for web/dist: this test needs the API and the issuer, not the frontend build.
    const webDist = join(dataDir, 'web-dist');
    mkdirSync(webDist);
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Alliance portal</title>');
    running = await startPortalProcess({ dataDir: join(dataDir, 'data'), env: { WEB_DIST: webDist } });
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a suspended member's existing token within 5 seconds", async () => {
    const url = running!.url;
    const signIn = async (email: string) => {
      const res = await fetch(`${url}/local/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { token: string }).token;
    };
    const boToken = await signIn(bo);
    const me = () => fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${boToken}` } });
    expect((await me()).status).toBe(200);
    const suspended = await fetch(`${url}${memberPath('antwerp', demoMember(bo).id)}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await signIn(ana)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'suspended', reason: 'Phone lost' }),
    });
    expect(suspended.status).toBe(200);
    // Poll until refused or the contract's 5 s have passed; the assertion is on the outcome.
    const deadline = Date.now() + 5_000;
    let res = await me();
    while (res.status === 200 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 250));
      res = await me();
    }
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { title: string }).title).toBe('Your access has been suspended');
  }, 30_000);
});
