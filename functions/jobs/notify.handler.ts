import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { DynamoBulletinStore } from '../adapters/dynamodb/bulletin-store';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoDirectoryStore } from '../adapters/dynamodb/directory-store';
import { DynamoDocumentStore } from '../adapters/dynamodb/document-store';
import { DynamoNotificationStore } from '../adapters/dynamodb/notification-store';
import { SesMailSender } from '../adapters/mail/ses';
import { publicBaseUrl } from '../api/public-site';
import { UnsubscribeTokens, unsubscribeKeyFromEnvironment } from '../api/unsubscribe-token';
import { environmentVariables, requiredSetting } from '../settings/environment';
import { type NotifyDeps, notifyFromStream } from './notify';

const tableName = requiredSetting('tableName');
const db = createDocumentClient();

/** The notify job's dependencies in AWS (the same adapters as the API's, SES for mail). */
export const notifyDeps: NotifyDeps = {
  directory: new DynamoDirectoryStore(db, tableName),
  bulletins: new DynamoBulletinStore(db, tableName),
  documents: new DynamoDocumentStore(db, tableName),
  notifications: new DynamoNotificationStore(db, tableName),
  mail: new SesMailSender(
    new SESv2Client({}),
    requiredSetting('mailFrom'),
    requiredSetting('sesConfigurationSet'),
  ),
  unsubscribe: new UnsubscribeTokens(unsubscribeKeyFromEnvironment()),
  publicBaseUrl: publicBaseUrl(process.env[environmentVariables.publicBaseUrl]),
  now: () => new Date(),
  onError: (error, record) =>
    console.error('Notify failed; the batch is retried from this record', {
      sequenceNumber: record.dynamodb?.SequenceNumber,
      error: error instanceof Error ? error.message : String(error),
    }),
};

/**
 * Lambda entry on the table's stream (filtered to the audit items of notifying actions by the
 * event source mapping). Names the first record it could not handle, so Lambda retries from there
 * (ReportBatchItemFailures); deduplication makes the retry harmless.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { failedSequenceNumber } = await notifyFromStream(event.Records, notifyDeps);
  return { batchItemFailures: failedSequenceNumber ? [{ itemIdentifier: failedSequenceNumber }] : [] };
};
