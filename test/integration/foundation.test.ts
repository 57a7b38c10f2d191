import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, demoMember, expectProblem, type TestPortal } from '../support/portal';

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal();
});

describe('open routes', () => {
  it('answers health without a token', async () => {
    const res = await portal.request('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document generated from the routes', async () => {
    const res = await portal.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    expect(Object.keys(res.json.paths)).toEqual(
      expect.arrayContaining(['/api/v1/me', '/api/v1/organisations', '/api/v1/organisations/{id}/members']),
    );
  });
});

describe('bearer authentication', () => {
  it('refuses a request without a token', async () => {
    expectProblem(await portal.request('/api/v1/me'), 401);
  });

  it('refuses an expired token', async () => {
    const token = await portal.signNow(demoMember('ben@antwerp.example'), -60);
    expectProblem(await portal.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } }), 401);
  });

  it('refuses a token signed by another key, even with the right issuer and kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const kid = portal.issuer.jwks.keys[0]?.kid ?? '';
    const token = await new SignJWT({ 'custom:org': 'antwerp', 'cognito:groups': ['org_admin'] })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('ana-antwerp')
      .setIssuer(portal.issuer.issuer)
      .setExpirationTime('1h')
      .sign(privateKey);
    expectProblem(await portal.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } }), 401);
  });

  it('refuses a token from another issuer', async () => {
    const { LocalIssuer } = await import('../../functions/local/issuer');
    const other = await LocalIssuer.create('https://evil.example/issuer');
    const token = await other.sign(demoMember('ana@antwerp.example'));
    expectProblem(await portal.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } }), 401);
    expect(await exportJWK((await generateKeyPair('RS256')).publicKey)).toHaveProperty('n');
  });

  it("takes the role from the member directory, whatever the token's groups say", async () => {
    const token = await portal.signNow({ ...demoMember('ben@antwerp.example'), role: 'superuser' as never });
    const res = await portal.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.json.member.role).toBe('contributor');
  });
});

describe('me', () => {
  it('tells a member who they are and their organisation', async () => {
    const res = await portal.request('/api/v1/me', { as: 'ben@antwerp.example' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      member: { id: 'ben-antwerp', email: 'ben@antwerp.example', name: 'Ben Claes', role: 'contributor' },
      organisation: {
        id: 'antwerp',
        name: 'Port of Antwerp-Bruges',
        kind: 'port_authority',
        country: 'BE',
        unlocode: 'BEANR',
      },
    });
  });
});

describe('organisation directory', () => {
  it('filters by kind and country and pages with a sealed cursor', async () => {
    const ports = await portal.request('/api/v1/organisations?kind=port_authority&limit=100', {
      as: 'bo@antwerp.example',
    });
    expect(ports.status).toBe(200);
    expect(ports.json.items.length).toBeGreaterThanOrEqual(10);
    expect(ports.json.items.every((o: { kind: string }) => o.kind === 'port_authority')).toBe(true);

    const spanish = await portal.request('/api/v1/organisations?country=ES', { as: 'bo@antwerp.example' });
    expect(spanish.json.items.map((o: { id: string }) => o.id).sort()).toEqual([
      'algeciras',
      'iberia-reefer',
      'valencia',
    ]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await portal.request(
        `/api/v1/organisations?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        {
          as: 'bo@antwerp.example',
        },
      );
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((o: { id: string }) => o.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain('commission');
    expect(seen).toContain('nl-seaport-police');
  });

  it('refuses a forged cursor and a cursor from another list', async () => {
    const page = await portal.request('/api/v1/organisations?kind=port_authority&limit=2', {
      as: 'bo@antwerp.example',
    });
    const cursor: string = page.json.nextCursor;
    const [payload, mac] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify({ pk: 'ORG#antwerp', sk: 'MEMBER#x' })).toString('base64url')}.${mac}`;
    expectProblem(
      await portal.request(`/api/v1/organisations?kind=port_authority&cursor=${forged}`, {
        as: 'bo@antwerp.example',
      }),
      400,
    );
    expectProblem(
      await portal.request(`/api/v1/organisations?kind=agency&cursor=${payload}.${mac}`, {
        as: 'bo@antwerp.example',
      }),
      400,
    );
    expectProblem(
      await portal.request('/api/v1/organisations?cursor=garbage', { as: 'bo@antwerp.example' }),
      400,
    );
  });

  it('names the offending query field', async () => {
    const res = await portal.request('/api/v1/organisations?kind=pirate&limit=1000', {
      as: 'bo@antwerp.example',
    });
    expectProblem(res, 400);
    expect(res.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'limit']);
  });

  it('answers 404 for an unknown organisation', async () => {
    expectProblem(await portal.request('/api/v1/organisations/atlantis', { as: 'bo@antwerp.example' }), 404);
  });

  it('lets a Commission org_admin add an organisation, and nobody else', async () => {
    const newPort = { name: 'Port of Bremerhaven', kind: 'port_authority', country: 'DE', unlocode: 'DEBRV' };
    for (const email of ['ana@antwerp.example', 'carl@commission.example']) {
      expectProblem(await portal.request('/api/v1/organisations', { as: email, body: newPort }), 403);
    }
    const created = await portal.request('/api/v1/organisations', {
      as: 'clara@commission.example',
      body: newPort,
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'port-of-bremerhaven', ...newPort });
    const again = await portal.request('/api/v1/organisations', {
      as: 'clara@commission.example',
      body: newPort,
    });
    expectProblem(again, 409);
    const listed = await portal.request('/api/v1/organisations?country=DE', { as: 'bo@antwerp.example' });
    expect(listed.json.items.map((o: { id: string }) => o.id)).toContain('port-of-bremerhaven');
  });

  it('refuses a port without a UN/LOCODE of its country', async () => {
    const res = await portal.request('/api/v1/organisations', {
      as: 'clara@commission.example',
      body: { name: 'Port of Nowhere', kind: 'port_authority', country: 'FR', unlocode: 'BEANR' },
    });
    expectProblem(res, 400);
    expect(res.json.errors).toEqual([
      { field: 'unlocode', code: 'invalid', message: expect.stringContaining('country') },
    ]);
  });
});

describe('members', () => {
  it("lets an org_admin list and invite their organisation's members", async () => {
    const list = await portal.request('/api/v1/organisations/antwerp/members', { as: 'ana@antwerp.example' });
    expect(list.status).toBe(200);
    expect(list.json.items.map((m: { email: string }) => m.email).sort()).toEqual([
      'ana@antwerp.example',
      'ben@antwerp.example',
      'bo@antwerp.example',
    ]);
    const invited = await portal.request('/api/v1/organisations/antwerp/members', {
      as: 'ana@antwerp.example',
      body: { email: 'Nina@Antwerp.example', name: 'Nina Janssens', role: 'reader' },
    });
    expect(invited.status).toBe(201);
    expect(invited.json).toMatchObject({
      email: 'nina@antwerp.example',
      organisationId: 'antwerp',
      role: 'reader',
    });
    const duplicate = await portal.request('/api/v1/organisations/antwerp/members', {
      as: 'ana@antwerp.example',
      body: { email: 'nina@antwerp.example', name: 'Nina again', role: 'reader' },
    });
    expectProblem(duplicate, 409);
  });

  it("forbids reading or changing another organisation's members, and changes nothing", async () => {
    const before = await portal.request('/api/v1/organisations/rotterdam/members', {
      as: 'clara@commission.example',
    });
    expectProblem(
      await portal.request('/api/v1/organisations/rotterdam/members', { as: 'ana@antwerp.example' }),
      403,
    );
    expectProblem(
      await portal.request('/api/v1/organisations/rotterdam/members', {
        as: 'ana@antwerp.example',
        body: { email: 'mole@rotterdam.example', name: 'Mole', role: 'org_admin' },
      }),
      403,
    );
    expectProblem(
      await portal.request('/api/v1/organisations/antwerp/members', { as: 'ben@antwerp.example' }),
      403,
    );
    const after = await portal.request('/api/v1/organisations/rotterdam/members', {
      as: 'clara@commission.example',
    });
    expect(after.json.items).toEqual(before.json.items);
  });

  it('lets a Commission org_admin manage any organisation, and 404s an unknown one', async () => {
    const res = await portal.request('/api/v1/organisations/hamburg/members', {
      as: 'clara@commission.example',
    });
    expect(res.status).toBe(200);
    expect(res.json.items[0].email).toBe('hans@hamburg.example');
    expectProblem(
      await portal.request('/api/v1/organisations/atlantis/members', { as: 'clara@commission.example' }),
      404,
    );
  });

  it('answers bad bodies with 400/413 problems naming the field, and writes nothing', async () => {
    const as = 'ana@antwerp.example';
    const path = '/api/v1/organisations/antwerp/members';
    const malformed = await portal.request(path, {
      as,
      rawBody: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(malformed, 400);
    const wrongType = await portal.request(path, { as, body: { email: 42, name: 'X', role: 'reader' } });
    expectProblem(wrongType, 400);
    expect(wrongType.json.errors[0].field).toBe('email');
    const unknown = await portal.request(path, {
      as,
      body: { email: 'z@antwerp.example', name: 'Z', role: 'reader', isAdmin: true },
    });
    expectProblem(unknown, 400);
    expect(unknown.json.errors).toEqual([
      {
        field: 'isAdmin',
        code: 'unknown_field',
        message: '“isAdmin” is not something this form accepts; leave it out.',
      },
    ]);
    const badRole = await portal.request(path, {
      as,
      body: { email: 'z@antwerp.example', name: 'Z', role: 'god' },
    });
    expect(badRole.json.errors[0].field).toBe('role');
    const huge = await portal.request(path, {
      as,
      body: { email: 'z@antwerp.example', name: 'x'.repeat(300 * 1024), role: 'reader' },
    });
    expectProblem(huge, 413);
    const noBody = await portal.request(path, { as, method: 'POST' });
    expect(noBody.status).toBe(400);
    const members = await portal.request(path, { as });
    expect(members.json.items.map((m: { email: string }) => m.email)).not.toContain('z@antwerp.example');
  });
});

describe('round trips', () => {
  it('answers /me in one DynamoDB round trip and lists a directory page in one', async () => {
    const { countRoundTrips } = await import('../support/round-trips');
    const counter = countRoundTrips(portal.dynamo);
    const me = await counter.during(() => portal.request('/api/v1/me', { as: 'ben@antwerp.example' }));
    expect(me.commands).toEqual(['BatchGetItem']);
    const list = await counter.during(() =>
      portal.request('/api/v1/organisations?kind=port_authority', { as: 'ben@antwerp.example' }),
    );
    expect(list.commands).toEqual(['Query']);
  });
});

describe('audit trail', () => {
  it("records every write with who, what and the request id, readable by the organisation's org_admins", async () => {
    const invited = await portal.request('/api/v1/organisations/antwerp/members', {
      as: 'ana@antwerp.example',
      body: { email: 'audit-check@antwerp.example', name: 'Audit Check', role: 'reader' },
    });
    expect(invited.status).toBe(201);
    const trail = await portal.request('/api/v1/audit', { as: 'ana@antwerp.example' });
    expect(trail.status).toBe(200);
    const event = trail.json.items.find((e: any) => e.object.id === invited.json.id);
    expect(event).toMatchObject({
      action: 'member.invited',
      organisationId: 'antwerp',
      actor: { memberId: 'ana-antwerp', organisationId: 'antwerp', role: 'org_admin' },
      requestId: expect.any(String),
    });
    expect(event.requestId).toBe(invited.headers.get('x-request-id'));
  });

  it('keeps the trail from those who may not read it', async () => {
    expectProblem(await portal.request('/api/v1/audit', { as: 'ben@antwerp.example' }), 403);
    expectProblem(
      await portal.request('/api/v1/audit?organisationId=rotterdam', { as: 'ana@antwerp.example' }),
      403,
    );
    const commission = await portal.request('/api/v1/audit?organisationId=antwerp', {
      as: 'clara@commission.example',
    });
    expect(commission.status).toBe(200);
    expect(commission.json.items.length).toBeGreaterThan(0);
  });

  it('walks back month by month with a sealed cursor and refuses a bad range', async () => {
    const now = portal.time.month;
    const from = new Date(Date.UTC(Number(now.slice(0, 4)), Number(now.slice(5, 7)) - 12, 1))
      .toISOString()
      .slice(0, 7);
    const res = await portal.request(`/api/v1/audit?from=${from}&to=${now}&limit=100`, {
      as: 'ana@antwerp.example',
    });
    expect(res.status).toBe(200);
    expect(typeof res.json.nextCursor).toBe('string');
    const older = await portal.request(
      `/api/v1/audit?from=${from}&to=${now}&limit=100&cursor=${res.json.nextCursor}`,
      { as: 'ana@antwerp.example' },
    );
    expect(older.status).toBe(200);
    expect(older.json.items).toEqual([]);
    const reversed = await portal.request('/api/v1/audit?from=2026-12&to=2026-01', {
      as: 'ana@antwerp.example',
    });
    expectProblem(reversed, 400);
    expect(reversed.json.errors[0].field).toBe('from');
  });
});
