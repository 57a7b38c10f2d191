import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, Webhook, WebhookDelivery } from '../../../shared';
import { keys } from '../../../shared/table';
import type { StoredDelivery, StoredWebhook, WebhookStore } from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import type { DocumentClient } from './client';
import { transactWrite } from './transact';

/** A delivery log entry is kept this long (the table's TTL), then DynamoDB drops it. */
const keepDeliveriesSeconds = 30 * 24 * 60 * 60;

const asWebhook = (item: Record<string, unknown>): StoredWebhook => {
  const hook = withoutKeys<StoredWebhook>(item);
  return { ...hook, failingSince: hook.failingSince ?? null, pausedAt: hook.pausedAt ?? null };
};

const asDelivery = (item: Record<string, unknown>): StoredDelivery => {
  const { expiresAt: _ttl, ...d } = withoutKeys<StoredDelivery & { expiresAt: number }>(item);
  return d;
};

const logged = (item: Record<string, unknown>): WebhookDelivery => {
  const { body: _body, organisationId: _org, ...d } = asDelivery(item);
  return d;
};

const ignoreCondition = (err: unknown) => {
  if (!(err instanceof ConditionalCheckFailedException)) throw err;
};

/** Webhooks in their organisation's partition, deliveries in one partition per webhook (shared/table.ts). */
export class DynamoWebhookStore implements WebhookStore {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  async get(organisationId: string, webhookId: string): Promise<StoredWebhook | null> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.webhook(organisationId, webhookId),
        ConsistentRead: true,
      }),
    );
    return Item ? asWebhook(Item) : null;
  }

  async list(organisationId: string): Promise<StoredWebhook[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.webhook(organisationId, '').pk,
          ':prefix': keys.webhookPrefix,
        },
      }),
    );
    return Items.map(asWebhook).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async create(webhook: StoredWebhook, audit: AuditEvent): Promise<void> {
    const item: Webhook & { secret: string } = webhook;
    await transactWrite(
      this.db,
      [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.webhook(webhook.organisationId, webhook.id), type: 'WEBHOOK', ...item },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        auditPut(this.tableName, audit),
      ],
      () => new Error('a webhook with this id exists already'),
    );
  }

  async remove(organisationId: string, webhookId: string, audit: AuditEvent): Promise<boolean> {
    return transactWrite(
      this.db,
      [
        {
          Delete: {
            TableName: this.tableName,
            Key: keys.webhook(organisationId, webhookId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        auditPut(this.tableName, audit),
      ],
      () => null,
    );
  }

  async deliveries(organisationId: string, webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.webhookDeliveries(organisationId, webhookId),
          ':prefix': keys.webhookDeliveryPrefix,
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(logged);
  }

  private itemOf(d: StoredDelivery) {
    return {
      ...keys.webhookDelivery(d.organisationId, d.webhookId, d.createdAt, d.id),
      ...(d.nextAttemptAt ? keys.webhookRetry(d.nextAttemptAt, d.id) : {}),
      type: 'WEBHOOK_DELIVERY',
      ...d,
      expiresAt: Math.floor(Date.parse(d.createdAt) / 1000) + keepDeliveriesSeconds,
    };
  }

  async addDelivery(delivery: StoredDelivery): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.itemOf(delivery),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      ignoreCondition(err);
      return false;
    }
  }

  async saveDelivery(delivery: StoredDelivery): Promise<void> {
    // A whole item: without a next attempt it leaves the retry index.
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: this.itemOf(delivery) }));
  }

  async claim(delivery: StoredDelivery, until: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.webhookDelivery(
            delivery.organisationId,
            delivery.webhookId,
            delivery.createdAt,
            delivery.id,
          ),
          UpdateExpression: 'SET nextAttemptAt = :until, gsi1sk = :sk',
          ConditionExpression: 'nextAttemptAt = :read',
          ExpressionAttributeValues: {
            ':until': until,
            ':sk': keys.webhookRetry(until, delivery.id).gsi1sk,
            ':read': delivery.nextAttemptAt,
          },
        }),
      );
      return true;
    } catch (err) {
      ignoreCondition(err);
      return false;
    }
  }

  async due(now: string, limit: number): Promise<StoredDelivery[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':pk': keys.webhookRetries, ':now': `${now}#~` },
        Limit: limit,
      }),
    );
    return Items.map(asDelivery);
  }

  async markFailing(organisationId: string, webhookId: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.webhook(organisationId, webhookId),
          UpdateExpression: 'SET failingSince = :at, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
          ConditionExpression:
            'attribute_exists(pk) AND #status = :active AND (attribute_not_exists(failingSince) OR failingSince = :null)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':at': at,
            ':active': 'active',
            ':null': null,
            ...prefixed(keys.failingWebhook(at, organisationId, webhookId)),
          },
        }),
      );
    } catch (err) {
      ignoreCondition(err);
    }
  }

  async markAnswering(organisationId: string, webhookId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.webhook(organisationId, webhookId),
          UpdateExpression: 'SET failingSince = :null REMOVE gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_exists(gsi2pk)',
          ExpressionAttributeValues: { ':null': null },
        }),
      );
    } catch (err) {
      ignoreCondition(err);
    }
  }

  async failingBefore(before: string): Promise<{ organisationId: string; webhookId: string }[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :before',
        ExpressionAttributeValues: { ':pk': keys.failingWebhooks, ':before': `${before}#~` },
      }),
    );
    return Items.map((i) => ({ organisationId: i.organisationId as string, webhookId: i.id as string }));
  }

  async pause(organisationId: string, webhookId: string, at: string, before: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.webhook(organisationId, webhookId),
          UpdateExpression: 'SET #status = :paused, pausedAt = :at REMOVE gsi2pk, gsi2sk',
          ConditionExpression: '#status = :active AND failingSince <= :before',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':paused': 'paused',
            ':active': 'active',
            ':at': at,
            ':before': before,
          },
        }),
      );
      return true;
    } catch (err) {
      ignoreCondition(err);
      return false;
    }
  }
}

const prefixed = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [`:${k}`, v]));
