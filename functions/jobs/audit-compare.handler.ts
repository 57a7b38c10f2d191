import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredSetting } from '../settings/environment';
import { compareAuditTrail } from './audit-compare';

const bucket = requiredSetting('auditBucket');
const tableName = requiredSetting('tableName');
// Clients of its own, not the adapters': the least-privilege test reads bundled modules whole,
// and this job may only Query the table and list and read the archive.
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});

/** Runs once a day (EventBridge schedule): the differences are logged and counted in a metric. */
export const handler = async (): Promise<{ differences: number }> => {
  const differences = await compareAuditTrail({ db, tableName, s3, bucket, now: new Date() });
  return { differences: differences.length };
};
