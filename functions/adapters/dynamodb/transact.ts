import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentClient } from './client';

export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/**
 * One TransactWriteItems. When a condition fails, `onConditionFailed` gets the index of each
 * failed item and names the error to throw (or returns null to swallow it, e.g. "already done").
 * Its ClientRequestToken (one per call, the same on every SDK attempt of it) makes a retry after a
 * timeout safe: DynamoDB answers a repeat within ten minutes as it answered the first, instead of
 * applying it again or failing its conditions (functions/adapters/bounded-storage.ts retries it).
 */
export async function transactWrite(
  db: DocumentClient,
  items: TransactItem[],
  onConditionFailed: (failed: number[]) => Error | null,
): Promise<boolean> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: randomUUID() }));
    return true;
  } catch (err) {
    if (err instanceof TransactionCanceledException) {
      const failed = (err.CancellationReasons ?? []).flatMap((r, i) =>
        r.Code === 'ConditionalCheckFailed' ? [i] : [],
      );
      if (failed.length > 0) {
        const error = onConditionFailed(failed);
        if (error) throw error;
        return false;
      }
    }
    throw err;
  }
}
