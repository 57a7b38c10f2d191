import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { webhookRules } from '../../shared/webhook';
import { DynamoBulletinStore } from '../adapters/dynamodb/bulletin-store';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoWebhookStore } from '../adapters/dynamodb/webhook-store';
import { requiredSetting } from '../settings/environment';
import { linksReady, notifyDeps } from './notify.handler';
import { httpWebhookSender } from './webhook-sender';
import { retryWebhooks, type WebhookDeps, webhooksFromStream } from './webhooks';

const db = createDocumentClient();
const tableName = requiredSetting('tableName');

/** The webhook job in AWS: https:// addresses of the public internet only, checked at connection. */
const deps: WebhookDeps = {
  webhooks: new DynamoWebhookStore(db, tableName),
  bulletins: new DynamoBulletinStore(db, tableName),
  sender: httpWebhookSender({ allowLoopbackHttp: false }, webhookRules.attemptTimeoutMs),
  notify: notifyDeps,
  now: () => new Date(),
  onError: (error, record) =>
    console.error('Webhooks failed; the batch is retried from this record', {
      sequenceNumber: record.dynamodb?.SequenceNumber,
      error: error instanceof Error ? error.message : String(error),
    }),
};

/**
 * One Lambda, two triggers (infra/constructs/webhooks.ts): the table's stream (new audit items of
 * bulletin events, filtered by the event source mapping) posts each delivery at once; the
 * one-minute EventBridge schedule retries what is due and pauses endpoints failing for a day.
 */
export const handler = async (
  event: DynamoDBStreamEvent | { 'detail-type'?: string },
): Promise<DynamoDBBatchResponse | { retried: number; paused: number }> => {
  if ('Records' in event) {
    const { failedSequenceNumber } = await webhooksFromStream(event.Records, deps);
    return { batchItemFailures: failedSequenceNumber ? [{ itemIdentifier: failedSequenceNumber }] : [] };
  }
  // A pause notice mails the org admins with an unsubscribe link signed with the current key.
  await linksReady();
  return retryWebhooks(deps, new Date());
};
