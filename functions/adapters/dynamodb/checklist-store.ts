import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../../shared/audit';
import type {
  Assessment,
  AssessmentDraft,
  ChecklistDraft,
  ChecklistRecord,
  ChecklistVersion,
} from '../../../shared/checklist';
import type { PeerAssignment } from '../../../shared/review';
import { keys } from '../../../shared/table';
import type {
  ChecklistStore,
  ChecklistWithVersions,
  Page,
  PageRequest,
  StoreKey,
  VersionRef,
} from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import { ChecklistAssessments } from './checklist-assessments';
import { ChecklistProgressReads, harmonizationCurrent } from './checklist-progress';
import { ChecklistTable } from './checklist-table';
import type { DocumentClient } from './client';

/**
 * Checklists, versions, assessments and progress counters in the single table (docs/data-model.md).
 * This file keeps checklists, drafts and versions; assessments are in checklist-assessments.ts,
 * the scoreboards' reads and counter updates in checklist-progress.ts.
 */
export class DynamoChecklistStore implements ChecklistStore {
  private readonly table: ChecklistTable;
  private readonly assessments: ChecklistAssessments;
  private readonly progress: ChecklistProgressReads;

  constructor(db: DocumentClient, tableName: string) {
    this.table = new ChecklistTable(db, tableName);
    this.assessments = new ChecklistAssessments(this.table);
    this.progress = new ChecklistProgressReads(this.table);
  }

  private recordItem(record: ChecklistRecord) {
    return {
      ...keys.checklist(record.id),
      ...keys.checklistsIndex(record.createdAt, record.id),
      type: 'CHECKLIST',
      ...record,
    };
  }

  private draftPut(id: string, draft: ChecklistDraft) {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: { ...keys.checklistDraft(id), type: 'CHECKLIST_DRAFT', ...draft },
      },
    };
  }

  async create(record: ChecklistRecord, draft: ChecklistDraft, audit: AuditEvent): Promise<void> {
    await this.table.transact(
      [
        {
          Put: {
            TableName: this.table.tableName,
            Item: this.recordItem(record),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        this.draftPut(record.id, draft),
        auditPut(this.table.tableName, audit),
      ],
      `A checklist with id "${record.id}" exists already.`,
    );
  }

  async get(id: string): Promise<ChecklistWithVersions | null> {
    const items = await this.table.partition(keys.checklist(id).pk);
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
    await this.table.transact(
      [
        this.guardedRecordPut(record, expectedRevision),
        this.draftPut(record.id, draft),
        auditPut(this.table.tableName, audit),
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
    await this.table.transact(
      [
        this.guardedRecordPut(record, expectedRevision),
        {
          // Published versions are immutable: never overwrite one.
          Put: {
            TableName: this.table.tableName,
            Item: {
              ...keys.checklistVersion(version.checklistId, version.version),
              type: 'CHECKLIST_VERSION',
              ...version,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        // The waterbed's harmonization items learn the new current version (docs/waterbed.md).
        ...harmonizationCurrent(this.table.tableName, version),
        auditPut(this.table.tableName, audit),
      ],
      'The checklist changed meanwhile; reload it before publishing.',
    );
  }

  private guardedRecordPut(record: ChecklistRecord, expectedRevision: number) {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: this.recordItem(record),
        ConditionExpression: 'revision = :expected',
        ExpressionAttributeValues: { ':expected': expectedRevision },
      },
    };
  }

  async list(page: PageRequest): Promise<Page<ChecklistRecord>> {
    const { Items = [], LastEvaluatedKey } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.tableName,
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

  submissionContext(ref: VersionRef, organisationId: string) {
    return this.assessments.submissionContext(ref, organisationId);
  }

  submit(input: {
    version: ChecklistVersion;
    previous: Assessment | null;
    next: Assessment;
    audit: AuditEvent;
  }) {
    return this.assessments.submit(input);
  }

  assessmentView(ref: VersionRef, viewerOrganisationId: string, organisationId: string) {
    return this.assessments.assessmentView(ref, viewerOrganisationId, organisationId);
  }

  review(input: { version: ChecklistVersion; previous: Assessment; next: Assessment; audit: AuditEvent }) {
    return this.assessments.review(input);
  }

  assignPeer(assignment: PeerAssignment, audit: AuditEvent) {
    return this.assessments.assignPeer(assignment, audit);
  }

  assessmentsBehind(
    ref: VersionRef,
    filter: { kind?: string | undefined; country?: string | undefined; organisationId?: string | undefined },
    page: PageRequest,
  ) {
    return this.assessments.assessmentsBehind(ref, filter, page);
  }

  drillDown(
    ref: VersionRef,
    filter: { kind?: string | undefined; country?: string | undefined; organisationId?: string | undefined },
    page: PageRequest,
  ) {
    return this.assessments.drillDown(ref, filter, page);
  }

  allAssessments(ref: VersionRef) {
    return this.assessments.allAssessments(ref);
  }

  listAssessments(ref: VersionRef, page: PageRequest) {
    return this.assessments.listAssessments(ref, page);
  }

  saveAssessmentDraft(draft: AssessmentDraft, audit: AuditEvent) {
    return this.assessments.saveDraft(draft, audit);
  }

  getAssessmentDraft(ref: VersionRef, organisationId: string) {
    return this.assessments.getDraft(ref, organisationId);
  }

  standing(organisationId: string, refs: readonly VersionRef[]) {
    return this.assessments.standing(organisationId, refs);
  }

  versionProgress(ref: VersionRef, viewerOrganisationId: string) {
    return this.progress.versionProgress(ref, viewerOrganisationId);
  }

  progressOf(refs: readonly VersionRef[], viewerOrganisationId: string) {
    return this.progress.progressOf(refs, viewerOrganisationId);
  }
}
