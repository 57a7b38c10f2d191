import type { Notification, Preferences } from '../../shared/notification';

/** What the notify job stores with a notification that waits for the member's digest. */
export interface DigestEntry {
  memberId: string;
  email: string;
  notification: Notification;
}

/** Notifications, preferences and the marks that keep delivery at most once (docs/notifications.md). */
export interface NotificationStore {
  /**
   * Stores the notification and raises the unread count, and queues it for the digest when
   * `digest` is given, in one transaction; false (and nothing written) when it exists already,
   * as it does when a stream batch is replayed.
   */
  add(memberId: string, notification: Notification, digest?: { email: string }): Promise<boolean>;
  /** The member's notifications, newest first; `after` is a position this method returned. */
  list(
    memberId: string,
    page: { limit: number; after?: string; unreadOnly: boolean },
  ): Promise<{ items: Notification[]; next?: string }>;
  unreadCount(memberId: string): Promise<number>;
  /** Marks these as read (unknown or read ones are left alone); the number that changed. */
  markRead(memberId: string, ids: readonly string[]): Promise<number>;
  /** Marks every unread notification read; the number that changed. */
  markAllRead(memberId: string): Promise<number>;
  getPreferences(memberId: string): Promise<Preferences>;
  putPreferences(memberId: string, preferences: Preferences): Promise<void>;
  /**
   * Claims the sending of one mail (conditional put of its mark): true once, false ever after,
   * so a replayed batch or a restarted job never mails twice. `release` gives the claim back when
   * the send failed, so the retry can send it.
   */
  claimMail(memberId: string, mailKey: string, at: string): Promise<boolean>;
  releaseMail(memberId: string, mailKey: string): Promise<void>;
  /** Every notification waiting for a digest, by member. */
  pendingDigests(): Promise<Map<string, DigestEntry[]>>;
  /** Removes these entries from the digest queue and records the local date of this digest. */
  digestSent(memberId: string, ids: readonly string[], date: string): Promise<void>;
  lastDigestDate(memberId: string): Promise<string | null>;
  /** Addresses SES reported as bouncing or complaining are not mailed again. */
  markBouncing(email: string, at: string, reason: string): Promise<boolean>;
  isBouncing(email: string): Promise<boolean>;
}

/** Items with a due date that reminders run for (the reminder job reads them once a day). */
export interface ReminderEntry {
  itemType: 'bulletin' | 'document' | 'checklist';
  itemId: string;
  dueAt: string;
}

export interface ReminderStore {
  /** Adds or moves the entry (a revision may change the due date). */
  track(entry: ReminderEntry): Promise<void>;
  /** The item is done or withdrawn: no more reminders. */
  untrack(itemType: string, itemId: string): Promise<void>;
  tracked(): Promise<ReminderEntry[]>;
}
