import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../../shared/audit';
import type { Member } from '../../../shared/member';
import type { Organisation, OrganisationFilter } from '../../../shared/organisation';
import { keys } from '../../../shared/table';
import { ConflictError, type DirectoryStore, type Page, type PageRequest, type StoreKey } from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import type { DocumentClient } from './client';
import { directorySummaryUpdate } from './directory-summary';

/** Organisations, members and the audit trail in the single table. */
export class DynamoDirectoryStore implements DirectoryStore {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  async getOrganisation(id: string): Promise<Organisation | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.organisation(id) }),
    );
    return Item ? withoutKeys<Organisation>(Item) : null;
  }

  async listOrganisations(filter: OrganisationFilter, page: PageRequest): Promise<Page<Organisation>> {
    // Kind first (GSI1) when the kind is known; country first (GSI2) when only the country is.
    const byCountry = !filter.kind && filter.country;
    const index = byCountry ? 'gsi2' : 'gsi1';
    const prefix = byCountry
      ? `${filter.country}#`
      : filter.kind
        ? `${filter.kind}#${filter.country ? `${filter.country}#` : ''}`
        : '';
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': `${index}pk`, ...(prefix ? { '#sk': `${index}sk` } : {}) },
        ExpressionAttributeValues: { ':pk': 'ORGS', ...(prefix ? { ':prefix': prefix } : {}) },
        Limit: page.limit,
        ExclusiveStartKey: page.after,
      }),
    );
    return {
      items: Items.map((i) => withoutKeys<Organisation>(i)),
      next: LastEvaluatedKey as StoreKey | undefined,
    };
  }

  async createOrganisation(organisation: Organisation, audit: AuditEvent): Promise<void> {
    await this.transact(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.organisation(organisation.id),
              ...keys.organisationByKind(organisation.kind, organisation.country, organisation.name),
              ...keys.organisationByCountry(organisation.country, organisation.kind, organisation.name),
              type: 'ORGANISATION',
              ...organisation,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        // Scoreboards learn who is applicable from this summary, so it changes with the directory.
        directorySummaryUpdate(this.tableName, organisation),
        auditPut(this.tableName, audit),
      ],
      `An organisation with id "${organisation.id}" exists already.`,
    );
  }

  async getMemberWithOrganisation(organisationId: string, memberId: string) {
    const { Responses } = await this.db.send(
      new BatchGetCommand({
        RequestItems: {
          [this.tableName]: {
            Keys: [keys.organisation(organisationId), keys.member(organisationId, memberId)],
          },
        },
      }),
    );
    const items = Responses?.[this.tableName] ?? [];
    const organisation = items.find((i) => i.sk === 'PROFILE');
    const member = items.find((i) => i.sk !== 'PROFILE');
    return {
      organisation: organisation ? withoutKeys<Organisation>(organisation) : null,
      member: member ? withoutKeys<Member>(member) : null,
    };
  }

  async findMemberByEmail(email: string): Promise<Member | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.memberEmail(email) }),
    );
    return Item ? withoutKeys<Member>(Item) : null;
  }

  async listMembers(organisationId: string, page: PageRequest): Promise<Page<Member>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.organisation(organisationId).pk,
          ':prefix': keys.memberPrefix,
        },
        Limit: page.limit,
        ExclusiveStartKey: page.after,
      }),
    );
    return {
      items: Items.map((i) => withoutKeys<Member>(i)),
      next: LastEvaluatedKey as StoreKey | undefined,
    };
  }

  async createMember(member: Member, audit: AuditEvent): Promise<void> {
    await this.transact(
      [
        // The organisation must exist: a member is never orphaned.
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: keys.organisation(member.organisationId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.member(member.organisationId, member.id), type: 'MEMBER', ...member },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.memberEmail(member.email), type: 'MEMBER_EMAIL', ...member },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        auditPut(this.tableName, audit),
      ],
      [
        'The organisation does not exist.',
        'That member exists already.',
        'That e-mail address belongs to a member already.',
      ],
    );
  }

  async listAudit(organisationId: string, month: string, page: PageRequest): Promise<Page<AuditEvent>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditMonth(organisationId, month) },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: page.after,
      }),
    );
    return {
      items: Items.map((i) => withoutKeys<AuditEvent>(i)),
      next: LastEvaluatedKey as StoreKey | undefined,
    };
  }

  /** One transaction; a failed condition becomes a ConflictError saying which rule it broke. */
  private async transact(
    items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>,
    conflict: string | string[],
  ) {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      const failed =
        err instanceof TransactionCanceledException
          ? (err.CancellationReasons ?? []).findIndex((r) => r.Code === 'ConditionalCheckFailed')
          : -1;
      if (failed >= 0) {
        const message = Array.isArray(conflict) ? conflict[failed] : conflict;
        throw new ConflictError(message ?? 'The write conflicts with stored data.');
      }
      throw err;
    }
  }
}
