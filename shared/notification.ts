import * as z from 'zod';
import { canSee, isRestricted, type LabelledItem, type TlpLabel, TlpLabel as TlpSchema } from './tlp';
import type { Viewer } from './viewer';

/**
 * Notifications (issue 12): what a member is told, who is told, and what an e-mail may say. Pure
 * rules; the notify job and the API store and send them. The one rule that matters most: a mail
 * never carries the title, summary, body or file of anything above TLP:GREEN — only its label,
 * its publisher, its kind and a link that needs sign-in.
 */

export const NotifiedItemType = z.enum(['bulletin', 'document', 'checklist']);
export type NotifiedItemType = z.infer<typeof NotifiedItemType>;

export const NotificationKind = z.enum([
  /** Addressed to the member's organisation and published. */
  'published',
  /** Materially revised: acknowledge again. */
  'revised',
  /** An acknowledgement the member's organisation asked for arrived. */
  'acknowledged',
  'due_in_7_days',
  'due_tomorrow',
  'due_today',
  'overdue',
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const Notification = z.object({
  id: z.string(),
  kind: NotificationKind,
  itemType: NotifiedItemType,
  itemId: z.string(),
  tlp: TlpSchema,
  /** The organisation the event is about: the publisher, or the one that acknowledged. */
  organisationId: z.string(),
  createdAt: z.iso.datetime(),
  read: z.boolean(),
});
export type Notification = z.infer<typeof Notification>;

/** A member who may be told, as the directory lists them. */
export interface Addressee {
  memberId: string;
  email: string;
  organisationId: string;
  role: Viewer['role'];
  active: boolean;
}

/**
 * Who is told that an item was published or revised: active members of its recipient
 * organisations who may see it (a TLP:RED item tells only its named members), never its author.
 */
export function audienceOf(
  item: LabelledItem & { recipients: { organisations: readonly string[]; members: readonly string[] } },
  members: readonly Addressee[],
): Addressee[] {
  return members.filter(
    (m) =>
      m.active &&
      m.memberId !== item.authorId &&
      item.recipients.organisations.includes(m.organisationId) &&
      canSee({ memberId: m.memberId, organisationId: m.organisationId, email: m.email, role: m.role }, item),
  );
}

/** What an e-mail may say of an item: title and summary up to TLP:GREEN, the label alone above. */
export interface MailedItem {
  itemType: NotifiedItemType;
  tlp: TlpLabel;
  title: string;
  summary: string;
  /** The publisher's name, as the directory spells it. */
  publisher: string;
  /** The item's page; it needs sign-in. */
  link: string;
}

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

const what: Record<NotifiedItemType, string> = {
  bulletin: 'bulletin',
  document: 'best-practice document',
  checklist: 'checklist',
};

const headline: Record<NotificationKind, (publisher: string, label: string, type: string) => string> = {
  published: (publisher, label, type) => `${publisher} posted a ${label} ${type} for you`,
  revised: (publisher, label, type) => `${publisher} revised a ${label} ${type}: please acknowledge it again`,
  acknowledged: (publisher, label, type) => `${publisher} acknowledged your ${label} ${type}`,
  due_in_7_days: (publisher, label, type) => `A ${label} ${type} from ${publisher} is due in 7 days`,
  due_tomorrow: (publisher, label, type) => `A ${label} ${type} from ${publisher} is due tomorrow`,
  due_today: (publisher, label, type) => `A ${label} ${type} from ${publisher} is due today`,
  overdue: (publisher, label, type) => `A ${label} ${type} from ${publisher} is overdue`,
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The content a mail may carry of this item: none of it above TLP:GREEN. */
export const mayMailContent = (tlp: TlpLabel): boolean => !isRestricted(tlp);

/**
 * The mail of one notification. Above TLP:GREEN it names the label, the publisher, the kind of
 * item and a link, and nothing of the item's content; GREEN and CLEAR add the title and summary.
 */
export function mailOf(kind: NotificationKind, item: MailedItem, preferencesLink: string): Mail {
  const line = headline[kind](item.publisher, item.tlp, what[item.itemType]);
  const content = mayMailContent(item.tlp) ? [item.title, item.summary] : [];
  const restrictedNote = mayMailContent(item.tlp)
    ? []
    : [`Its content stays in the portal: ${item.tlp} material is never sent by e-mail.`];
  const text = [
    line,
    '',
    ...content.flatMap((c) => [c, '']),
    ...restrictedNote,
    `Open it (sign-in needed): ${item.link}`,
    '',
    `Choose which e-mails you get: ${preferencesLink}`,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(line)}</p>`,
    ...content.map((c) => `<p>${escapeHtml(c)}</p>`),
    ...restrictedNote.map((n) => `<p>${escapeHtml(n)}</p>`),
    `<p><a href="${escapeHtml(item.link)}">Open it in the portal</a> (sign-in needed)</p>`,
    `<p><a href="${escapeHtml(preferencesLink)}">Choose which e-mails you get</a></p>`,
  ].join('\n');
  return { subject: line, text, html };
}

// ---------------------------------------------------------------------------------------------
// Reminders

const dayMs = 24 * 60 * 60 * 1000;

/** A reminder step: its kind and a key that is the same each time the same step comes round. */
export interface ReminderStep {
  kind: 'due_in_7_days' | 'due_tomorrow' | 'due_today' | 'overdue';
  /** `due_in_7_days`, …, `overdue#1`, `overdue#2` (one a week). */
  key: string;
  at: Date;
}

/**
 * The reminder that is due at `now` for something due at `dueAt`, if any: 7 days before, the day
 * before, on the due day (its first instant in UTC), then every week once overdue. Only the latest
 * step reached is given (a job that slept does not send a row of stale reminders), never one in
 * `sent`, and none once the item is done.
 */
export function reminderDue(
  dueAt: Date,
  now: Date,
  sent: ReadonlySet<string>,
  done: boolean,
): ReminderStep | null {
  if (done) return null;
  const due = dueAt.getTime();
  const dueDay = Date.UTC(dueAt.getUTCFullYear(), dueAt.getUTCMonth(), dueAt.getUTCDate());
  const t = now.getTime();
  let step: ReminderStep | null = null;
  if (t >= due) {
    const week = Math.floor((t - due) / (7 * dayMs)) + 1;
    step = { kind: 'overdue', key: `overdue#${week}`, at: new Date(due + (week - 1) * 7 * dayMs) };
  } else if (t >= dueDay) step = { kind: 'due_today', key: 'due_today', at: new Date(dueDay) };
  else if (t >= due - dayMs) step = { kind: 'due_tomorrow', key: 'due_tomorrow', at: new Date(due - dayMs) };
  else if (t >= due - 7 * dayMs) {
    step = { kind: 'due_in_7_days', key: 'due_in_7_days', at: new Date(due - 7 * dayMs) };
  }
  return step && !sent.has(step.key) ? step : null;
}

// ---------------------------------------------------------------------------------------------
// Preferences

export const Delivery = z.enum(['immediate', 'digest', 'off']);
export type Delivery = z.infer<typeof Delivery>;

/** The kinds of e-mail a member chooses for, each on its own. */
export const MailTopic = z.enum(['restricted_items', 'other_items', 'receipts', 'reminders', 'overdue']);
export type MailTopic = z.infer<typeof MailTopic>;

export const Preferences = z.strictObject({
  /** IANA time zone of the daily digest, e.g. Europe/Brussels. */
  timeZone: z.string().min(1).max(64),
  /** The local hour (0–23) the daily digest is sent at. */
  digestHour: z.number().int().min(0).max(23),
  topics: z.record(MailTopic, Delivery),
});
export type Preferences = z.infer<typeof Preferences>;

/** Immediate for bulletins and documents at AMBER and above and for overdue items; a digest for the rest. */
export const defaultPreferences: Preferences = {
  timeZone: 'Europe/Brussels',
  digestHour: 8,
  topics: {
    restricted_items: 'immediate',
    other_items: 'digest',
    receipts: 'digest',
    reminders: 'digest',
    overdue: 'immediate',
  },
};

/** Which of the member's choices decides the mail of this notification. */
export function topicOf(kind: NotificationKind, itemType: NotifiedItemType, tlp: TlpLabel): MailTopic {
  if (kind === 'overdue') return 'overdue';
  if (kind === 'due_in_7_days' || kind === 'due_tomorrow' || kind === 'due_today') return 'reminders';
  if (kind === 'acknowledged') return 'receipts';
  return itemType !== 'checklist' && isRestricted(tlp) ? 'restricted_items' : 'other_items';
}

export const deliveryOf = (
  preferences: Preferences,
  kind: NotificationKind,
  itemType: NotifiedItemType,
  tlp: TlpLabel,
) =>
  preferences.topics[topicOf(kind, itemType, tlp)] ?? defaultPreferences.topics[topicOf(kind, itemType, tlp)];
