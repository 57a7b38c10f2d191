import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys, type Member, type Organisation } from '../../shared';
import type { DocumentClient } from '../adapters/dynamodb/client';
import { rebuildDirectorySummary } from '../adapters/dynamodb/directory-summary';
import { seedChecklists } from './checklist-seed';
import { demoAlliance, demoMemberId } from './demo-alliance';
import { seedDemoBulletins } from './seed-bulletins';
import { type DemoFiles, seedDemoDocuments } from './seed-documents';
import { seedDemoIndicators } from './seed-indicators';

const seededMarker = { pk: 'SYSTEM', sk: 'SEEDED' };

/**
 * Seeds the demo alliance once: a marker item, written last, records that it ran, so what was
 * changed by hand later is not brought back at the next start, and an interrupted seed is redone.
 */
export async function seedDemoAlliance(
  db: DocumentClient,
  tableName: string,
  now = new Date(),
  /** The files bucket: demo documents are seeded only where their files can be written too. */
  files?: DemoFiles,
): Promise<boolean> {
  const { Item: marker } = await db.send(new GetCommand({ TableName: tableName, Key: seededMarker }));
  if (marker) return false;
  await seedDemoDirectory(db, tableName, now);
  await seedDemoBulletins(db, tableName, now);
  // Demo port indicators and sightings, so the waterbed page shows a shift on first start.
  await seedDemoIndicators(db, tableName, now);
  // Harmonized checklists with assessments, so the scoreboard is alive on first start.
  await seedChecklists(db, tableName, now);
  if (files) await seedDemoDocuments(db, tableName, files, now);
  await db.send(new PutCommand({ TableName: tableName, Item: { ...seededMarker, at: now.toISOString() } }));
  return true;
}

/** The demo alliance's organisations and members alone: no bulletins, checklists or documents. */
export async function seedDemoDirectory(db: DocumentClient, tableName: string, now = new Date()) {
  const createdAt = now.toISOString();
  const writes: Record<string, unknown>[] = [];
  for (const org of demoAlliance) {
    const organisation: Organisation = {
      id: org.id,
      name: org.name,
      kind: org.kind,
      country: org.country,
      ...(org.unlocode ? { unlocode: org.unlocode } : {}),
      createdAt,
    };
    writes.push({
      ...keys.organisation(org.id),
      ...keys.organisationByKind(org.kind, org.country, org.name),
      ...keys.organisationByCountry(org.country, org.kind, org.name),
      type: 'ORGANISATION',
      ...organisation,
    });
    for (const m of org.members) {
      const member: Member = { id: demoMemberId(m.email, org.id), organisationId: org.id, ...m, createdAt };
      writes.push({ ...keys.member(org.id, member.id), type: 'MEMBER', ...member });
      writes.push({ ...keys.memberEmail(member.email), type: 'MEMBER_EMAIL', ...member });
    }
  }
  await Promise.all(writes.map((Item) => db.send(new PutCommand({ TableName: tableName, Item }))));
  // Written past the store: the directory in brief (scoreboards, the waterbed's ports) from them.
  await rebuildDirectorySummary(db, tableName);
}
