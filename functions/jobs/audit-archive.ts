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
  dynamodb?: {
    /** Orders the records of a shard; Lambda retries a batch from the one reported as failed. */
    SequenceNumber?: string;
    NewImage?: Record<string, AttributeValue>;
    OldImage?: Record<string, AttributeValue>;
  };
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

/** How far a batch got: the number archived, and the record whose archiving failed, if one did. */
export interface ArchiveOutcome {
  archived: number;
  /** Sequence number of the first record that failed; the records after it were not tried. */
  failedSequenceNumber?: string;
}

/**
 * Archives the audit events among the records, in stream order. Only inserts of audit items
 * count; a MODIFY or REMOVE of an audit item is itself a sign of tampering and is archived as
 * such. Stops at the first record that fails and names it, so Lambda retries from that record
 * on (a partial batch response) and does not re-archive the ones before it. A failing record
 * without a sequence number cannot be named: the error is thrown and the whole batch retried.
 */
export async function archiveAuditEvents(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  records: StreamRecord[],
): Promise<ArchiveOutcome> {
  let archived = 0;
  for (const record of records) {
    try {
      if (await archiveRecord(s3, bucket, record)) archived += 1;
    } catch (error) {
      const failedSequenceNumber = record.dynamodb?.SequenceNumber;
      if (!failedSequenceNumber) throw error;
      // The invocation succeeds, so Lambda does not log this failure itself.
      console.error('Audit archive write failed; the batch is retried from this record', {
        sequenceNumber: failedSequenceNumber,
        error: error instanceof Error ? error.message : String(error),
      });
      return { archived, failedSequenceNumber };
    }
  }
  return { archived };
}

/** Puts one record's copy into the bucket; false when the record is not an audit item. */
async function archiveRecord(s3: Pick<S3Client, 'send'>, bucket: string, record: StreamRecord) {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  if (!image) return false;
  const item = unmarshall(image);
  if (item.type !== 'AUDIT') return false;
  const event = toAuditEvent(item);
  const body = JSON.stringify({ event, sha256: eventDigest(event) });
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: recordKey(record, event),
      Body: body,
      ContentType: 'application/json',
      // Object Lock requires an integrity checksum on every write.
      ChecksumAlgorithm: 'SHA256',
    }),
  );
  return true;
}

/**
 * An insert is archived under the event's own key; a change or removal beside it, named by its
 * stream sequence number. Both are the same on every retry, so a retried record overwrites its
 * earlier copy (a new version under Object Lock) rather than adding a second one.
 */
function recordKey(record: StreamRecord, event: AuditEvent) {
  if (record.eventName === 'INSERT') return archiveKey(event);
  const change = record.dynamodb?.SequenceNumber ?? String(Date.now());
  return `${archiveKey(event)}.${record.eventName ?? 'CHANGE'}.${change}`;
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
