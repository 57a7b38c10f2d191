/**
 * Copies every audit event, as it lands in the table, into the audit bucket whose Object Lock
 * (compliance mode) keeps it unchangeable for the retention period. An insider with write access
 * to the table can alter the trail there, but not the archived copy: comparing the two
 * (`findTampering`) shows any change. Runs as a Lambda on the table's DynamoDB stream.
 */
import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditEvent } from '../../shared';
import { auditArchivePrefix } from '../../shared/files';

/** The part of a DynamoDB stream record this job reads. */
export interface StreamRecord {
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  dynamodb?: { NewImage?: Record<string, AttributeValue>; OldImage?: Record<string, AttributeValue> };
}

/** Canonical JSON (sorted keys), so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const eventDigest = (event: AuditEvent) =>
  createHash('sha256').update(canonicalJson(event)).digest('hex');

/** Where an event's archived copy lives: by organisation and day, named by time and request. */
export const archiveKey = (event: AuditEvent) =>
  `${auditArchivePrefix}${event.organisationId}/${event.at.slice(0, 10)}/${event.at}_${event.requestId}.json`;

const auditFields = [
  'at',
  'requestId',
  'actor',
  'action',
  'object',
  'organisationId',
  'sourceIp',
  'details',
] as const;

function toAuditEvent(item: Record<string, unknown>): AuditEvent {
  const event: Record<string, unknown> = {};
  for (const field of auditFields) if (item[field] !== undefined) event[field] = item[field];
  return event as unknown as AuditEvent;
}

/**
 * Archives the audit events among the records. Only inserts of audit items count; a MODIFY or
 * REMOVE of an audit item is itself a sign of tampering and is archived as such.
 */
export async function archiveAuditEvents(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  records: StreamRecord[],
) {
  let archived = 0;
  for (const record of records) {
    const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
    if (!image) continue;
    const item = unmarshall(image);
    if (item.type !== 'AUDIT') continue;
    const event = toAuditEvent(item);
    const body = JSON.stringify({ event, sha256: eventDigest(event) });
    const key =
      record.eventName === 'INSERT'
        ? archiveKey(event)
        : `${archiveKey(event)}.${record.eventName ?? 'CHANGE'}.${Date.now()}`;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        // Object Lock requires an integrity checksum on every write.
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    archived += 1;
  }
  return archived;
}

/** Events whose stored form no longer matches the archived digest, or that are missing from the store. */
export interface Tampering {
  key: string;
  problem: 'missing from the table' | 'changed in the table';
}

export function findTampering(
  stored: AuditEvent[],
  archived: { event: AuditEvent; sha256: string }[],
): Tampering[] {
  const byKey = new Map(stored.map((e) => [archiveKey(e), e]));
  return archived.flatMap(({ event, sha256 }): Tampering[] => {
    const current = byKey.get(archiveKey(event));
    if (!current) return [{ key: archiveKey(event), problem: 'missing from the table' }];
    return eventDigest(current) === sha256
      ? []
      : [{ key: archiveKey(event), problem: 'changed in the table' }];
  });
}
