import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../shared';
import type { TestPortal } from './portal';

/** An audit event as stored (the fields the tests look at; the rest is there too). */
export type StoredAuditEvent = Record<string, any> & {
  action: string;
  requestId: string;
  object: { type: string; id: string };
};

/**
 * One organisation's audit trail for one month, straight from the table (oldest first). Pass the
 * month of the portal's clock (`portal.time.month`, or `monthOf` of a test's own `now`), never the
 * machine's: a run across the end of a month would look in the wrong partition.
 */
export async function auditTrail(
  portal: Pick<TestPortal, 'db' | 'tableName'>,
  organisationId: string,
  month: string,
): Promise<StoredAuditEvent[]> {
  return (await partitionItems(portal, keys.auditMonth(organisationId, month))) as StoredAuditEvent[];
}

/** Every item of one partition (a bulletin's, a document's, a month of a trail), oldest sort key first. */
export async function partitionItems(portal: Pick<TestPortal, 'db' | 'tableName'>, pk: string) {
  const items: Record<string, any>[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await portal.db.send(
      new QueryCommand({
        TableName: portal.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: after,
      }),
    );
    items.push(...(page.Items ?? []));
    after = page.LastEvaluatedKey;
  } while (after);
  return items;
}
