/**
 * Notifications at home: the local mailbox, the SMTP sender pointed at it, the stream poller that
 * runs the notify job, and the scheduler of reminders and digests, wired as the Lambdas are in
 * AWS (functions/jobs/notify.handler.ts) but in this process.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { webhookRules } from '../../shared/webhook';
import { SmtpMailSender } from '../adapters/mail/smtp';
import type { Deps } from '../api/env';
import { type NotifyDeps, notifyFromStream } from '../jobs/notify';
import { sendAccessReviewReminders, sendDigests, sendReminders } from '../jobs/reminders';
import { httpWebhookSender } from '../jobs/webhook-sender';
import { retryWebhooks, type WebhookDeps, webhooksFromStream } from '../jobs/webhooks';
import type { ReminderStore } from '../ports';
import type { Mailbox } from './mailbox';
import { type Scheduler, startScheduler } from './scheduler';
import { startStreamPoller } from './stream-poller';

/** The sender of local mail. */
export const localMailFrom = 'Alliance portal <no-reply@alliance.localhost>';

export interface LocalNotifications {
  notifyDeps: NotifyDeps;
  /** The webhook job's, as the webhooks Lambda's in AWS (functions/jobs/webhooks.handler.ts). */
  webhookDeps: WebhookDeps;
  /** Reminders and digests; `tick()` runs them at the clock's now. */
  scheduler: Scheduler;
  /** Resolves once every event written before the call has been handled. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalNotifications(options: {
  dynamo: DynamoDBClient;
  tableName: string;
  deps: Deps;
  mailbox: Pick<Mailbox, 'host' | 'port'>;
  now?: () => Date;
  /** How often reminders and digests run (npm start: every minute); tests tick the scheduler themselves. */
  scheduleEveryMs?: number;
  log?: (message: string) => void;
}): Promise<LocalNotifications> {
  const sender = new SmtpMailSender(
    { host: options.mailbox.host, port: options.mailbox.port },
    localMailFrom,
  );
  const log = options.log ?? ((m: string) => console.error(`alliance-portal: ${m}`));
  const notifyDeps: NotifyDeps = {
    directory: options.deps.directory,
    bulletins: options.deps.bulletins,
    documents: options.deps.documents,
    checklists: options.deps.checklists,
    notifications: options.deps.notifications as NotifyDeps['notifications'] & ReminderStore,
    mail: sender,
    unsubscribe: options.deps.unsubscribe,
    publicBaseUrl: options.deps.publicBaseUrl,
    now: options.now ?? options.deps.now,
    onError: (error) =>
      log(`notify failed, retrying: ${error instanceof Error ? error.message : String(error)}`),
  };
  const poller = await startStreamPoller({
    dynamo: options.dynamo,
    tableName: options.tableName,
    handle: (records) => notifyFromStream(records, notifyDeps),
    onError: (error) =>
      log(`reading the table's stream failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  // The webhook job reads the same stream on its own, as its Lambda has its own event source mapping.
  const webhookDeps: WebhookDeps = {
    webhooks: options.deps.webhooks,
    bulletins: options.deps.bulletins,
    sender: httpWebhookSender(options.deps.webhookTargets, webhookRules.attemptTimeoutMs),
    notify: notifyDeps,
    now: notifyDeps.now,
    onError: (error) =>
      log(`webhooks failed, retrying: ${error instanceof Error ? error.message : String(error)}`),
  };
  const hookPoller = await startStreamPoller({
    dynamo: options.dynamo,
    tableName: options.tableName,
    handle: (records) => webhooksFromStream(records, webhookDeps),
    onError: (error) =>
      log(`reading the table's stream failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  const reminderDeps = {
    ...notifyDeps,
    bulletins: options.deps.bulletins,
    documents: options.deps.documents,
  };
  const scheduler = startScheduler({
    now: notifyDeps.now,
    jobs: [
      (now) => sendReminders(reminderDeps, now),
      (now) => sendAccessReviewReminders(notifyDeps, now),
      (now) => sendDigests(notifyDeps, now),
      (now) => retryWebhooks(webhookDeps, now),
    ],
    ...(options.scheduleEveryMs !== undefined ? { everyMs: options.scheduleEveryMs } : {}),
    onError: (error) => log(`reminders failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  return {
    notifyDeps,
    webhookDeps,
    scheduler,
    settled: async () => {
      await Promise.all([poller.idle(), hookPoller.idle()]);
    },
    async stop() {
      scheduler.stop();
      await Promise.all([poller.stop(), hookPoller.stop()]);
      sender.close();
    },
  };
}
