import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiToken } from '../../../shared/api-token';
import type { AuditEvent } from '../../../shared/audit';
import { keys } from '../../../shared/table';
import type { StoredApiToken, TokenStore } from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import type { DocumentClient } from './client';
import { transactWrite } from './transact';

/** DynamoDB may drop a token item this long after it expired (the table's TTL); until then it is listed as expired. */
const keepExpiredSeconds = 30 * 24 * 60 * 60;

/**
 * A stored token item as the port gives it. Its expiry is kept as `tokenExpiresAt`: `expiresAt` is
 * the table's TTL attribute (epoch seconds), which `withoutKeys` drops.
 */
const asStored = (item: Record<string, unknown>): StoredApiToken => {
  const { tokenExpiresAt, ...token } = withoutKeys<StoredApiToken & { tokenExpiresAt: string }>(item);
  return { ...token, expiresAt: tokenExpiresAt, lastUsedAt: token.lastUsedAt ?? null };
};

const listed = (item: Record<string, unknown>): ApiToken => {
  const { secretHash: _hash, ...token } = asStored(item);
  return token;
};

/** API tokens in their organisation's partition (`APITOKEN#<id>`, shared/table.ts). */
export class DynamoTokenStore implements TokenStore {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  async get(organisationId: string, tokenId: string): Promise<StoredApiToken | null> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.apiToken(organisationId, tokenId),
        ConsistentRead: true,
      }),
    );
    return Item ? asStored(Item) : null;
  }

  async list(organisationId: string): Promise<ApiToken[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.apiToken(organisationId, '').pk,
          ':prefix': keys.apiTokenPrefix,
        },
      }),
    );
    return Items.map(listed).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async create(token: StoredApiToken, audit: AuditEvent): Promise<void> {
    const ttl = Math.floor(Date.parse(token.expiresAt) / 1000) + keepExpiredSeconds;
    await transactWrite(
      this.db,
      [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.apiToken(token.organisationId, token.id),
              type: 'APITOKEN',
              ...token,
              // Absent until the first use, so `recordUse`'s condition can tell "never".
              lastUsedAt: undefined,
              tokenExpiresAt: token.expiresAt,
              expiresAt: ttl,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        auditPut(this.tableName, audit),
      ],
      () => new Error('an API token with this id exists already'),
    );
  }

  async revoke(organisationId: string, tokenId: string, audit: AuditEvent): Promise<boolean> {
    return transactWrite(
      this.db,
      [
        {
          Delete: {
            TableName: this.tableName,
            Key: keys.apiToken(organisationId, tokenId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        auditPut(this.tableName, audit),
      ],
      () => null,
    );
  }

  async recordUse(organisationId: string, tokenId: string, at: string, before: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.apiToken(organisationId, tokenId),
          UpdateExpression: 'SET lastUsedAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :before)',
          ExpressionAttributeValues: { ':at': at, ':before': before },
        }),
      );
    } catch (err) {
      // Another request of the same minute noted it, or the token was revoked meanwhile.
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }
}
