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
  // The scheduler's clock: the portal's, moved on by the test (never the machine's).
  let offsetMs = 0;
  const schedulerClock = {
    now: () => new Date(portal.deps.now().getTime() + offsetMs),
    set: (at: Date) => {
      offsetMs = at.getTime() - portal.deps.now().getTime();
    },
  };
  const notifier: LocalNotifications = await startLocalNotifications({
    dynamo: portal.dynamo,
    tableName: portal.tableName,
    deps: portal.deps,
    mailbox,
    now: schedulerClock.now,
    log: () => {},
  });
  afterAll(async () => {
    await notifier.stop();
    await mailbox.stop();
  });
  /** Runs reminders and digests as if it were `at`. */
  const tickAt = async (at: Date) => {
    schedulerClock.set(at);
    await notifier.scheduler.tick();
  };
  return { ...portal, mailbox, notifier, tickAt };
}

export type NotifyingPortal = Awaited<ReturnType<typeof createNotifyingPortal>>;
