import {
  type AuditEvent,
  type Bulletin,
  type BulletinContent,
  draftFields,
  NewBulletin,
  type Revision,
} from '../../shared';
import { DynamoBulletinStore } from '../adapters/dynamodb/bulletin-store';
import type { DocumentClient } from '../adapters/dynamodb/client';
import { demoAlliance, demoMemberId } from './demo-alliance';

/** `dueInHours`: when acknowledgement is due, from now (negative: overdue); a week when absent. */
type DemoBulletin = { author: string; hoursAgo: number; dueInHours?: number } & Partial<BulletinContent> &
  Pick<BulletinContent, 'title' | 'summary' | 'severity' | 'tlp' | 'categories'>;

/** A living feed for a newcomer: several ports, every label, some asking for acknowledgement. */
const demoBulletins: DemoBulletin[] = [
  {
    author: 'ben@antwerp.example',
    hoursAgo: 3,
    // Due tomorrow, so a fresh start shows an acknowledgement due soon.
    dueInHours: 20,
    title: 'Cocaine in reefer evaporator housings on Guayaquil reefers',
    summary:
      'Three reefers from Guayaquil carried bricks behind the evaporator panel; screws had fresh tool marks, seals were intact.',
    body: "## What we saw\n\n- Evaporator panels refitted with **new** screws\n- Seals and documents in order\n- Containers released within 24 h of discharge\n\n## What to check\n\n1. Compare panel screws with the unit maker's originals\n2. Scan reefers from the listed origins before release",
    severity: 'high',
    tlp: 'TLP:GREEN',
    categories: ['reefer-machinery', 'rip-on-rip-off'],
    ports: ['BEANR', 'NLRTM'],
    originCountries: ['EC'],
    recipients: { organisations: ['rotterdam', 'hamburg'], members: [] },
    requiresAcknowledgement: true,
  },
  {
    author: 'ruth@rotterdam.example',
    hoursAgo: 20,
    // Due two hours ago, so a fresh start shows an overdue acknowledgement.
    dueInHours: -2,
    title: 'Terminal planners approached through encrypted chat',
    summary:
      'Two planners were offered money to move containers to a quiet stack; recruiters used a fake logistics job offer.',
    body: 'Both approaches were reported by the staff themselves. The recruiters asked for **container-release PINs** and the stack plan.',
    severity: 'critical',
    tlp: 'TLP:AMBER',
    categories: ['insider-corruption', 'it-intrusion'],
    ports: ['NLRTM'],
    recipients: { organisations: ['antwerp', 'hamburg', 'nl-seaport-police'], members: [] },
    requiresAcknowledgement: true,
  },
  {
    author: 'hans@hamburg.example',
    hoursAgo: 44,
    title: 'Forged bills of lading name a closed freight forwarder',
    summary:
      'Bills of lading for fruit shipments named a forwarder that ceased trading in 2023; check forwarder registries before release.',
    severity: 'medium',
    tlp: 'TLP:CLEAR',
    categories: ['document-fraud'],
    ports: ['DEHAM'],
    originCountries: ['CO', 'PA'],
  },
  {
    author: 'alba@algeciras.example',
    hoursAgo: 70,
    title: 'Rip-off team caught inside the terminal fence at night',
    summary:
      'Four men hid in an empty container for two days waiting to extract bags from a transhipment box.',
    severity: 'high',
    tlp: 'TLP:AMBER+STRICT',
    categories: ['rip-on-rip-off', 'extraction-teams'],
    ports: ['ESALG'],
    recipients: { organisations: ['valencia', 'be-customs'], members: [] },
  },
  {
    author: 'chris@customs-be.example',
    hoursAgo: 96,
    title: 'Container-release PINs harvested from a shipping line portal',
    summary:
      'A compromised account at a shipping line portal leaked PINs for containers bound for Antwerp and Rotterdam.',
    severity: 'critical',
    tlp: 'TLP:RED',
    categories: ['it-intrusion'],
    ports: ['BEANR', 'NLRTM'],
    recipients: { organisations: ['antwerp', 'rotterdam'], members: ['ben-antwerp', 'ruth-rotterdam'] },
  },
  {
    author: 'carl@commission.example',
    hoursAgo: 130,
    title: 'Risk origins: quarterly update',
    summary:
      'Ecuador, Colombia and Panama stay the main origins; transhipment through West African ports rises.',
    severity: 'info',
    tlp: 'TLP:CLEAR',
    categories: ['risk-origin'],
    originCountries: ['EC', 'CO', 'PA'],
  },
  {
    author: 'lea@lehavre.example',
    hoursAgo: 160,
    title: 'Deep concealment in the floor of flat-rack containers',
    summary: 'Packages were welded into the cross-members of flat-racks; only density scanning found them.',
    severity: 'medium',
    tlp: 'TLP:GREEN',
    categories: ['deep-concealment'],
    ports: ['FRLEH'],
  },
];

function demoAuthor(email: string) {
  for (const org of demoAlliance) {
    const member = org.members.find((m) => m.email === email);
    if (member) return { ...member, id: demoMemberId(email, org.id), organisationId: org.id };
  }
  throw new Error(`no demo member ${email}`);
}

/**
 * Publishes the demo bulletins through the same store the API uses, so their feed, inbox and port
 * entries are exactly what a real publish writes. Called by the seed before its marker.
 */
export async function seedDemoBulletins(db: DocumentClient, tableName: string, now = new Date()) {
  const store = new DynamoBulletinStore(db, tableName);
  for (const [i, demo] of demoBulletins.entries()) {
    const { author: email, hoursAgo, dueInHours = 7 * 24, ...fields } = demo;
    const author = demoAuthor(email);
    // Seeded as the store keeps them, not through the API, which refuses a due date in the past.
    const content = NewBulletin.parse({
      ...fields,
      ...(fields.requiresAcknowledgement
        ? { acknowledgeBy: new Date(now.getTime() + dueInHours * 3_600_000).toISOString() }
        : {}),
    });
    const at = new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
    const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
    const draft: Bulletin = {
      ...content,
      ...draftFields(
        id,
        { memberId: author.id, email: author.email, organisationId: author.organisationId },
        new Date(at),
      ),
      withdrawnAt: null,
      withdrawalReason: null,
      attachments: [],
    };
    const audit = (action: string, second: number): AuditEvent => ({
      at: new Date(Date.parse(at) + second).toISOString(),
      requestId: `seed-${id}-${action}`,
      actor: { memberId: author.id, organisationId: author.organisationId, role: author.role },
      action,
      object: { type: 'bulletin', id },
      organisationId: author.organisationId,
    });
    // An interrupted seed is redone from the start: bulletins already there stay as they are.
    if (await store.get(id)) continue;
    await store.createDraft(draft, audit('bulletin.drafted', 0));
    const published: Bulletin = { ...draft, status: 'published', revision: 2, publishedAt: at };
    const entry: Revision = {
      revision: 2,
      kind: 'published',
      at,
      by: { memberId: author.id, email: author.email },
      material: false,
      note: 'Published',
      changedFields: [],
    };
    await store.publish(published, 1, entry, audit('bulletin.published', 1));
  }
}
