import { BatchGetCommand, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../../shared/audit';
import { recordAuditEvents, withoutKeys } from './audit-item';
import type { DocumentClient } from './client';
import { type Condition, placeholders } from './conditions';
import { type TransactItem, transactWrite } from './transact';

export type Item = Record<string, unknown>;
export type Key = { pk: string; sk: string };

/**
 * What the store of every shared item kind (bulletins, documents; docs/shared-items.md) does the
 * same way in the single table: read one item, its whole partition or several keys at once; query a
 * list newest first with a filter; and write items, list entries and audit events in one transaction
 * whose failed conditions become domain errors (transact.ts).
 */
export abstract class SharedItemStore {
  constructor(
    protected readonly db: DocumentClient,
    protected readonly tableName: string,
  ) {}

  /** An audit event on its own (reads of restricted material). */
  async recordAudit(...events: AuditEvent[]): Promise<void> {
    await recordAuditEvents(this.db, this.tableName, events);
  }

  protected async getItem<T>(key: Key, consistent = false): Promise<T | null> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key,
        ...(consistent ? { ConsistentRead: true } : {}),
      }),
    );
    return Item ? withoutKeys<T>(Item) : null;
  }

  /** A whole partition (an item with its history, receipts and entries), page after page. */
  protected async readPartition(pk: string, filter?: Condition, consistent = false): Promise<Item[]> {
    const items: Item[] = [];
    let after: Item | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ...(filter ? { FilterExpression: filter.expression } : {}),
          ...placeholders(filter, { ':pk': pk }),
          ...(consistent ? { ConsistentRead: true } : {}),
          ExclusiveStartKey: after,
        }),
      );
      items.push(...Items);
      after = LastEvaluatedKey;
    } while (after);
    return items;
  }

  /** Several items in one round trip. */
  protected async batchGet(
    keys: readonly Key[],
    options: { consistent?: boolean; projection?: string } = {},
  ) {
    const { Responses } = await this.db.send(
      new BatchGetCommand({
        RequestItems: {
          [this.tableName]: {
            Keys: [...keys],
            ...(options.consistent ? { ConsistentRead: true } : {}),
            ...(options.projection ? { ProjectionExpression: options.projection } : {}),
          },
        },
      }),
    );
    return Responses?.[this.tableName] ?? [];
  }

  /** One stretch of a list, newest first unless the input says otherwise; the filter's placeholders join the key condition's. */
  protected async query(
    input: Omit<QueryCommandInput, 'TableName'>,
    filter?: Condition,
  ): Promise<{ Items: Item[]; LastEvaluatedKey?: Item }> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        ScanIndexForward: false,
        ...input,
        ...(filter ? { FilterExpression: filter.expression } : {}),
        ...placeholders(filter, input.ExpressionAttributeValues, input.ExpressionAttributeNames),
      }),
    );
    return { Items, ...(LastEvaluatedKey ? { LastEvaluatedKey } : {}) };
  }

  /** Writes an item (under a condition, when given). */
  protected put(item: Item, condition?: Condition): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: item,
        ...(condition ? { ConditionExpression: condition.expression, ...placeholders(condition) } : {}),
      },
    };
  }

  /** Sets the named fields of an item, keeping what else it holds (a list entry's read and acknowledgement state). */
  protected setFields(key: Key, fields: Item, condition?: Condition): TransactItem {
    const names = Object.keys(fields);
    const values = Object.fromEntries(names.map((f, i) => [`:v${i}`, fields[f]]));
    return {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ...(condition ? { ConditionExpression: condition.expression } : {}),
        ...placeholders(condition, values, Object.fromEntries(names.map((f, i) => [`#f${i}`, f]))),
      },
    };
  }

  /** A condition on an item that the transaction does not write. */
  protected check(key: Key, condition: Condition): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: key,
        ConditionExpression: condition.expression,
        ...placeholders(condition),
      },
    };
  }

  protected transact(items: TransactItem[], onConditionFailed: Parameters<typeof transactWrite>[2]) {
    return transactWrite(this.db, items, onConditionFailed);
  }
}
