import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../../shared/audit';
import type {
  Assessment,
  ChecklistDraft,
  ChecklistRecord,
  ChecklistVersion,
} from '../../../shared/checklist';
import type { Organisation } from '../../../shared/organisation';
import { type Counters, type DayCounters, dayDelta, progressDelta } from '../../../shared/progress';
import { type ItemKey, keys } from '../../../shared/table';
import type { ChecklistStore, ChecklistWithVersions, VersionCounters, VersionRef } from '../../ports';
import { ConflictError, type Page, type PageRequest, refKey, type StoreKey } from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import type { DocumentClient } from './client';
import { directoryEntries, directorySummaryKeys, isDirectorySummary } from './directory-summary';

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;
type Key = ItemKey;

/** Attributes of a progress item that are not counters. */
const progressBookkeeping = new Set(['pk', 'sk', 'type', 'acknowledgedBy', 'checklistId', 'version', 'date']);

function countersOf(item: Record<string, unknown>): Counters {
  const counters: Counters = {};
  for (const [name, value] of Object.entries(item)) {
    if (!progressBookkeeping.has(name) && typeof value === 'number') counters[name] = value;
  }
  return counters;
}

const totalsOf = (item: Record<string, unknown> | undefined): VersionCounters => ({
  counters: item ? countersOf(item) : {},
  acknowledgedBy: new Set((item?.acknowledgedBy as Set<string> | undefined) ?? []),
});

/**
 * `ADD #c0 :c0, #c1 :c1, …` for the non-zero deltas. Attribute names go through placeholders:
 * counter names carry `|` and item ids.
 */
function addExpression(deltas: Counters, extra?: { name: string; value: unknown }) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts: string[] = [];
  Object.entries(deltas).forEach(([name, delta], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = delta;
    parts.push(`#c${i} :c${i}`);
  });
  if (extra) {
    names['#extra'] = extra.name;
    values[':extra'] = extra.value;
    parts.push('#extra :extra');
  }
  // An identical re-submission changes no counter: then there is nothing to ADD.
  return { names, values, expression: parts.length > 0 ? `ADD ${parts.join(', ')}` : '' };
}

/** Checklists, versions, assessments and progress counters in the single table (docs/data-model.md). */
export class DynamoChecklistStore implements ChecklistStore {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  private recordItem(record: ChecklistRecord) {
    return {
      ...keys.checklist(record.id),
      ...keys.checklistsIndex(record.createdAt, record.id),
      type: 'CHECKLIST',
      ...record,
    };
  }

  async create(record: ChecklistRecord, draft: ChecklistDraft, audit: AuditEvent): Promise<void> {
    await this.transact(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: this.recordItem(record),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.checklistDraft(record.id), type: 'CHECKLIST_DRAFT', ...draft },
          },
        },
        auditPut(this.tableName, audit),
      ],
      `A checklist with id "${record.id}" exists already.`,
    );
  }

  async get(id: string): Promise<ChecklistWithVersions | null> {
    const items: Record<string, unknown>[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.checklist(id).pk },
          ExclusiveStartKey: after,
        }),
      );
      items.push(...(page.Items ?? []));
      after = page.LastEvaluatedKey;
    } while (after);
    const record = items.find((i) => i.sk === 'META');
    const draft = items.find((i) => i.sk === 'DRAFT');
    if (!record || !draft) return null;
    return {
      record: withoutKeys<ChecklistRecord>(record),
      draft: withoutKeys<ChecklistDraft>(draft),
      versions: items
        .filter((i) => String(i.sk).startsWith(keys.checklistVersionPrefix))
        .map((i) => withoutKeys<ChecklistVersion>(i)),
    };
  }

  async saveDraft(
    record: ChecklistRecord,
    draft: ChecklistDraft,
    expectedRevision: number,
    audit: AuditEvent,
  ): Promise<void> {
    await this.transact(
      [
        this.guardedRecordPut(record, expectedRevision),
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.checklistDraft(record.id), type: 'CHECKLIST_DRAFT', ...draft },
          },
        },
        auditPut(this.tableName, audit),
      ],
      'The checklist changed meanwhile; reload it and apply your changes again.',
    );
  }

  async publish(
    record: ChecklistRecord,
    version: ChecklistVersion,
    expectedRevision: number,
    audit: AuditEvent,
  ): Promise<void> {
    await this.transact(
      [
        this.guardedRecordPut(record, expectedRevision),
        {
          // Published versions are immutable: never overwrite one.
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.checklistVersion(version.checklistId, version.version),
              type: 'CHECKLIST_VERSION',
              ...version,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        auditPut(this.tableName, audit),
      ],
      'The checklist changed meanwhile; reload it before publishing.',
    );
  }

  private guardedRecordPut(record: ChecklistRecord, expectedRevision: number) {
    return {
      Put: {
        TableName: this.tableName,
        Item: this.recordItem(record),
        ConditionExpression: 'revision = :expected',
        ExpressionAttributeValues: { ':expected': expectedRevision },
      },
    };
  }

  async list(page: PageRequest): Promise<Page<ChecklistRecord>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.checklistsIndexPk },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: page.after,
      }),
    );
    return {
      items: Items.map((i) => withoutKeys<ChecklistRecord>(i)),
      next: LastEvaluatedKey as StoreKey | undefined,
    };
  }

  async submissionContext(ref: VersionRef, organisationId: string) {
    const items = await this.batchGet([
      keys.checklist(ref.checklistId),
      keys.checklistVersion(ref.checklistId, ref.version),
      keys.organisation(organisationId),
      keys.assessment(ref.checklistId, ref.version, organisationId),
    ]);
    const record = items.find((i) => i.type === 'CHECKLIST');
    const version = items.find((i) => i.type === 'CHECKLIST_VERSION');
    const organisation = items.find((i) => i.type === 'ORGANISATION');
    const assessment = items.find((i) => i.type === 'ASSESSMENT');
    return {
      record: record ? withoutKeys<ChecklistRecord>(record) : null,
      version: version ? withoutKeys<ChecklistVersion>(version) : null,
      organisation: organisation ? withoutKeys<Organisation>(organisation) : null,
      assessment: assessment ? withoutKeys<Assessment>(assessment) : null,
    };
  }

  async submit(input: {
    version: ChecklistVersion;
    previous: Assessment | null;
    next: Assessment;
    audit: AuditEvent;
  }): Promise<void> {
    const { version, previous, next } = input;
    const ref = { checklistId: next.checklistId, version: next.version };
    const total = addExpression(
      progressDelta(version, previous, next),
      // The set of who acknowledged lets the scoreboard list laggards without reading assessments.
      previous ? undefined : { name: 'acknowledgedBy', value: new Set([next.organisationId]) },
    );
    const day = addExpression(dayDelta(version, previous, next));
    const date = next.submittedAt.slice(0, 10);
    const items: TransactItems = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.assessment(ref.checklistId, ref.version, next.organisationId),
            ...keys.assessmentByOrganisation(next.organisationId, ref.checklistId, ref.version),
            type: 'ASSESSMENT',
            ...next,
          },
          // Optimistic concurrency: the counters below are right only if `previous` is still current.
          ...(previous
            ? {
                ConditionExpression: 'revision = :previous',
                ExpressionAttributeValues: { ':previous': previous.revision },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      ...(previous
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.assessmentHistory(
                    ref.checklistId,
                    ref.version,
                    previous.organisationId,
                    previous.revision,
                  ),
                  type: 'ASSESSMENT_HISTORY',
                  ...previous,
                  replacedAt: next.submittedAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]
        : []),
      {
        Update: {
          TableName: this.tableName,
          Key: keys.progressTotal(ref.checklistId, ref.version),
          UpdateExpression: `${total.expression} SET #type = :type`,
          ExpressionAttributeNames: { ...total.names, '#type': 'type' },
          ExpressionAttributeValues: { ...total.values, ':type': 'PROGRESS_TOTAL' },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.progressDay(ref.checklistId, ref.version, date),
          UpdateExpression: `${day.expression} SET #type = :type`,
          ExpressionAttributeNames: { ...day.names, '#type': 'type' },
          ExpressionAttributeValues: { ...day.values, ':type': 'PROGRESS_DAY' },
        },
      },
      auditPut(this.tableName, input.audit),
    ];
    await this.transact(
      items,
      'Another submission of this assessment got there first; reload and submit again.',
    );
  }

  async assessmentView(ref: VersionRef, viewerOrganisationId: string, organisationId: string) {
    const [items, history] = await Promise.all([
      this.batchGet([
        keys.checklistVersion(ref.checklistId, ref.version),
        keys.organisation(viewerOrganisationId),
        keys.assessment(ref.checklistId, ref.version, organisationId),
      ]),
      this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.assessmentsOfVersion(ref.checklistId, ref.version),
            ':prefix': keys.assessmentHistoryPrefix(organisationId),
          },
          ScanIndexForward: false,
          Limit: 50,
        }),
      ),
    ]);
    const version = items.find((i) => i.type === 'CHECKLIST_VERSION');
    const organisation = items.find((i) => i.type === 'ORGANISATION');
    const assessment = items.find((i) => i.type === 'ASSESSMENT');
    return {
      version: version ? withoutKeys<ChecklistVersion>(version) : null,
      viewerOrganisation: organisation ? withoutKeys<Organisation>(organisation) : null,
      assessment: assessment ? withoutKeys<Assessment>(assessment) : null,
      history: (history.Items ?? []).map((i) => {
        const { replacedAt, ...rest } = withoutKeys<Assessment & { replacedAt?: string }>(i);
        return rest as Assessment;
      }),
    };
  }

  async listAssessments(ref: VersionRef, page: PageRequest): Promise<Page<Assessment>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.assessmentsOfVersion(ref.checklistId, ref.version),
          ':prefix': keys.assessmentPrefix,
        },
        Limit: page.limit,
        ExclusiveStartKey: page.after,
      }),
    );
    return {
      items: Items.map((i) => withoutKeys<Assessment>(i)),
      next: LastEvaluatedKey as StoreKey | undefined,
    };
  }

  async standing(organisationId: string, refs: readonly VersionRef[]) {
    const items = await this.batchGet([
      keys.organisation(organisationId),
      ...refs.map((r) => keys.assessment(r.checklistId, r.version, organisationId)),
    ]);
    const organisation = items.find((i) => i.type === 'ORGANISATION');
    const assessments = new Map<string, Assessment>();
    for (const item of items) {
      if (item.type !== 'ASSESSMENT') continue;
      const assessment = withoutKeys<Assessment>(item);
      assessments.set(refKey(assessment), assessment);
    }
    return { organisation: organisation ? withoutKeys<Organisation>(organisation) : null, assessments };
  }

  async versionProgress(ref: VersionRef, viewerOrganisationId: string) {
    const [items, progress] = await Promise.all([
      this.batchGet([
        keys.checklistVersion(ref.checklistId, ref.version),
        keys.organisation(viewerOrganisationId),
        keys.assessment(ref.checklistId, ref.version, viewerOrganisationId),
        ...directorySummaryKeys(),
      ]),
      this.progressPartition(ref),
    ]);
    const version = items.find((i) => i.type === 'CHECKLIST_VERSION');
    const organisation = items.find((i) => i.type === 'ORGANISATION');
    const own = items.find((i) => i.type === 'ASSESSMENT');
    return {
      version: version ? withoutKeys<ChecklistVersion>(version) : null,
      organisation: organisation ? withoutKeys<Organisation>(organisation) : null,
      ownAssessment: own ? withoutKeys<Assessment>(own) : null,
      directory: items.filter(isDirectorySummary).flatMap(directoryEntries),
      totals: totalsOf(progress.find((i) => i.sk === 'TOTAL')),
      days: progress
        .filter((i) => String(i.sk).startsWith(keys.progressDayPrefix))
        .map(
          (i): DayCounters => ({
            date: String(i.sk).slice(keys.progressDayPrefix.length),
            counters: countersOf(i),
          }),
        ),
    };
  }

  /** The TOTAL item and the daily series: a handful of small items whatever the number of assessments. */
  private async progressPartition(ref: VersionRef) {
    const items: Record<string, unknown>[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.progressOfVersion(ref.checklistId, ref.version) },
          ExclusiveStartKey: after,
        }),
      );
      items.push(...(page.Items ?? []));
      after = page.LastEvaluatedKey;
    } while (after);
    return items;
  }

  async progressOf(refs: readonly VersionRef[], viewerOrganisationId: string) {
    const items = await this.batchGet([
      keys.organisation(viewerOrganisationId),
      ...directorySummaryKeys(),
      ...refs.map((r) => keys.progressTotal(r.checklistId, r.version)),
      ...refs.map((r) => keys.assessment(r.checklistId, r.version, viewerOrganisationId)),
    ]);
    const organisation = items.find((i) => i.type === 'ORGANISATION');
    const totals = new Map<string, VersionCounters>();
    const ownAssessments = new Map<string, Assessment>();
    const totalKeys = new Map(refs.map((r) => [keys.progressTotal(r.checklistId, r.version).pk, refKey(r)]));
    for (const item of items) {
      if (item.sk === 'TOTAL') {
        const ref = totalKeys.get(String(item.pk));
        if (ref) totals.set(ref, totalsOf(item));
      } else if (item.type === 'ASSESSMENT') {
        const assessment = withoutKeys<Assessment>(item);
        ownAssessments.set(refKey(assessment), assessment);
      }
    }
    return {
      organisation: organisation ? withoutKeys<Organisation>(organisation) : null,
      directory: items.filter(isDirectorySummary).flatMap(directoryEntries),
      totals,
      ownAssessments,
    };
  }

  /**
   * BatchGetItem in chunks of 100 keys (the service limit), retrying what the service left
   * unprocessed; one round trip in the normal case.
   */
  private async batchGet(keyList: readonly Key[]): Promise<Record<string, unknown>[]> {
    const unique = [...new Map(keyList.map((k) => [`${k.pk}\n${k.sk}`, k])).values()];
    const chunks: Key[][] = [];
    for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
    const results = await Promise.all(
      chunks.map(async (chunk) => {
        const found: Record<string, unknown>[] = [];
        let pending: Key[] = chunk;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
          const { Responses, UnprocessedKeys } = await this.db.send(
            new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
          );
          found.push(...(Responses?.[this.tableName] ?? []));
          pending = (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as unknown as Key[];
        }
        return found;
      }),
    );
    return results.flat();
  }

  /**
   * One TransactWriteItems. A failed condition means another writer won: `ConflictError`. A
   * transaction conflict (two transactions on the same counter item at the same instant) wrote
   * nothing, so the very same transaction is safely tried again.
   */
  private async transact(items: TransactItems, conflict: string) {
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
