/**
 * Copies every audit event, as it lands in the table, into the audit bucket whose Object Lock
 * (compliance mode) keeps it unchangeable for the retention period. An insider with write access
 * to the table can alter the trail there, but not the archived copy: comparing the two
 * (`findTampering`) shows any change. Runs as a Lambda on the table's DynamoDB stream.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditEvent } from '../../shared';
import { archiveKey, eventDigest, toAuditEvent } from './audit-evidence';
import { emitMetric } from './metrics';

export { archiveKey, canonicalJson, eventDigest, findTampering, type Tampering } from './audit-evidence';

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
  emit: typeof emitMetric = emitMetric,
): Promise<ArchiveOutcome> {
  let archived = 0;
  for (const record of records) {
    try {
      if (await archiveRecord(s3, bucket, record, emit)) archived += 1;
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
async function archiveRecord(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  record: StreamRecord,
  emit: typeof emitMetric,
) {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  if (!image) return false;
  const item = unmarshall(image);
  if (item.type !== 'AUDIT') return false;
  const event = toAuditEvent(item);
  if (record.eventName !== 'INSERT') {
    // The trail was rewritten: the metric's alarm calls someone within minutes (a retried
    // record counts again, which only repeats the alarm).
    emit('auditItemsChanged', 1, {
      eventName: record.eventName ?? 'CHANGE',
      key: archiveKey(event),
      sequenceNumber: record.dynamodb?.SequenceNumber,
    });
  }
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
