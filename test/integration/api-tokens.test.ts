import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberStatusTtlMs } from '../../functions/api/member-access';
import { apiTokenRules } from '../../shared/api-token';
import { keys } from '../../shared/table';
import { auditTrail } from '../support/audit-trail';
import { inDays as daysFrom, monthOf } from '../support/clock';
import {
  createTestPortal,
  expectProblem,
  manualClock,
  problemFields,
  type TestPortal,
} from '../support/portal';
import { countRoundTrips } from '../support/round-trips';
import { publishBulletin } from '../support/shared-items';

const ana = 'ana@antwerp.example'; // Antwerp org_admin
const ben = 'ben@antwerp.example'; // Antwerp contributor
const ruth = 'ruth@rotterdam.example';
const clara = 'clara@commission.example'; // Commission org_admin

/** The portal's time: a fixed instant moved on by hand (token expiry and the member cache follow it). */
const start = Date.parse('2026-06-15T10:00:00Z');
const clock = manualClock();
const now = () => new Date(start + clock.now());
const inDays = (days: number) => daysFrom(days, now());

let portal: TestPortal;
let amberForRotterdam: string;
let amberForHamburg: string;

beforeAll(async () => {
  portal = await createTestPortal({ overrides: { now, cacheClock: clock.now } });
  amberForRotterdam = (
    await publishBulletin(portal, ben, { recipients: { organisations: ['rotterdam'], members: [] } })
  ).id;
  amberForHamburg = (
    await publishBulletin(portal, ben, { recipients: { organisations: ['hamburg'], members: [] } })
  ).id;
});

const tokensPath = (org: string) => `/api/v1/organisations/${org}/tokens`;

async function createToken(body: Record<string, unknown> = {}, as = ana, org = 'antwerp') {
  const res = await portal.request(tokensPath(org), {
    as,
    body: { name: 'MISP at Antwerp', scopes: ['bulletins:read'], expiresAt: inDays(90), ...body },
  });
  expect(res.status).toBe(201);
  return res.json as { id: string; token: string };
}

/** A request with an API token instead of a member's JWT. */
const withToken = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  portal.request(path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}` },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });

describe('creating, listing and revoking tokens', () => {
  it('creates a token, shows its secret once, lists it without the secret and stores only a hash', async () => {
    const created = await createToken();
    expect(created.token.startsWith(apiTokenRules.prefix)).toBe(true);
    const list = await portal.request(tokensPath('antwerp'), { as: ana });
    expect(list.status).toBe(200);
    const listed = list.json.items.find((t: { id: string }) => t.id === created.id);
    expect(listed).toMatchObject({ name: 'MISP at Antwerp', scopes: ['bulletins:read'], lastUsedAt: null });
    expect(list.text).not.toContain(created.token.split('.').at(-1));
    const { Item } = await portal.db.send(
      new GetCommand({ TableName: portal.tableName, Key: keys.apiToken('antwerp', created.id) }),
    );
    expect(JSON.stringify(Item)).not.toContain(created.token.split('.').at(-1));
    expect(Item?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    const trail = await auditTrail(portal, 'antwerp', monthOf(now()));
    expect(trail.some((e) => e.action === 'api_token.created' && e.object.id === created.id)).toBe(true);
  });

  it('lets only the organisation’s own org admins manage its tokens', async () => {
    expectProblem(await portal.request(tokensPath('antwerp'), { as: ben }), 403);
    expectProblem(await portal.request(tokensPath('antwerp'), { as: ruth }), 403);
    expectProblem(await portal.request(tokensPath('antwerp'), { as: clara }), 403);
    const body = { name: 'x', scopes: ['bulletins:read'], expiresAt: inDays(5) };
    expectProblem(await portal.request(tokensPath('antwerp'), { as: clara, body }), 403);
    const created = await createToken();
    expectProblem(
      await portal.request(`${tokensPath('antwerp')}/${created.id}`, { as: ruth, method: 'DELETE' }),
      403,
    );
  });

  it('refuses bad bodies, naming the field, and writes nothing', async () => {
    const before = (await portal.request(tokensPath('antwerp'), { as: ana })).json.items.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ expiresAt: inDays(400) }, 'expiresAt'],
      [{ expiresAt: inDays(-1) }, 'expiresAt'],
      [{ expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ scopes: ['bulletins:write'] }, 'scopes.0'],
      [{ scopes: [] }, 'scopes'],
      [{ scopes: ['bulletins:read', 'bulletins:read'] }, 'scopes'],
      [{ name: '' }, 'name'],
      [{ secret: 'mine' }, 'secret'],
    ];
    for (const [body, field] of cases) {
      const res = await portal.request(tokensPath('antwerp'), {
        as: ana,
        body: { name: 'n', scopes: ['bulletins:read'], expiresAt: inDays(30), ...body },
      });
      expectProblem(res, 400);
      expect(problemFields(res)).toContain(field);
    }
    expect((await portal.request(tokensPath('antwerp'), { as: ana })).json.items.length).toBe(before);
  });

  it('revokes a token: its very next request is refused, and a second revoke is 404', async () => {
    const { id, token } = await createToken();
    expect((await withToken(token, '/api/v1/bulletins')).status).toBe(200);
    const del = await portal.request(`${tokensPath('antwerp')}/${id}`, { as: ana, method: 'DELETE' });
    expect(del.status).toBe(204);
    expectProblem(await withToken(token, '/api/v1/bulletins'), 401);
    expectProblem(await portal.request(`${tokensPath('antwerp')}/${id}`, { as: ana, method: 'DELETE' }), 404);
    const trail = await auditTrail(portal, 'antwerp', monthOf(now()));
    expect(trail.some((e) => e.action === 'api_token.revoked' && e.object.id === id)).toBe(true);
  });
});

describe('using a token', () => {
  it('reads what its organisation may see, and records its last use at most once a minute', async () => {
    const { id, token } = await createToken();
    const feed = await withToken(token, '/api/v1/bulletins');
    expect(feed.status).toBe(200);
    const ids = feed.json.items.map((b: { id: string }) => b.id);
    // The author organisation sees its AMBER bulletins; another organisation's token would not.
    expect(ids).toContain(amberForRotterdam);
    const listed = async () =>
      (await portal.request(tokensPath('antwerp'), { as: ana })).json.items.find((t: any) => t.id === id);
    expect((await listed()).lastUsedAt).toBe(now().toISOString());
    clock.advance(10_000);
    await withToken(token, '/api/v1/bulletins');
    expect((await listed()).lastUsedAt).toBe(new Date(now().getTime() - 10_000).toISOString());
    clock.advance(apiTokenRules.lastUseResolutionMs);
    await withToken(token, '/api/v1/bulletins');
    expect((await listed()).lastUsedAt).toBe(now().toISOString());
  });

  it('is refused after it expires, on the next request', async () => {
    const expiresInMs = 2 * 60 * 60 * 1000;
    const { token } = await createToken({ expiresAt: new Date(now().getTime() + expiresInMs).toISOString() });
    expect((await withToken(token, '/api/v1/bulletins')).status).toBe(200);
    clock.advance(expiresInMs);
    const res = await withToken(token, '/api/v1/bulletins');
    expectProblem(res, 401);
    expect(res.json.detail).toContain('expired');
  });

  it('is refused when mistyped, forged or naming another organisation', async () => {
    const { id, token } = await createToken();
    const secret = token.split('.').at(-1)!;
    const other = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    for (const bad of [
      token.replace(secret, other),
      `alp.rotterdam.${id}.${secret}`,
      `alp.antwerp.${crypto.randomUUID()}.${secret}`,
      'alp.garbage',
    ]) {
      expectProblem(await withToken(bad, '/api/v1/bulletins'), 401);
    }
  });

  it('stays within its scopes: 403 outside them, and nothing a token may never do', async () => {
    const { token } = await createToken({ scopes: ['bulletins:read'] });
    expectProblem(await withToken(token, '/api/v1/documents'), 403);
    expectProblem(await withToken(token, '/api/v1/progress'), 403);
    expectProblem(
      await withToken(token, `/api/v1/bulletins/${amberForRotterdam}/acknowledgements`, { method: 'POST' }),
      403,
    );
    // Never, whatever the scopes: writing, managing tokens or members, the audit trail.
    const all = await createToken({
      scopes: ['bulletins:read', 'bulletins:acknowledge', 'documents:read', 'progress:read'],
    });
    expectProblem(await withToken(all.token, '/api/v1/bulletins', { method: 'POST', body: {} }), 403);
    expectProblem(await withToken(all.token, tokensPath('antwerp')), 403);
    expectProblem(
      await withToken(all.token, tokensPath('antwerp'), {
        method: 'POST',
        body: { name: 'n', scopes: ['bulletins:read'], expiresAt: inDays(3) },
      }),
      403,
    );
    expectProblem(await withToken(all.token, '/api/v1/organisations/antwerp/members'), 403);
    expectProblem(await withToken(all.token, '/api/v1/audit'), 403);
    expect((await withToken(all.token, '/api/v1/documents')).status).toBe(200);
  });

  it('acts within its own organisation only: another organisation’s restricted bulletin is 404', async () => {
    // Rotterdam has no org admin in the demo: Antwerp's token is the cross-organisation probe.
    const { token: antwerpToken } = await createToken();
    const foreign = await publishBulletin(portal, ruth, {
      ports: ['NLRTM'],
      recipients: { organisations: ['hamburg'], members: [] },
    });
    expectProblem(await withToken(antwerpToken, `/api/v1/bulletins/${foreign.id}`), 404);
    expect((await withToken(antwerpToken, `/api/v1/bulletins/${amberForHamburg}`)).status).toBe(200);
  });

  it('audits every restricted read under the token’s name', async () => {
    const { id, token } = await createToken({ name: 'OpenCTI connector' });
    const read = await withToken(token, `/api/v1/bulletins/${amberForRotterdam}`);
    expect(read.status).toBe(200);
    const trail = await auditTrail(portal, 'antwerp', monthOf(now()));
    const event = trail.find((e) => e.action === 'bulletin.read' && e.actor?.token?.id === id);
    expect(event?.actor).toMatchObject({
      memberId: `token:${id}`,
      organisationId: 'antwerp',
      role: 'contributor',
      token: { id, name: 'OpenCTI connector' },
    });
  });

  it('acts as a contributor at most, and stops when its creator is suspended', async () => {
    const { token } = await createToken();
    // A contributor's inbox (AMBER addressed to Antwerp) but not a member's own page.
    expectProblem(await withToken(token, '/api/v1/me'), 403);
    // Make Ben org admin so Ana may be suspended, then suspend Ana: her token stops with her.
    const promote = await portal.request('/api/v1/organisations/antwerp/members/ben-antwerp', {
      as: ana,
      method: 'PATCH',
      body: { role: 'org_admin', reason: 'second admin' },
    });
    expect(promote.status).toBe(200);
    const suspend = await portal.request('/api/v1/organisations/antwerp/members/ana-antwerp', {
      as: ben,
      method: 'PATCH',
      body: { status: 'suspended', reason: 'laptop stolen' },
    });
    expect(suspend.status).toBe(200);
    clock.advance(memberStatusTtlMs);
    const res = await withToken(token, '/api/v1/bulletins');
    expectProblem(res, 401);
    expect(res.json.title).toBe('Your access has been suspended');
    // Reinstated: the token works again (it was never revoked).
    await portal.request('/api/v1/organisations/antwerp/members/ana-antwerp', {
      as: ben,
      method: 'PATCH',
      body: { status: 'active', reason: 'laptop found' },
    });
    clock.advance(memberStatusTtlMs);
    expect((await withToken(token, '/api/v1/bulletins')).status).toBe(200);
  });

  it('costs a consistent GetItem per request, plus the member cache every 3 s and a last-use write a minute', async () => {
    const { token } = await createToken();
    const path = `/api/v1/bulletins/${amberForHamburg}/acknowledgements`;
    await withToken(token, path);
    const trips = countRoundTrips(portal.dynamo);
    const { commands } = await trips.during(() => withToken(token, path));
    // The token, then what the route itself reads (the bulletin's partition).
    expect(commands[0]).toBe('GetItem');
    expect(commands.filter((c) => c === 'GetItem' || c === 'BatchGetItem' || c === 'UpdateItem')).toEqual([
      'GetItem',
    ]);
    // A JWT request gains nothing from tokens: the same route, the same reads but the token's.
    await portal.request(path, { as: ben });
    const jwt = await trips.during(() => portal.request(path, { as: ben }));
    expect(jwt.commands).toEqual(commands.slice(1));
  });
});
