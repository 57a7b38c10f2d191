import type { AuditEvent } from '../../../shared/audit';
import { keys } from '../../../shared/table';

/** The audit event as a table item, to go in the same transaction as the write it records. */
export function auditPut(tableName: string, event: AuditEvent) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.audit(event.organisationId, event.at, event.requestId), type: 'AUDIT', ...event },
      // A second event for the same request and instant would be a bug: never overwrite the trail.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Strips key and bookkeeping attributes from a stored item. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, type, expiresAt, ...rest } = item;
  return rest as T;
}
