import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../../shared/audit';
import type { Assessment, ChecklistRecord, ChecklistVersion } from '../../../shared/checklist';
import type { Organisation } from '../../../shared/organisation';
import { keys } from '../../../shared/table';
import { type Page, type PageRequest, refKey, type StoreKey, type VersionRef } from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import { progressUpdates } from './checklist-progress';
import { type ChecklistTable, ofType, type TransactItems } from './checklist-table';

/** Assessments with their history (the assessment half of the checklist port). */
export class ChecklistAssessments {
  constructor(private readonly table: ChecklistTable) {}

  async submissionContext(ref: VersionRef, organisationId: string) {
    const items = await this.table.batchGet([
      keys.checklist(ref.checklistId),
      keys.checklistVersion(ref.checklistId, ref.version),
      keys.organisation(organisationId),
      keys.assessment(ref.checklistId, ref.version, organisationId),
    ]);
    const one = ofType(items);
    return {
      record: one<ChecklistRecord>('CHECKLIST'),
      version: one<ChecklistVersion>('CHECKLIST_VERSION'),
      organisation: one<Organisation>('ORGANISATION'),
      assessment: one<Assessment>('ASSESSMENT'),
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
      auditPut(tableName, input.audit),
    ];
    await this.table.transact(
      items,
      'Another submission of this assessment got there first; reload and submit again.',
    );
  }

  async assessmentView(ref: VersionRef, viewerOrganisationId: string, organisationId: string) {
    const [items, history] = await Promise.all([
      this.table.batchGet([
        keys.checklistVersion(ref.checklistId, ref.version),
        keys.organisation(viewerOrganisationId),
        keys.assessment(ref.checklistId, ref.version, organisationId),
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
    return {
      version: one<ChecklistVersion>('CHECKLIST_VERSION'),
      viewerOrganisation: one<Organisation>('ORGANISATION'),
      assessment: one<Assessment>('ASSESSMENT'),
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
    ]);
    const assessments = new Map<string, Assessment>();
    for (const item of items) {
      if (item.type !== 'ASSESSMENT') continue;
      const assessment = withoutKeys<Assessment>(item);
      assessments.set(refKey(assessment), assessment);
    }
    return { organisation: ofType(items)<Organisation>('ORGANISATION'), assessments };
  }
}
