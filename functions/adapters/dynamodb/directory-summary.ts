import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { organisationKinds } from '../../../shared/directory-rules';
import type { Organisation } from '../../../shared/organisation';
import type { DirectoryEntry } from '../../../shared/progress';
import { keys } from '../../../shared/table';
import type { DirectoryPort } from '../../../shared/waterbed';
import type { DocumentClient } from './client';

/**
 * The directory in brief: one item per organisation kind holding every organisation's name and
 * country, so a scoreboard knows who is applicable (and who lags) from one batch read instead of
 * paging through the directory. Kept current in the transaction that adds an organisation.
 */
const entryPrefix = 'org|';

/** An organisation's entry: name and country, and the UN/LOCODE of a port (the waterbed's directory). */
const summaryEntry = (organisation: Organisation) => ({
  name: organisation.name,
  country: organisation.country,
  ...(organisation.unlocode ? { unlocode: organisation.unlocode } : {}),
});

/** The transaction item that adds (or renames) one organisation in the summary. */
export function directorySummaryUpdate(tableName: string, organisation: Organisation) {
  return {
    Update: {
      TableName: tableName,
      Key: keys.directorySummary(organisation.kind),
      UpdateExpression: 'SET #entry = :entry, #type = :type',
      ExpressionAttributeNames: { '#entry': `${entryPrefix}${organisation.id}`, '#type': 'type' },
      ExpressionAttributeValues: {
        ':entry': summaryEntry(organisation),
        ':type': 'DIRECTORY_SUMMARY',
      },
    },
  };
}

export const directorySummaryKeys = () => organisationKinds.map((kind) => keys.directorySummary(kind));

export const isDirectorySummary = (item: Record<string, unknown>) => item.pk === 'DIRECTORY';

/** The organisations a summary item lists. */
export function directoryEntries(item: Record<string, unknown>): DirectoryEntry[] {
  const kind = String(item.sk).slice('KIND#'.length);
  return Object.entries(item).flatMap(([name, value]) => {
    if (!name.startsWith(entryPrefix)) return [];
    const entry = value as { name: string; country: string };
    return [{ id: name.slice(entryPrefix.length), name: entry.name, kind, country: entry.country }];
  });
}

/** The organisations of a summary item that have a UN/LOCODE: the waterbed's member ports. */
export function directoryPorts(item: Record<string, unknown>): DirectoryPort[] {
  return Object.entries(item).flatMap(([name, value]) => {
    if (!name.startsWith(entryPrefix)) return [];
    const entry = value as { name: string; unlocode?: string };
    return entry.unlocode
      ? [{ organisationId: name.slice(entryPrefix.length), locode: entry.unlocode, name: entry.name }]
      : [];
  });
}

/** Rewrites the summary from the directory itself (after a bulk seed, or to repair it). */
export async function rebuildDirectorySummary(db: DocumentClient, tableName: string): Promise<number> {
  const byKind = new Map<string, Record<string, unknown>>();
  let after: Record<string, unknown> | undefined;
  let count = 0;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.organisationByKind('', '', '').gsi1pk },
        ExclusiveStartKey: after,
      }),
    );
    for (const org of (page.Items ?? []) as Organisation[]) {
      const item = byKind.get(org.kind) ?? { ...keys.directorySummary(org.kind), type: 'DIRECTORY_SUMMARY' };
      item[`${entryPrefix}${org.id}`] = summaryEntry(org);
      byKind.set(org.kind, item);
      count++;
    }
    after = page.LastEvaluatedKey;
  } while (after);
  await Promise.all(
    organisationKinds.map((kind) =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: byKind.get(kind) ?? { ...keys.directorySummary(kind), type: 'DIRECTORY_SUMMARY' },
        }),
      ),
    ),
  );
  return count;
}
