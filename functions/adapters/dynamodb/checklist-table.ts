import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, paginateQuery, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from '../../../shared/table';
import { ConflictError } from '../../ports';
import { withoutKeys } from './audit-item';
import type { DocumentClient } from './client';

export type TransactItems = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>;

/**
 * The reads and writes the checklist store's parts (checklist-store.ts, checklist-assessments.ts,
 * checklist-progress.ts) share: batches with retries, whole partitions, and transactions that
 * turn a failed condition into `ConflictError`.
 */
export class ChecklistTable {
  constructor(
    readonly db: DocumentClient,
    readonly tableName: string,
  ) {}

  /**
   * BatchGetItem in chunks of 100 keys (the service limit), retrying what the service left
   * unprocessed; one round trip in the normal case.
   */
  async batchGet(keyList: readonly ItemKey[]): Promise<Record<string, unknown>[]> {
    const unique = [...new Map(keyList.map((k) => [`${k.pk}\n${k.sk}`, k])).values()];
    const chunks: ItemKey[][] = [];
    for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
    const results = await Promise.all(
      chunks.map(async (chunk) => {
        const found: Record<string, unknown>[] = [];
        let pending: ItemKey[] = chunk;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
          const { Responses, UnprocessedKeys } = await this.db.send(
            new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
          );
          found.push(...(Responses?.[this.tableName] ?? []));
          pending = (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as unknown as ItemKey[];
        }
        return found;
      }),
    );
    return results.flat();
  }

  /** Every item of one partition, page after page. */
  async partition(pk: string): Promise<Record<string, unknown>[]> {
    const input = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    };
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: this.db }, input)) items.push(...(page.Items ?? []));
    return items;
  }

  /**
   * One TransactWriteItems. A failed condition means another writer won: `ConflictError`. A
   * transaction conflict (two transactions on the same counter item at the same instant) wrote
   * nothing, so the very same transaction is safely tried again.
   */
  async transact(items: TransactItems, conflict: string) {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) throw err;
        const codes = err.CancellationReasons?.map((r) => r.Code) ?? [];
        if (codes.includes('ConditionalCheckFailed')) throw new ConflictError(conflict);
        if (codes.includes('TransactionConflict') && attempt < 8) {
          await new Promise((r) => setTimeout(r, 10 + Math.random() * 20 * 2 ** attempt));
          continue;
        }
        throw err;
      }
    }
  }
}

/** The first item of a type in what a batch read found, without its keys (null when there is none). */
export const ofType =
  (items: readonly Record<string, unknown>[]) =>
  <T>(type: string): T | null => {
    const item = items.find((i) => i.type === type);
    return item ? withoutKeys<T>(item) : null;
  };
