import { paginateQuery, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../../shared/audit';
import type {
  Assessment,
  AssessmentDraft,
  ChecklistRecord,
  ChecklistVersion,
} from '../../../shared/checklist';
import type { Organisation } from '../../../shared/organisation';
import type { PeerAssignment } from '../../../shared/review';
import { keys } from '../../../shared/table';
import { type Page, type PageRequest, refKey, type StoreKey, type VersionRef } from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import { harmonizationUpdates, progressUpdates, reviewUpdates } from './checklist-progress';
import { type ChecklistTable, ofType, type TransactItems } from './checklist-table';
import { directoryEntries, directorySummaryKeys, isDirectorySummary } from './directory-summary';

/** The condition that the stored assessment is still `previous`: same revision, no review since. */
function unchangedSince(previous: Assessment) {
  const seq = previous.reviewSeq ?? 0;
  return {
    ConditionExpression: `revision = :previous AND ${seq === 0 ? '(attribute_not_exists(reviewSeq) OR reviewSeq = :seq)' : 'reviewSeq = :seq'}`,
    ExpressionAttributeValues: { ':previous': previous.revision, ':seq': seq },
  };
}

/** How many earlier versions' assessments one organisation's view reads in the same batch. */
export const earlierVersionsShown = 20;

/** Assessments with their history (the assessment half of the checklist port). */
export class ChecklistAssessments {
  constructor(private readonly table: ChecklistTable) {}

  async submissionContext(ref: VersionRef, organisationId: string) {
    const items = await this.table.batchGet([
      keys.checklist(ref.checklistId),
      keys.checklistVersion(ref.checklistId, ref.version),
      keys.organisation(organisationId),
      keys.assessment(ref.checklistId, ref.version, organisationId),
      keys.peerAssignment(ref.checklistId, ref.version, organisationId),
    ]);
    const one = ofType(items);
    return {
      record: one<ChecklistRecord>('CHECKLIST'),
      version: one<ChecklistVersion>('CHECKLIST_VERSION'),
      organisation: one<Organisation>('ORGANISATION'),
      assessment: one<Assessment>('ASSESSMENT'),
      assignment: one<PeerAssignment>('PEER_ASSIGNMENT'),
    };
  }

  async submit(input: {
    version: ChecklistVersion;
    previous: Assessment | null;
    next: Assessment;
    audit: AuditEvent;
  }): Promise<void> {
    const { version, previous, next } = input;
    const { tableName } = this.table;
    const ref = { checklistId: next.checklistId, version: next.version };
    const items: TransactItems = [
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.assessment(ref.checklistId, ref.version, next.organisationId),
            ...keys.assessmentByOrganisation(next.organisationId, ref.checklistId, ref.version),
            type: 'ASSESSMENT',
            ...next,
          },
          // Optimistic concurrency: the counters below are right only if `previous` is still current,
          // its answers and its reviews (a review changes the accepted counters, not the revision).
          ...(previous ? unchangedSince(previous) : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      ...(previous
        ? [
            {
              Put: {
                TableName: tableName,
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
      ...progressUpdates(tableName, version, previous, next),
      ...harmonizationUpdates(tableName, version, next),
      // Submitting ends the half-finished answers saved before.
      {
        Delete: {
          TableName: tableName,
          Key: keys.assessmentDraft(ref.checklistId, ref.version, next.organisationId),
        },
      },
      auditPut(tableName, input.audit),
    ];
    await this.table.transact(
      items,
      'Another submission of this assessment got there first; reload and submit again.',
    );
  }

  /**
   * One review: the assessment with the reviewed answer (conditional on the revision and review
   * sequence the reviewer's read saw), the accepted counters' delta and the audit event, in one
   * transaction. Fails with `ConflictError` when a submission or another review got there first.
   */
  async review(input: {
    version: ChecklistVersion;
    previous: Assessment;
    next: Assessment;
    audit: AuditEvent;
  }): Promise<void> {
    const { version, previous, next } = input;
    const { tableName } = this.table;
    await this.table.transact(
      [
        {
          Put: {
            TableName: tableName,
            Item: {
              ...keys.assessment(next.checklistId, next.version, next.organisationId),
              ...keys.assessmentByOrganisation(next.organisationId, next.checklistId, next.version),
              type: 'ASSESSMENT',
              ...next,
            },
            ...unchangedSince(previous),
          },
        },
        ...reviewUpdates(tableName, version, previous, next),
        auditPut(tableName, input.audit),
      ],
      'The answers or their reviews changed since you read them; reload and review again.',
    );
  }

  /** The Commission's choice of a peer reviewer for one assessment, with its audit event. */
  async assignPeer(assignment: PeerAssignment, audit: AuditEvent): Promise<void> {
    const { tableName } = this.table;
    await this.table.transact(
      [
        {
          Put: {
            TableName: tableName,
            Item: {
              ...keys.peerAssignment(assignment.checklistId, assignment.version, assignment.organisationId),
              ...keys.peerAssignmentByReviewer(
                assignment.reviewerOrganisationId,
                assignment.checklistId,
                assignment.version,
                assignment.organisationId,
              ),
              type: 'PEER_ASSIGNMENT',
              ...assignment,
            },
          },
        },
        auditPut(tableName, audit),
      ],
      'Another assignment got there first; reload.',
    );
  }

  /**
   * A page of a version's assessments, filtered by kind, country or organisation in the query
   * (DynamoDB filters before it answers), for the drill-down behind a scoreboard cell.
   */
  async assessmentsBehind(
    ref: VersionRef,
    filter: { kind?: string | undefined; country?: string | undefined; organisationId?: string | undefined },
    page: PageRequest,
  ): Promise<Page<Assessment>> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':pk': keys.assessmentsOfVersion(ref.checklistId, ref.version),
      ':prefix': filter.organisationId
        ? `${keys.assessmentPrefix}${filter.organisationId}`
        : keys.assessmentPrefix,
    };
    const conditions: string[] = [];
    if (filter.kind) {
      names['#kind'] = 'organisationKind';
      values[':kind'] = filter.kind;
      conditions.push('#kind = :kind');
    }
    if (filter.country) {
      names['#country'] = 'country';
      values[':country'] = filter.country;
      conditions.push('#country = :country');
    }
    if (filter.organisationId) {
      names['#org'] = 'organisationId';
      values[':org'] = filter.organisationId;
      conditions.push('#org = :org');
    }
    const { Items = [], LastEvaluatedKey } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ...(conditions.length > 0
          ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names }
          : {}),
        ExpressionAttributeValues: values,
        Limit: page.limit,
        ExclusiveStartKey: page.after,
      }),
    );
    return {
      items: Items.map((i) => withoutKeys<Assessment>(i)),
      next: LastEvaluatedKey as StoreKey | undefined,
    };
  }

  /**
   * The drill-down behind a scoreboard cell: the version and the directory summary (one batch)
   * and a page of the assessments behind the cell (one query), in parallel.
   */
  async drillDown(
    ref: VersionRef,
    filter: { kind?: string | undefined; country?: string | undefined; organisationId?: string | undefined },
    page: PageRequest,
  ) {
    const [items, assessments] = await Promise.all([
      this.table.batchGet([keys.checklistVersion(ref.checklistId, ref.version), ...directorySummaryKeys()]),
      this.assessmentsBehind(ref, filter, page),
    ]);
    return {
      version: ofType(items)<ChecklistVersion>('CHECKLIST_VERSION'),
      directory: items.filter(isDirectorySummary).flatMap(directoryEntries),
      page: assessments,
    };
  }

  /** Every current assessment of a version, page after page (the Commission's port view). */
  async allAssessments(ref: VersionRef): Promise<Assessment[]> {
    const input = {
      TableName: this.table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.assessmentsOfVersion(ref.checklistId, ref.version),
        ':prefix': keys.assessmentPrefix,
      },
    };
    const out: Assessment[] = [];
    for await (const page of paginateQuery({ client: this.table.db }, input))
      out.push(...(page.Items ?? []).map((i) => withoutKeys<Assessment>(i)));
    return out;
  }

  async assessmentView(ref: VersionRef, viewerOrganisationId: string, organisationId: string) {
    const earlier = Array.from(
      { length: Math.min(ref.version - 1, earlierVersionsShown) },
      (_, i) => ref.version - 1 - i,
    );
    const [items, history] = await Promise.all([
      // The organisation's assessments of earlier versions ride in the same batch: their keys are known.
      this.table.batchGet([
        keys.checklistVersion(ref.checklistId, ref.version),
        keys.organisation(viewerOrganisationId),
        keys.assessment(ref.checklistId, ref.version, organisationId),
        keys.peerAssignment(ref.checklistId, ref.version, organisationId),
        ...earlier.map((v) => keys.assessment(ref.checklistId, v, organisationId)),
      ]),
      this.table.db.send(
        new QueryCommand({
          TableName: this.table.tableName,
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
    const one = ofType(items);
    const current = keys.assessment(ref.checklistId, ref.version, organisationId).pk;
    const assessments = items.filter((i) => i.type === 'ASSESSMENT');
    return {
      version: one<ChecklistVersion>('CHECKLIST_VERSION'),
      viewerOrganisation: one<Organisation>('ORGANISATION'),
      assessment: ofType(assessments.filter((i) => i.pk === current))<Assessment>('ASSESSMENT'),
      assignment: one<PeerAssignment>('PEER_ASSIGNMENT'),
      earlierVersions: assessments
        .filter((i) => i.pk !== current)
        .map((i) => withoutKeys<Assessment>(i))
        .sort((a, b) => b.version - a.version),
      history: (history.Items ?? []).map((i) => {
        const { replacedAt, ...rest } = withoutKeys<Assessment & { replacedAt?: string }>(i);
        return rest as Assessment;
      }),
    };
  }

  async listAssessments(ref: VersionRef, page: PageRequest): Promise<Page<Assessment>> {
    const { Items = [], LastEvaluatedKey } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.tableName,
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
    const items = await this.table.batchGet([
      keys.organisation(organisationId),
      ...refs.map((r) => keys.assessment(r.checklistId, r.version, organisationId)),
      ...refs.map((r) => keys.assessmentDraft(r.checklistId, r.version, organisationId)),
    ]);
    const assessments = new Map<string, Assessment>();
    const drafts = new Map<string, AssessmentDraft>();
    for (const item of items) {
      if (item.type === 'ASSESSMENT') {
        const assessment = withoutKeys<Assessment>(item);
        assessments.set(refKey(assessment), assessment);
      } else if (item.type === 'ASSESSMENT_DRAFT') {
        const draft = withoutKeys<AssessmentDraft>(item);
        drafts.set(refKey(draft), draft);
      }
    }
    return { organisation: ofType(items)<Organisation>('ORGANISATION'), assessments, drafts };
  }

  /** Half-finished answers, with their audit event: nothing is counted until they are submitted. */
  async saveDraft(draft: AssessmentDraft, audit: AuditEvent): Promise<void> {
    const { tableName } = this.table;
    await this.table.transact(
      [
        {
          Put: {
            TableName: tableName,
            Item: {
              ...keys.assessmentDraft(draft.checklistId, draft.version, draft.organisationId),
              type: 'ASSESSMENT_DRAFT',
              ...draft,
            },
          },
        },
        auditPut(tableName, audit),
      ],
      'The answers could not be saved; try again.',
    );
  }

  async getDraft(ref: VersionRef, organisationId: string): Promise<AssessmentDraft | null> {
    const items = await this.table.batchGet([
      keys.assessmentDraft(ref.checklistId, ref.version, organisationId),
    ]);
    return ofType(items)<AssessmentDraft>('ASSESSMENT_DRAFT');
  }
}
