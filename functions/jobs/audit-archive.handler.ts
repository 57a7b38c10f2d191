import { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { requiredSetting } from '../settings/environment';
import { archiveAuditEvents, type StreamRecord } from './audit-archive';

const bucket = requiredSetting('auditBucket');
// The SDK's defaults suffice: each PutObject names its checksum (SHA256) itself. Not the files
// adapter's `createS3Client`: that module also sends GetObject and HeadObject, and the
// least-privilege test reads bundled modules whole, while this job may only PutObject.
const s3 = new S3Client({});

/**
 * Lambda entry on the table's stream (filtered to audit items by the event source mapping). Names
 * the first record it could not archive, so Lambda retries from there (ReportBatchItemFailures).
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { failedSequenceNumber } = await archiveAuditEvents(s3, bucket, event.Records as StreamRecord[]);
  return { batchItemFailures: failedSequenceNumber ? [{ itemIdentifier: failedSequenceNumber }] : [] };
};
