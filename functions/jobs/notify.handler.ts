import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { DynamoBulletinStore } from '../adapters/dynamodb/bulletin-store';
import { DynamoChecklistStore } from '../adapters/dynamodb/checklist-store';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoDirectoryStore } from '../adapters/dynamodb/directory-store';
import { DynamoDocumentStore } from '../adapters/dynamodb/document-store';
import { DynamoNotificationStore } from '../adapters/dynamodb/notification-store';
import { SesMailSender } from '../adapters/mail/ses';
import { secretsManagerKeys } from '../api/keys';
import { publicBaseUrl } from '../api/public-site';
import { rekeyFrom, UnsubscribeTokens } from '../api/unsubscribe-token';
import { environmentVariables, requiredSetting } from '../settings/environment';
import { type NotifyDeps, notifyFromStream } from './notify';

const tableName = requiredSetting('tableName');
const db = createDocumentClient();
/** Unsubscribe links are signed with a key from the cursor secret, read at run time (functions/api/unsubscribe-token.ts). */
const linkKeys = secretsManagerKeys(requiredSetting('cursorKeySecret'));
// Keyed by `linksReady()` before any mail is signed; until then a random key signs nothing valid.
const unsubscribe = new UnsubscribeTokens(crypto.getRandomValues(new Uint8Array(32)));
/** Brings the link key up to date (cached by Powertools, so cheap per invocation). */
export const linksReady = () => rekeyFrom(unsubscribe, linkKeys);

/** The notify job's dependencies in AWS (the same adapters as the API's, SES for mail). */
export const notifyDeps: NotifyDeps = {
  directory: new DynamoDirectoryStore(db, tableName),
  bulletins: new DynamoBulletinStore(db, tableName),
  documents: new DynamoDocumentStore(db, tableName),
  checklists: new DynamoChecklistStore(db, tableName),
  notifications: new DynamoNotificationStore(db, tableName),
  mail: new SesMailSender(
    new SESv2Client({}),
    requiredSetting('mailFrom'),
    requiredSetting('sesConfigurationSet'),
  ),
  unsubscribe,
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
  await linksReady();
  const { failedSequenceNumber } = await notifyFromStream(event.Records, notifyDeps);
  return { batchItemFailures: failedSequenceNumber ? [{ itemIdentifier: failedSequenceNumber }] : [] };
};
