import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, expectProblem, problemFields, type TestPortal } from '../support/portal';
import { countRoundTrips } from '../support/round-trips';

/**
 * `GET /api/v1/recipients/{organisationId}/members` (functions/api/routes/recipients.ts): whom a
 * contributor may name as a TLP:RED recipient — the members of one organisation, by id, name and
 * role, and nothing more.
 */

const ana = 'ana@antwerp.example';
const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';
const ruth = 'ruth@rotterdam.example';
const clara = 'clara@commission.example';

let portal: TestPortal;
let trips: ReturnType<typeof countRoundTrips>;
beforeAll(async () => {
  // The directory alone: the lists hold exactly the demo members and what these tests add.
  portal = await createTestPortal({ seed: 'directory' });
  trips = countRoundTrips(portal.dynamo);
});

const path = (organisationId: string) => `/api/v1/recipients/${organisationId}/members`;
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

describe('recipient candidates', () => {
  it('lists the members of any organisation to a contributor: id, name and role only', async () => {
    const own = await portal.request(path('antwerp'), { as: ben });
    expect(own.status).toBe(200);
    expect([...own.json.items].sort(byId)).toEqual([
      { id: 'ana-antwerp', name: 'Ana Peeters', role: 'org_admin' },
      { id: 'ben-antwerp', name: 'Ben Claes', role: 'contributor' },
      { id: 'bo-antwerp', name: 'Bo Maes', role: 'reader' },
    ]);

    // Another organisation's members, to an organisation admin (who contributes too).
    const other = await portal.request(path('rotterdam'), { as: ana });
    expect(other.status).toBe(200);
    expect(other.json).toEqual({
      items: [{ id: 'ruth-rotterdam', name: 'Ruth de Vries', role: 'contributor' }],
    });
    // No e-mail address, sign-in time or status reaches the one who addresses material.
    expect(JSON.stringify(other.json)).not.toContain('@');
  });

  it('lists a member invited since, with the role given', async () => {
    const invited = await portal.request('/api/v1/organisations/rotterdam/members', {
      as: clara,
      body: { email: 'new.analyst@rotterdam.example', name: 'Noor Analyst', role: 'reader' },
    });
    expect(invited.status).toBe(201);
    const res = await portal.request(path('rotterdam'), { as: ben });
    expect(res.status).toBe(200);
    expect(res.json.items).toContainEqual({ id: invited.json.id, name: 'Noor Analyst', role: 'reader' });
    expect(res.json.items).toHaveLength(2);
  });

  it('costs one check that the organisation exists and one query of its members', async () => {
    await portal.request(path('antwerp'), { as: ruth }); // the member cache learns of Ruth first
    const { result, commands } = await trips.during(() => portal.request(path('antwerp'), { as: ruth }));
    expect(result.status).toBe(200);
    expect(commands).toEqual(['BatchGetItem', 'Query']);
  });

  it('refuses a reader, and anyone without a token', async () => {
    const reader = await portal.request(path('antwerp'), { as: bo });
    expectProblem(reader, 403);
    expect(reader.json.items).toBeUndefined();
    expect(reader.text).not.toContain('ana-antwerp');
    expectProblem(await portal.request(path('rotterdam'), { as: bo }), 403);
    expectProblem(await portal.request(path('antwerp')), 401);
  });

  it('answers 404 for an organisation that does not exist', async () => {
    const res = await portal.request(path('atlantis'), { as: ben });
    expectProblem(res, 404);
    expect(res.json.items).toBeUndefined();
  });

  it.each([
    ['upper case', 'Antwerp'],
    ['a dash at the end', 'antwerp-'],
    ['an underscore', 'ant_werp'],
    ['more than 40 characters', 'a'.repeat(41)],
  ])('answers 400 naming the organisation id for one with %s', async (_, organisationId) => {
    const res = await portal.request(path(organisationId), { as: ben });
    expectProblem(res, 400);
    expect(problemFields(res)).toEqual(['organisationId']);
  });
});
