import { GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { Assessment, ChecklistRecord, ChecklistVersion } from '../../../shared/checklist';
import { answersKey, harmonizedKinds, mandatoryAnswers } from '../../../shared/port-deficit';
import { keys } from '../../../shared/table';
import type { DocumentClient } from './client';

/**
 * Rewrites the waterbed's harmonization items (docs/waterbed.md) from the checklists and their
 * current versions' assessments: for data from before the items existed, or to repair them. Like
 * `rebuildDirectorySummary`, run while nobody submits (a local start, a maintenance window): an
 * item is replaced whole, so a submission between its read and its write would be lost from it.
 * Reads every checklist record, each current version and its assessments; returns how many
 * harmonization items it wrote.
 */
export async function rebuildHarmonization(db: DocumentClient, tableName: string): Promise<number> {
  const records: ChecklistRecord[] = [];
  for await (const page of paginateQuery(
    { client: db },
    {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.checklistsIndexPk },
    },
  ))
    records.push(...((page.Items ?? []) as ChecklistRecord[]));
  let written = 0;
  for (const record of records) {
    const current = record.current;
    if (!current) continue;
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.checklistVersion(record.id, current.version) }),
    );
    if (!Item) continue;
    const version = Item as ChecklistVersion;
    const assessments: Assessment[] = [];
    for await (const page of paginateQuery(
      { client: db },
      {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.assessmentsOfVersion(record.id, current.version),
          ':prefix': keys.assessmentPrefix,
        },
      },
    ))
      assessments.push(...((page.Items ?? []) as Assessment[]));
    for (const kind of harmonizedKinds) {
      const item: Record<string, unknown> = { ...keys.harmonization(kind, record.id), type: 'HARMONIZATION' };
      if ((version.appliesTo as readonly string[]).includes(kind))
        item.current = { version: version.version, mandatoryCount: current.mandatoryCount };
      for (const a of assessments)
        if (a.organisationKind === kind)
          item[answersKey(a.organisationId, a.version)] = mandatoryAnswers(version, a.items);
      await db.send(new PutCommand({ TableName: tableName, Item: item }));
      written++;
    }
  }
  return written;
}
