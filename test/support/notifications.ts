import { afterAll } from 'vitest';
import { type Mailbox, startMailbox } from '../../functions/local/mailbox';
import { type LocalNotifications, startLocalNotifications } from '../../functions/local/notifier';
import { createTestPortal } from './portal';

/**
 * A test portal with notifications as `npm start` runs them: the real local SMTP mailbox on a
 * free port, and the stream poller that runs the notify job on the portal's own table. Stopped
 * after the file's tests.
 */
export async function createNotifyingPortal(options: Parameters<typeof createTestPortal>[0] = {}) {
  const portal = await createTestPortal(options);
  const mailbox: Mailbox = await startMailbox();
  const notifier: LocalNotifications = await startLocalNotifications({
    dynamo: portal.dynamo,
    tableName: portal.tableName,
    deps: portal.deps,
    mailbox,
    log: () => {},
  });
  afterAll(async () => {
    await notifier.stop();
    await mailbox.stop();
  });
  return { ...portal, mailbox, notifier };
}

export type NotifyingPortal = Awaited<ReturnType<typeof createNotifyingPortal>>;
