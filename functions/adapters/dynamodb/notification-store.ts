import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Notification, type Preferences, withDefaults } from '../../../shared/notification';
import { keys } from '../../../shared/table';
import type { DigestEntry, NotificationStore, ReminderEntry, ReminderStore } from '../../ports';
import type { DocumentClient } from './client';
import { transactWrite } from './transact';

const notificationOf = (item: Record<string, unknown>): Notification => ({
  id: item.id as string,
  kind: item.kind as Notification['kind'],
  itemType: item.itemType as Notification['itemType'],
  itemId: item.itemId as string,
  tlp: (item.tlp ?? null) as Notification['tlp'],
  organisationId: item.organisationId as string,
  createdAt: item.createdAt as string,
  read: item.read === true,
});

/** How many mark-read transactions run at once: enough to be quick, few enough not to be throttled. */
const markConcurrency = 8;

/** A member's notifications in their own partition (docs/notifications.md). */
export class DynamoNotificationStore implements NotificationStore, ReminderStore {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  async add(memberId: string, n: Notification, digest?: { email: string }): Promise<boolean> {
    return transactWrite(
      this.db,
      [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.notification(memberId, n.id),
              ...(n.read ? {} : keys.unreadNotification(memberId, n.id)),
              type: 'NOTIFICATION',
              ...n,
            },
            // The id is the event's and the member's: a replayed batch finds it and writes nothing.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.unreadCounter(memberId),
            UpdateExpression: 'ADD unread :one',
            ExpressionAttributeValues: { ':one': n.read ? 0 : 1 },
          },
        },
        ...(digest
          ? [
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.digestEntry(memberId, n.id),
                    type: 'DIGEST_ENTRY',
                    memberId,
                    email: digest.email,
                    notification: n,
                  },
                },
              },
            ]
          : []),
      ],
      () => null,
    );
  }

  async list(memberId: string, page: { limit: number; after?: string; unreadOnly: boolean }) {
    // Ids start with the event's time, so both the partition and the unread index sort by time.
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      page.unreadOnly
        ? new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.unreadNotificationsOf(memberId) },
            ScanIndexForward: false,
            Limit: page.limit,
            ...(page.after
              ? {
                  ExclusiveStartKey: {
                    ...keys.notification(memberId, page.after),
                    ...keys.unreadNotification(memberId, page.after),
                  },
                }
              : {}),
          })
        : new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: {
              ':pk': keys.notificationsOf(memberId),
              ':prefix': keys.notificationPrefix,
            },
            ScanIndexForward: false,
            Limit: page.limit,
            ...(page.after ? { ExclusiveStartKey: keys.notification(memberId, page.after) } : {}),
          }),
    );
    const items = Items.map(notificationOf);
    return { items, ...(LastEvaluatedKey && items.length > 0 ? { next: items[items.length - 1]!.id } : {}) };
  }

  async unreadCount(memberId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.unreadCounter(memberId) }),
    );
    return Math.max(0, Number(Item?.unread ?? 0));
  }

  private async markOne(memberId: string, id: string) {
    return transactWrite(
      this.db,
      [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.notification(memberId, id),
            UpdateExpression: 'SET #read = :true REMOVE gsi1pk, gsi1sk',
            // Only an unread one of this member: the counter moves once per notification.
            ConditionExpression: 'attribute_exists(pk) AND #read = :false',
            ExpressionAttributeNames: { '#read': 'read' },
            ExpressionAttributeValues: { ':true': true, ':false': false },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.unreadCounter(memberId),
            UpdateExpression: 'ADD unread :minus',
            ExpressionAttributeValues: { ':minus': -1 },
          },
        },
      ],
      () => null,
    );
  }

  async markRead(memberId: string, ids: readonly string[]) {
    let changed = 0;
    const queue = [...new Set(ids)];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        if (await this.markOne(memberId, id)) changed += 1;
      }
    };
    await Promise.all(Array.from({ length: markConcurrency }, worker));
    return changed;
  }

  async markAllRead(memberId: string) {
    let changed = 0;
    let after: string | undefined;
    do {
      const page = await this.list(memberId, { limit: 100, unreadOnly: true, ...(after ? { after } : {}) });
      changed += await this.markRead(
        memberId,
        page.items.map((n) => n.id),
      );
      after = page.next;
    } while (after);
    return changed;
  }

  async getPreferences(memberId: string): Promise<Preferences> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.notificationPreferences(memberId) }),
    );
    return withDefaults(Item?.preferences as Partial<Preferences> | undefined);
  }

  async putPreferences(memberId: string, preferences: Preferences) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.notificationPreferences(memberId), type: 'PREFERENCES', preferences },
      }),
    );
  }

  async claimMail(memberId: string, mailKey: string, at: string) {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.mailSent(memberId, mailKey), type: 'MAILED', at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async releaseMail(memberId: string, mailKey: string) {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.mailSent(memberId, mailKey) }),
    );
  }

  async pendingDigests() {
    const byMember = new Map<string, DigestEntry[]>();
    let start: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.pendingDigests },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of Items) {
        const entry = {
          memberId: item.memberId,
          email: item.email,
          notification: item.notification,
        } as DigestEntry;
        byMember.set(entry.memberId, [...(byMember.get(entry.memberId) ?? []), entry]);
      }
      start = LastEvaluatedKey;
    } while (start);
    return byMember;
  }

  async digestSent(memberId: string, ids: readonly string[], date: string) {
    await Promise.all(
      ids.map((id) => {
        const { pk, sk } = keys.digestEntry(memberId, id);
        return this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk } }));
      }),
    );
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.lastDigest(memberId), type: 'DIGESTED', date },
      }),
    );
  }

  async lastDigestDate(memberId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.lastDigest(memberId) }),
    );
    return (Item?.date as string | undefined) ?? null;
  }

  async markBouncing(email: string, at: string, reason: string) {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.bouncingAddress(email), type: 'BOUNCING', email, at, reason },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async isBouncing(email: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.bouncingAddress(email) }),
    );
    return Item !== undefined;
  }

  async track(entry: ReminderEntry) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.reminderEntry(entry.itemType, entry.itemId), type: 'REMINDER', ...entry },
      }),
    );
  }

  async untrack(itemType: string, itemId: string) {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.reminderEntry(itemType, itemId) }),
    );
  }

  async tracked() {
    const entries: ReminderEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.reminders },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of Items) {
        entries.push({ itemType: item.itemType, itemId: item.itemId, dueAt: item.dueAt } as ReminderEntry);
      }
      start = LastEvaluatedKey;
    } while (start);
    return entries;
  }
}
