import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createS3Client } from '../adapters/s3/files';
import { archiveAuditEvents, type StreamRecord } from './audit-archive';

const bucket = process.env.AUDIT_BUCKET;
if (!bucket) throw new Error('AUDIT_BUCKET is not set');
const s3 = createS3Client();

/** Lambda entry on the table's stream (filtered to audit items by the event source mapping). */
export const handler = async (event: DynamoDBStreamEvent) => {
  await archiveAuditEvents(s3, bucket, event.Records as StreamRecord[]);
};
