import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Member } from '../../../shared/member';
import { keys } from '../../../shared/table';
import type { RecipientDirectory } from '../../ports';
import type { DocumentClient } from './client';

/** Checks named recipients against the directory in the single table. */
export class DynamoRecipientDirectory implements RecipientDirectory {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  async missingOrganisations(ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    // Recipient lists are capped at 50, well within one BatchGetItem (100 keys).
    const { Responses } = await this.db.send(
      new BatchGetCommand({
        RequestItems: {
          [this.tableName]: {
            Keys: unique.map((id) => keys.organisation(id)),
            ProjectionExpression: 'id',
          },
        },
      }),
    );
    const found = new Set((Responses?.[this.tableName] ?? []).map((i) => String(i.id)));
    return unique.filter((id) => !found.has(id));
  }

  async locateMembers(
    organisationIds: readonly string[],
    memberIds: readonly string[],
  ): Promise<Map<string, string>> {
    const wanted = new Set(memberIds);
    const located = new Map<string, string>();
    if (wanted.size === 0) return located;
    // One query per organisation (TLP:RED reaches at most 10), in parallel.
    await Promise.all(
      [...new Set(organisationIds)].map(async (organisationId) => {
        for (const member of await this.members(organisationId)) {
          if (wanted.has(member.id)) located.set(member.id, organisationId);
        }
      }),
    );
    return located;
  }

  async candidates(organisationId: string) {
    return (await this.members(organisationId)).map(({ id, name, role }) => ({ id, name, role }));
  }

  private async members(organisationId: string): Promise<Member[]> {
    const members: Member[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.organisation(organisationId).pk,
            ':prefix': keys.memberPrefix,
          },
          ExclusiveStartKey: after,
        }),
      );
      members.push(...(Items as Member[]));
      after = LastEvaluatedKey;
    } while (after);
    return members;
  }
}
