import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AccessReview } from '../../../shared/access-review';
import type { AuditEvent } from '../../../shared/audit';
import { isActiveOrgAdmin, statusOf } from '../../../shared/directory-rules';
import type { Member, MemberStatus } from '../../../shared/member';
import type { Organisation, OrganisationFilter, Role } from '../../../shared/organisation';
import { keys } from '../../../shared/table';
import {
  type AuditQuery,
  auditQueriesPerPage,
  ConflictError,
  type DirectoryStore,
  LastOrgAdminError,
  type Page,
  type PageRequest,
  type StoreKey,
} from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import type { DocumentClient } from './client';
import { directorySummaryUpdate } from './directory-summary';
import { type TransactItem, transactWrite } from './transact';

/** A stored member as the API shows it: members stored before suspension existed are active. */
const asMember = (item: Record<string, unknown>): Member => {
  const member = withoutKeys<Member>(item);
  return { ...member, status: statusOf(member) };
};

/** Attempts of a member change that lost a race (a concurrent change of the same organisation). */
const memberChangeAttempts = 8;

/** Names and values of a condition that the member item is still exactly as it was read. */
function unchangedSince(before: Member) {
  return {
    ConditionExpression:
      before.status === undefined || before.status === 'active'
        ? '#role = :beforeRole AND (attribute_not_exists(#status) OR #status = :beforeStatus)'
        : '#role = :beforeRole AND #status = :beforeStatus',
    names: { '#role': 'role', '#status': 'status' },
    values: { ':beforeRole': before.role, ':beforeStatus': statusOf(before) },
  };
}

/** Where a page of the audit trail stopped: the month partition (none by member) and the key in it. */
interface AuditPosition {
  m?: string;
  k?: StoreKey;
}

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
      member: member ? asMember(member) : null,
    };
  }

  async findMemberByEmail(email: string): Promise<Member | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.memberEmail(email) }),
    );
    return Item ? asMember(Item) : null;
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
      items: Items.map(asMember),
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

  async changeMember(
    organisationId: string,
    memberId: string,
    change: { status?: MemberStatus; role?: Role },
    audit: (before: Member) => AuditEvent[],
  ): Promise<{ before: Member; after: Member } | null> {
    return this.guardedMemberWrite(organisationId, memberId, async (before) => {
      const after: Member = { ...before, ...change };
      const condition = unchangedSince(before);
      const set = {
        UpdateExpression: 'SET #role = :role, #status = :status',
        ExpressionAttributeNames: condition.names,
      };
      const values = { ':role': after.role, ':status': statusOf(after) };
      return {
        after,
        items: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.member(organisationId, memberId),
              ...set,
              ConditionExpression: condition.ConditionExpression,
              ExpressionAttributeValues: { ...values, ...condition.values },
            },
          },
          // The e-mail guard carries a copy of the member (sign-in finds members by e-mail).
          {
            Update: {
              TableName: this.tableName,
              Key: keys.memberEmail(before.email),
              ...set,
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: values,
            },
          },
        ],
        audit: audit(before),
        keepsAdmin: isActiveOrgAdmin(after),
      };
    }).then((done) => (done ? { before: done.before, after: done.after } : null));
  }

  async removeMember(
    organisationId: string,
    memberId: string,
    audit: (before: Member) => AuditEvent[],
  ): Promise<Member | null> {
    const done = await this.guardedMemberWrite(organisationId, memberId, async (before) => {
      const condition = unchangedSince(before);
      return {
        after: before,
        items: [
          {
            Delete: {
              TableName: this.tableName,
              Key: keys.member(organisationId, memberId),
              ConditionExpression: condition.ConditionExpression,
              ExpressionAttributeNames: condition.names,
              ExpressionAttributeValues: condition.values,
            },
          },
          // Frees the e-mail address: the person can be invited again later.
          { Delete: { TableName: this.tableName, Key: keys.memberEmail(before.email) } },
        ],
        audit: audit(before),
        keepsAdmin: false,
      };
    });
    return done ? done.before : null;
  }

  async recordSignIn(organisationId: string, memberId: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.member(organisationId, memberId),
          UpdateExpression: 'SET lastSignInAt = :at',
          // Never back in time, and never recreate a member removed in the meantime.
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(lastSignInAt) OR lastSignInAt < :at)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  /**
   * Read the member, build the write, and when it takes an active org_admin away, check in the
   * same transaction that another active org_admin still exists. Two admins demoting each other at
   * once both touch both items, so DynamoDB lets at most one of the transactions through; the loser
   * reads again and finds itself the last admin (409). No counter to keep in step.
   */
  private async guardedMemberWrite(
    organisationId: string,
    memberId: string,
    build: (
      before: Member,
    ) => Promise<{ after: Member; items: TransactItem[]; audit: AuditEvent[]; keepsAdmin: boolean }>,
  ): Promise<{ before: Member; after: Member } | null> {
    for (let attempt = 1; ; attempt++) {
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.member(organisationId, memberId),
          ConsistentRead: true,
        }),
      );
      if (!Item) return null;
      const before = asMember(Item);
      const write = await build(before);
      const items = [...write.items];
      if (isActiveOrgAdmin(before) && !write.keepsAdmin) {
        const other = await this.anotherActiveOrgAdmin(organisationId, memberId);
        if (!other) {
          throw new LastOrgAdminError(
            `${before.name} is the last active org admin of the organisation: make another member org admin first.`,
          );
        }
        items.push({
          ConditionCheck: {
            TableName: this.tableName,
            Key: keys.member(organisationId, other),
            ConditionExpression: '#role = :admin AND (attribute_not_exists(#status) OR #status = :active)',
            ExpressionAttributeNames: { '#role': 'role', '#status': 'status' },
            ExpressionAttributeValues: { ':admin': 'org_admin', ':active': 'active' },
          },
        });
      }
      items.push(...write.audit.map((event) => auditPut(this.tableName, event)));
      try {
        await transactWrite(this.db, items, () => new RaceLost());
        return { before, after: write.after };
      } catch (err) {
        const lost =
          err instanceof RaceLost ||
          (err instanceof TransactionCanceledException &&
            (err.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict'));
        if (!lost) throw err;
        if (attempt >= memberChangeAttempts) {
          throw new ConflictError('The member was changed at the same time by someone else; try again.');
        }
        // DynamoDB may cancel both of two clashing transactions: retry apart, not in lockstep.
        await new Promise((done) => setTimeout(done, attempt * (10 + Math.random() * 90)));
      }
    }
  }

  /** The id of an active org_admin of the organisation other than `memberId`, if there is one. */
  private async anotherActiveOrgAdmin(organisationId: string, memberId: string): Promise<string | null> {
    let after: StoreKey | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression:
            '#role = :admin AND (attribute_not_exists(#status) OR #status = :active) AND id <> :self',
          ExpressionAttributeNames: { '#role': 'role', '#status': 'status' },
          ExpressionAttributeValues: {
            ':pk': keys.organisation(organisationId).pk,
            ':prefix': keys.memberPrefix,
            ':admin': 'org_admin',
            ':active': 'active',
            ':self': memberId,
          },
          ConsistentRead: true,
          ExclusiveStartKey: after,
        }),
      );
      const found = Items[0];
      if (found) return String(found.id);
      after = LastEvaluatedKey as StoreKey | undefined;
    } while (after);
    return null;
  }

  async listAudit(organisationId: string, query: AuditQuery, page: PageRequest): Promise<Page<AuditEvent>> {
    const { filter, months } = query;
    // The member filter reads the trail's by-actor index (GSI1), one partition across months;
    // otherwise the month partitions, newest first. Action and object are filter expressions.
    const byActor = filter.memberId !== undefined;
    const names: Record<string, string> = {
      '#pk': byActor ? 'gsi1pk' : 'pk',
      '#sk': byActor ? 'gsi1sk' : 'sk',
    };
    const values: Record<string, unknown> = { ':from': filter.from, ':to': `${filter.to}~` };
    const conditions: string[] = [];
    if (filter.action !== undefined) {
      names['#action'] = 'action';
      values[':action'] = filter.action;
      conditions.push('#action = :action');
    }
    if (filter.objectId !== undefined) {
      names['#object'] = 'object';
      names['#id'] = 'id';
      values[':objectId'] = filter.objectId;
      conditions.push('#object.#id = :objectId');
    }
    const after = page.after as AuditPosition | undefined;
    let month = after?.m ?? months[0];
    let start = after?.k;
    const items: Record<string, unknown>[] = [];
    let next: AuditPosition | undefined;
    for (let round = 0; round < auditQueriesPerPage && month !== undefined; round += 1) {
      const remaining = page.limit - items.length;
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          ...(byActor ? { IndexName: 'gsi1' } : {}),
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ...values,
            ':pk': byActor
              ? keys.auditByActorPartition(organisationId, filter.memberId!)
              : keys.auditMonth(organisationId, month),
          },
          ScanIndexForward: false,
          // Filters drop items after they are read: read more per round trip, keep what fits.
          Limit: conditions.length > 0 ? Math.max(remaining, 100) : remaining,
          ExclusiveStartKey: start,
        }),
      );
      if (Items.length > remaining) {
        items.push(...Items.slice(0, remaining));
        const last = Items[remaining - 1]!;
        const key = byActor
          ? { pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk }
          : { pk: last.pk, sk: last.sk };
        next = { m: month, k: key };
        break;
      }
      items.push(...Items);
      if (LastEvaluatedKey) {
        start = LastEvaluatedKey;
      } else {
        // Exhausted: the member index has no older partition; the trail has the month before.
        month = byActor ? undefined : months[months.indexOf(month) + 1];
        start = undefined;
      }
      next = month === undefined ? undefined : { m: month, ...(start ? { k: start } : {}) };
      if (items.length === page.limit) break;
    }
    return { items: items.map((i) => withoutKeys<AuditEvent>(i)), next: next as StoreKey | undefined };
  }

  async recordAudit(audit: AuditEvent): Promise<void> {
    await this.db.send(new PutCommand(auditPut(this.tableName, audit).Put));
  }

  async lastRestrictedReads(organisationId: string, memberIds: readonly string[]) {
    const found: (readonly [string, string | undefined])[] = [];
    // In parallel, at most a page of members (25) at a time.
    for (let i = 0; i < memberIds.length; i += 25) {
      found.push(...(await this.lastRestrictedReadsOf(organisationId, memberIds.slice(i, i + 25))));
    }
    return new Map(found.filter((f): f is readonly [string, string] => f[1] !== undefined));
  }

  private lastRestrictedReadsOf(organisationId: string, memberIds: readonly string[]) {
    return Promise.all(
      memberIds.map(async (memberId) => {
        const { Items = [] } = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.restrictedReadsOf(organisationId, memberId) },
            ExpressionAttributeNames: { '#at': 'at' },
            ProjectionExpression: '#at',
            ScanIndexForward: false,
            Limit: 1,
          }),
        );
        return [memberId, Items[0]?.at as string | undefined] as const;
      }),
    );
  }

  async getAccessReview(organisationId: string): Promise<AccessReview | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.accessReview(organisationId) }),
    );
    return Item ? withoutKeys<AccessReview>(Item) : null;
  }

  async saveAccessReview(review: AccessReview, audit: AuditEvent): Promise<void> {
    await this.transact(
      [
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: keys.organisation(review.organisationId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.accessReview(review.organisationId),
              ...keys.accessReviewIndex(review.completedAt, review.organisationId),
              type: 'ACCESS_REVIEW',
              ...review,
            },
          },
        },
        auditPut(this.tableName, audit),
      ],
      ['The organisation does not exist.', 'The review could not be saved.', 'The review was saved twice.'],
    );
  }

  async accessReviewTimes(): Promise<Map<string, string>> {
    const times = new Map<string, string>();
    let start: StoreKey | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.accessReviews },
          ExpressionAttributeNames: { '#org': 'organisationId', '#at': 'completedAt' },
          ProjectionExpression: '#org, #at',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of Items) times.set(String(item.organisationId), String(item.completedAt));
      start = LastEvaluatedKey;
    } while (start);
    return times;
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

/** A member write's condition failed: someone changed the organisation's members meanwhile. */
class RaceLost extends Error {}
