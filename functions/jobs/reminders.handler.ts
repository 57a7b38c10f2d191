import { DynamoBulletinStore } from '../adapters/dynamodb/bulletin-store';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoDocumentStore } from '../adapters/dynamodb/document-store';
import { requiredSetting } from '../settings/environment';
import { linksReady, notifyDeps } from './notify.handler';
import { sendAccessReviewReminders, sendDigests, sendReminders } from './reminders';

const db = createDocumentClient();
const tableName = requiredSetting('tableName');

/**
 * Lambda entry of the hourly schedule (an EventBridge rule): reminders whose step has come (items,
 * then access reviews), then the digests of members whose chosen hour it is in their time zone. Deterministic ids make a
 * retried or doubled run harmless (docs/notifications.md).
 */
export const handler = async (): Promise<{ notified: number; mailed: number }> => {
  await linksReady();
  const now = new Date();
  const reminders = await sendReminders(
    {
      ...notifyDeps,
      bulletins: new DynamoBulletinStore(db, tableName),
      documents: new DynamoDocumentStore(db, tableName),
    },
    now,
  );
  const reviews = await sendAccessReviewReminders(notifyDeps, now);
  const digests = await sendDigests(notifyDeps, now);
  return {
    notified: reminders.notified + reviews.notified,
    mailed: reminders.mailed + reviews.mailed + digests.mailed,
  };
};
