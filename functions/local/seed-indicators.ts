/**
 * DEMO DATA, NOT REAL FIGURES. Eight quarters of port security indicators for the seeded ports,
 * made up so that the waterbed page shows a visible shift: Antwerp scans every risk-origin
 * container from the fifth quarter on and its seizures fall, while Le Havre's rise. Plus
 * sightings on the seeded bulletins. Written through the store the API uses, with their audit
 * events, so the aggregates are exactly what real reports write (docs/waterbed.md).
 */
import type { AuditEvent, Bulletin } from '../../shared';
import { type Figures, type IndicatorReport, quarterOf, quarterPlus } from '../../shared/indicators';
import type { Sighting } from '../../shared/sighting';
import { DynamoBulletinStore } from '../adapters/dynamodb/bulletin-store';
import type { DocumentClient } from '../adapters/dynamodb/client';
import { DynamoWaterbedStore } from '../adapters/dynamodb/waterbed-store';
import { demoAlliance, demoMemberId } from './demo-alliance';

/** Demo: cocaine seized (kg) per quarter, oldest first; Antwerp falls, Le Havre next door rises. */
const demoSeizedKg: Record<string, number[]> = {
  antwerp: [29_000, 31_000, 30_500, 28_000, 19_000, 14_000, 11_500, 10_000],
  rotterdam: [12_000, 12_500, 11_800, 12_200, 13_000, 12_600, 12_900, 13_100],
  'le-havre': [4_000, 4_300, 4_100, 4_500, 8_500, 11_000, 13_500, 14_800],
  hamburg: [5_000, 5_200, 4_900, 5_100, 5_300, 5_000, 5_400, 5_200],
  algeciras: [7_000, 6_800, 7_200, 7_100, 7_300, 7_000, 7_400, 7_200],
  valencia: [3_000, 3_100, 2_900, 3_200, 3_000, 3_300, 3_100, 3_200],
  marseille: [900, 1_000, 950, 1_100, 1_000, 1_050, 1_000, 1_100],
  genoa: [1_500, 1_400, 1_600, 1_500, 1_550, 1_450, 1_600, 1_500],
  gdansk: [300, 350, 320, 340, 330, 360, 350, 340],
  piraeus: [2_000, 2_100, 1_900, 2_000, 2_050, 2_000, 2_100, 2_000],
  koper: [400, 420, 380, 410, 400, 430, 420, 410],
};
/** Demo: containers handled (thousand TEU a quarter). */
const demoThousandTeu: Record<string, number> = {
  antwerp: 3_100,
  rotterdam: 3_400,
  'le-havre': 780,
  hamburg: 2_000,
  algeciras: 1_200,
  valencia: 1_300,
  marseille: 380,
  genoa: 650,
  gdansk: 520,
  piraeus: 1_300,
  koper: 260,
};

function demoFigures(org: string, i: number): Figures {
  const kg = demoSeizedKg[org]![i]!;
  const teu = demoThousandTeu[org]! * 1000 + i * 7_000;
  const riskOrigin = Math.round(teu * 0.04);
  // Antwerp scans every risk-origin container from the fifth quarter: the pressure moves.
  const riskScanShare = org === 'antwerp' && i >= 4 ? 1 : 0.35;
  return {
    containersHandledTeu: { value: teu, tlp: 'TLP:GREEN' },
    containersScanned: {
      value: Math.round(teu * (org === 'antwerp' && i >= 4 ? 0.05 : 0.015)),
      tlp: 'TLP:GREEN',
    },
    riskOriginContainers: { value: riskOrigin, tlp: 'TLP:GREEN' },
    riskOriginScanned: { value: Math.round(riskOrigin * riskScanShare), tlp: 'TLP:GREEN' },
    cocaineSeizedKg: { value: kg, tlp: 'TLP:GREEN' },
    seizures: { value: Math.max(1, Math.round(kg / 450)), tlp: 'TLP:GREEN' },
    scannersInService: { value: org === 'antwerp' && i >= 4 ? 14 : 6, tlp: 'TLP:GREEN' },
    intrusionIncidents: { value: (i * 3 + org.length) % 7, tlp: 'TLP:AMBER' },
    // Corruption cases are left out of the demo on purpose: missing stays missing.
  };
}

/** Demo: sightings on the seeded bulletins (bulletin number, port, member, quarters back). */
const demoSightings = [
  { bulletin: 1, port: 'NLRTM', email: 'ruth@rotterdam.example', quartersBack: 1 },
  { bulletin: 1, port: 'DEHAM', email: 'hans@hamburg.example', quartersBack: 0 },
  { bulletin: 1, port: 'NLRTM', email: 'ruth@rotterdam.example', quartersBack: 0 },
  { bulletin: 2, port: 'BEANR', email: 'ben@antwerp.example', quartersBack: 0 },
];

const memberOf = (email: string) => {
  for (const org of demoAlliance) {
    const m = org.members.find((x) => x.email === email);
    if (m) return { ...m, id: demoMemberId(email, org.id), organisationId: org.id };
  }
  throw new Error(`no demo member ${email}`);
};
const demoBulletinId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export async function seedDemoIndicators(db: DocumentClient, tableName: string, now = new Date()) {
  const store = new DynamoWaterbedStore(db, tableName);
  const last = quarterOf(now.toISOString());
  for (const org of demoAlliance) {
    const locode = org.unlocode;
    if (!locode || !demoSeizedKg[org.id]) continue;
    const reporter = org.members.find((m) => m.role !== 'reader')!;
    const memberId = demoMemberId(reporter.email, org.id);
    // A port's quarters touch disjoint items (its report per quarter, the aggregates of that
    // quarter), so they are written together; ports one after another, as they share aggregates.
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const quarter = quarterPlus(last, i - 7);
        // An interrupted seed is redone from the start: quarters already there stay as they are.
        if (await store.getReport(org.id, quarter)) return;
        const report: IndicatorReport = {
          organisationId: org.id,
          locode,
          quarter,
          figures: demoFigures(org.id, i),
          note: 'Demo data, not real figures',
          sharedWith: [],
          revision: 1,
          reportedAt: now.toISOString(),
          reportedBy: { memberId, email: reporter.email },
        };
        const audit: AuditEvent = {
          at: now.toISOString(),
          requestId: `seed-indicators-${org.id}-${quarter}`,
          actor: { memberId, organisationId: org.id, role: reporter.role },
          action: 'indicators.reported',
          object: { type: 'indicators', id: `${org.id}/${quarter}` },
          organisationId: org.id,
        };
        await store.saveReport(report, 0, audit);
      }),
    );
  }
  const bulletins = new DynamoBulletinStore(db, tableName);
  const seededOn = [...new Set(demoSightings.map((s) => s.bulletin))];
  const seen = new Set(
    (await Promise.all(seededOn.map((n) => store.listSightings(demoBulletinId(n))))).flat().map((s) => s.id),
  );
  for (const [i, demo] of demoSightings.entries()) {
    const bulletin: Bulletin | null = await bulletins.get(demoBulletinId(demo.bulletin));
    const id = `00000000-0000-4000-9000-${String(i + 1).padStart(12, '0')}`;
    if (bulletin?.status !== 'published' || seen.has(id)) continue;
    const member = memberOf(demo.email);
    const quarter = quarterPlus(last, -demo.quartersBack);
    const month = (Number(quarter.slice(-1)) - 1) * 3 + 1;
    const seenOn = `${quarter.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
    const sighting: Sighting = {
      id,
      bulletinId: bulletin.id,
      port: demo.port,
      seenOn,
      quarter,
      note: 'Demo sighting',
      organisationId: member.organisationId,
      recordedBy: { memberId: member.id, email: member.email },
      recordedAt: now.toISOString(),
    };
    await store.recordSighting(sighting, bulletin, {
      at: now.toISOString(),
      requestId: `seed-sighting-${id}`,
      actor: { memberId: member.id, organisationId: member.organisationId, role: member.role },
      action: 'bulletin.sighting_recorded',
      object: { type: 'bulletin', id: bulletin.id },
      organisationId: member.organisationId,
    });
  }
}
