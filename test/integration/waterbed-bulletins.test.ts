import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildPortNaming } from '../../functions/adapters/dynamodb/port-naming-rebuild';
import { keys } from '../../shared';
import { createTestPortal, expectProblem, problemFields, type TestPortal } from '../support/portal';
import { publishBulletin } from '../support/shared-items';

/**
 * Bulletins naming a port on the waterbed (issue 14, docs/waterbed.md): the `bulletins` indicator,
 * the ports that reported a method in the modus operandi spread, and the origin countries of
 * bulletins in the risk origins — written with the publication, revision and withdrawal, within
 * the bulletin's TLP.
 */

const ben = 'ben@antwerp.example';
const hans = 'hans@hamburg.example';
const ruth = 'ruth@rotterdam.example';
const clara = 'clara@commission.example';
const alba = 'alba@algeciras.example';
const clock = new Date('2025-02-15T10:00:00.000Z');

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal({ seed: 'directory', overrides: { now: () => clock } });
});

const waterbed = async (as: string, query = 'indicator=bulletins') => {
  const res = await portal.request(`/api/v1/waterbed?${query}&from=2025-Q1&to=2025-Q1`, { as });
  expect(res.status).toBe(200);
  return res.json;
};
const count = (wb: any, locode: string) =>
  wb.ports.find((p: any) => p.locode === locode)?.quarters['2025-Q1'] ?? 'not shown';
const revise = async (id: string, changes: Record<string, unknown>) => {
  const current = await portal.request(`/api/v1/bulletins/${id}`, { as: ben });
  const res = await portal.request(`/api/v1/bulletins/${id}/revisions`, {
    as: ben,
    headers: { 'if-match': `"${current.json.revision}"` },
    body: { note: 'Ports corrected', material: true, changes },
  });
  expect(res.status).toBe(201);
};

describe('bulletins naming a port', () => {
  it('a published bulletin counts on every port it names, in its quarter: indicator, spread, origins, CSV', async () => {
    const before = await waterbed(clara);
    expect(count(before, 'NLRTM')).toBe(0);
    await publishBulletin(portal, ben, {
      tlp: 'TLP:GREEN',
      categories: ['deep-concealment'],
      ports: ['BEANR', 'NLRTM'],
      originCountries: ['PY'],
    });
    const after = await waterbed(clara);
    expect([count(after, 'BEANR'), count(after, 'NLRTM'), count(after, 'DEHAM')]).toEqual([1, 1, 0]);
    const sightings = await waterbed(clara, 'indicator=sightings');
    expect(sightings.spread).toContainEqual({
      category: 'deep-concealment',
      quarter: '2025-Q1',
      ports: ['BEANR', 'NLRTM'],
      reported: ['BEANR', 'NLRTM'],
      seen: [],
    });
    // Named at two ports, counted once among the origins.
    expect(sightings.origins).toContainEqual({
      quarter: '2025-Q1',
      country: 'PY',
      bulletins: 1,
      sightings: 0,
    });
    const csv = (view: string) =>
      portal.request(`/api/v1/waterbed?indicator=bulletins&from=2025-Q1&to=2025-Q1&format=csv&view=${view}`, {
        as: clara,
      });
    expect((await csv('spread')).text.split('\r\n')).toContain(
      'deep-concealment,2025-Q1,BEANR NLRTM,BEANR NLRTM,',
    );
    expect((await csv('origins')).text.split('\r\n')).toContain('2025-Q1,PY,1,0');
    expect((await csv('ports')).text).toMatch(/NLRTM.*,1\r\n/);
  });

  it('an AMBER bulletin counts only for its recipients: not on the map, the spread or the origins of others', async () => {
    await publishBulletin(portal, ben, {
      tlp: 'TLP:AMBER',
      categories: ['insider-corruption'],
      ports: ['DEHAM'],
      originCountries: ['VE'],
      recipients: { organisations: ['hamburg', 'commission'], members: [] },
    });
    for (const as of [hans, clara, ben]) {
      const wb = await waterbed(as);
      expect(count(wb, 'DEHAM')).toBe(1);
      expect(wb.origins).toContainEqual({ quarter: '2025-Q1', country: 'VE', bulletins: 1, sightings: 0 });
    }
    const outside = await waterbed(ruth);
    expect(count(outside, 'DEHAM')).toBe(0);
    expect(outside.spread.filter((s: any) => s.category === 'insider-corruption')).toEqual([]);
    expect(outside.origins.filter((o: any) => o.country === 'VE')).toEqual([]);
    const csv = await portal.request(
      '/api/v1/waterbed?indicator=bulletins&from=2025-Q1&to=2025-Q1&format=csv&view=origins',
      { as: ruth },
    );
    expect(csv.text).not.toContain('VE');
  });

  it('a revision moves the bulletin to the ports it now names; a withdrawal takes it off', async () => {
    const { id } = await publishBulletin(portal, ben, {
      tlp: 'TLP:GREEN',
      categories: ['rip-on-rip-off'],
      ports: ['ESALG'],
      originCountries: ['CO'],
    });
    const rip = (wb: any) => wb.spread.find((s: any) => s.category === 'rip-on-rip-off')?.reported;
    expect(rip(await waterbed(alba, 'indicator=bulletins&category=rip-on-rip-off'))).toEqual(['ESALG']);
    await revise(id, { ports: ['FRMRS'], categories: ['reefer-machinery'] });
    const revised = await waterbed(alba, 'indicator=bulletins&category=reefer-machinery');
    expect([count(revised, 'ESALG'), count(revised, 'FRMRS')]).toEqual([0, 1]);
    expect(rip(revised)).toBeUndefined();
    const withdrawn = await portal.request(`/api/v1/bulletins/${id}/withdraw`, {
      as: ben,
      body: { reason: 'Not a new method after all' },
    });
    expect(withdrawn.status).toBe(200);
    const gone = await waterbed(alba, 'indicator=bulletins&category=reefer-machinery');
    expect(count(gone, 'FRMRS')).toBe(0);
    expect(gone.origins.filter((o: any) => o.country === 'CO')).toEqual([]);
  });

  it('a category narrows sightings and bulletins only', async () => {
    const res = await portal.request('/api/v1/waterbed?indicator=scanRate&category=rip-on-rip-off', {
      as: clara,
    });
    expectProblem(res, 400);
    expect(problemFields(res)).toContain('category');
  });

  it('a bulletin published before the waterbed kept them is put back on its ports by the rebuild, once', async () => {
    const { id } = await publishBulletin(portal, ben, {
      tlp: 'TLP:GREEN',
      categories: ['vessel-hull'],
      ports: ['GRPIR'],
    });
    const attribute = keys.waterbedNamingBulletin('2025-Q1', id);
    const onPort = async () =>
      (await portal.db.send(new GetCommand({ TableName: portal.tableName, Key: keys.waterbedPort('GRPIR') })))
        .Item?.[attribute];
    const written = await onPort();
    expect(written).toMatchObject({ id, tlp: 'TLP:GREEN', categories: ['vessel-hull'] });
    // As the data of a table from before: the port item without the bulletin.
    await portal.db.send(
      new UpdateCommand({
        TableName: portal.tableName,
        Key: keys.waterbedPort('GRPIR'),
        UpdateExpression: 'REMOVE #n',
        ExpressionAttributeNames: { '#n': attribute },
      }),
    );
    expect(await onPort()).toBeUndefined();
    const rebuilt = await rebuildPortNaming(portal.db, portal.tableName);
    expect(rebuilt).toBeGreaterThanOrEqual(1);
    expect(await onPort()).toEqual(written);
    expect(await rebuildPortNaming(portal.db, portal.tableName)).toBe(rebuilt);
    expect(await onPort()).toEqual(written);
    // The rebuild moved the version: the page reads the port items again and counts the bulletin once.
    expect(count(await waterbed(clara, 'indicator=bulletins&category=vessel-hull'), 'GRPIR')).toBe(1);
  });
});
