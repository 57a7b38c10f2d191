import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentClient } from './client';

export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/**
 * One TransactWriteItems. When a condition fails, `onConditionFailed` gets the index of each
 * failed item and names the error to throw (or returns null to swallow it, e.g. "already done").
 */
export async function transactWrite(
  db: DocumentClient,
  items: TransactItem[],
  onConditionFailed: (failed: number[]) => Error | null,
): Promise<boolean> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
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
