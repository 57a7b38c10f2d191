import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, type TestPortal } from '../support/portal';

describe('the demo seed', () => {
  // Seeding the demo alliance is setup, bounded by the hook timeout, not by the test's.
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await createTestPortal();
  });

  it('gives the seeded ports eight quarters that show a shift, and sightings on seeded bulletins', async () => {
    const res = await portal.request('/api/v1/waterbed?indicator=cocaineSeizedKg', {
      as: 'clara@commission.example',
    });
    expect(res.status).toBe(200);
    expect(res.json.quarters).toHaveLength(8);
    const antwerp = res.json.ports.find((p: any) => p.locode === 'BEANR');
    expect(Object.values(antwerp.quarters).every((v) => typeof v === 'number')).toBe(true);
    expect(res.json.signals.map((s: any) => [s.rising.locode, s.falling[0].locode])).toContainEqual([
      'FRLEH',
      'BEANR',
    ]);
    const sightings = await portal.request('/api/v1/waterbed?indicator=sightings', {
      as: 'ruth@rotterdam.example',
    });
    const rotterdam = sightings.json.ports.find((p: any) => p.locode === 'NLRTM');
    expect(Object.values(rotterdam.quarters).reduce((a: number, b: any) => a + b, 0)).toBe(2);
    // A demo figure under TLP:AMBER stays with the reporter and the Commission.
    const hamburg = await portal.request('/api/v1/organisations/antwerp/indicators', {
      as: 'hans@hamburg.example',
    });
    expect(hamburg.json.quarters[0].figures).not.toHaveProperty('intrusionIncidents');
    expect(hamburg.json.quarters[0].figures).not.toHaveProperty('corruptionCases');
  });
});
