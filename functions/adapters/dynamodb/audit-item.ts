import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../../shared/audit';
import { isRestrictedRead } from '../../../shared/audit-actions';
import { keys } from '../../../shared/table';
import type { DocumentClient } from './client';
import { transactWrite } from './transact';

/**
 * The audit event as a table item: its trail's month partition, indexed by actor within the trail
 * (GSI1, the member filter) and, for reads of restricted material, by reader (GSI2).
 */
export function auditItem(event: AuditEvent) {
  const { organisationId, at, requestId, actor } = event;
  return {
    ...keys.audit(organisationId, at, requestId),
    ...keys.auditByActor(organisationId, actor.memberId, at, requestId),
    ...(isRestrictedRead(event.action)
      ? keys.restrictedReadBy(actor.organisationId, actor.memberId, at, requestId)
      : {}),
    type: 'AUDIT',
    ...event,
  };
}

/** The audit event as a put, to go in the same transaction as the write it records. */
export function auditPut(tableName: string, event: AuditEvent) {
  return {
    Put: {
      TableName: tableName,
      Item: auditItem(event),
      // A second event for the same request and instant would be a bug: never overwrite the trail.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Audit events on their own (reads of restricted material): one Put, or one transaction for
 * several, so a response's events are written all or none.
 */
export async function recordAuditEvents(db: DocumentClient, tableName: string, events: AuditEvent[]) {
  if (events.length === 0) return;
  if (events.length === 1) {
    await db.send(new PutCommand(auditPut(tableName, events[0]!).Put));
    return;
  }
  await transactWrite(
    db,
    events.map((e) => auditPut(tableName, e)),
    () => new Error('an audit event of this request exists already'),
  );
}

/** Strips key and bookkeeping attributes from a stored item. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, type, expiresAt, ...rest } = item;
  return rest as T;
}
