import * as z from 'zod';
import { accessReviewDueAt } from './access-review';
import { mailTopics } from './mail-topics';
import { malwareFoundAction } from './malware-scan';
import { fill, type MailLanguage, mailCatalogue, mailLanguages } from './notification-messages';
import { canSee, isRestricted, type LabelledItem, type TlpLabel, TlpLabel as TlpSchema } from './tlp';
import type { Viewer } from './viewer';

export { type MailLanguage, mailLanguages } from './notification-messages';

/**
 * Notifications (issue 12): what a member is told, who is told, and what an e-mail may say. Pure
 * rules; the notify job and the API store and send them. The one rule that matters most: a mail
 * never carries the title, summary, body or file of anything above TLP:GREEN — only its label,
 * its publisher, its kind and a link that needs sign-in.
 */

/** `member`: an org admin's notice that a member of their organisation was invited or suspended. */
export const NotifiedItemType = z.enum(['bulletin', 'document', 'checklist', 'member']);
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
  /** To the author organisation's members: who is overdue (one a week, with the overdue reminders). */
  'overdue_summary',
  /** To org admins: a member of their organisation was invited. */
  'member_invited',
  /** To org admins: a member of their organisation was suspended. */
  'member_suspended',
  /** To org admins: a file their organisation shared was found infected when someone asked for it. */
  'malware_found',
  /** To org admins: their organisation's access review falls due (7 days before, the day before, the day). */
  'access_review_due',
  /** To org admins: their organisation's access review is overdue (weekly until done). */
  'access_review_overdue',
  /** To org admins: a webhook of their organisation failed for a day and was paused (docs/interoperability.md). */
  'webhook_paused',
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const Notification = z.object({
  id: z.string(),
  kind: NotificationKind,
  itemType: NotifiedItemType,
  itemId: z.string(),
  /** The item's label; null for member notices, which carry no shared item. */
  tlp: TlpSchema.nullable(),
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
/** A member to be told, as `canSee` reads a viewer. */
export const viewerOfAddressee = (m: Addressee): Viewer => ({
  memberId: m.memberId,
  organisationId: m.organisationId,
  email: m.email,
  role: m.role,
});

export function audienceOf(
  item: LabelledItem & { recipients: { organisations: readonly string[]; members: readonly string[] } },
  members: readonly Addressee[],
): Addressee[] {
  return members.filter(
    (m) =>
      m.active &&
      m.memberId !== item.authorId &&
      item.recipients.organisations.includes(m.organisationId) &&
      canSee(viewerOfAddressee(m), item),
  );
}

/** What an e-mail may say of an item: title and summary up to TLP:GREEN, the label alone above. */
export interface MailedItem {
  itemType: NotifiedItemType;
  /** Null for member notices: they name no shared item and say nothing of the member. */
  tlp: TlpLabel | null;
  title: string;
  summary: string;
  /** The publisher's name, as the directory spells it (for member notices: the organisation's). */
  publisher: string;
  /** The item's page; it needs sign-in. */
  link: string;
  /** `overdue_summary`: the names of the organisations that have not acknowledged. */
  overdueOrganisations?: readonly string[];
}

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

/** Links every mail carries besides the item's: preferences, and the one-click unsubscribe of its kind. */
export interface MailLinks {
  preferences: string;
  /** RFC 8058: also sent as `List-Unsubscribe`; the mail sender adds the headers. */
  unsubscribe?: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The content a mail may carry of this item: none of it above TLP:GREEN, none of a member notice. */
export const mayMailContent = (tlp: TlpLabel | null): boolean => tlp !== null && !isRestricted(tlp);

/** The one line that names the event: label, publisher and kind of item, nothing the item says. */
export function headlineOf(kind: NotificationKind, item: MailedItem, language: MailLanguage = 'en'): string {
  const words = mailCatalogue[language] ?? mailCatalogue.en;
  return fill(words.headline[kind], {
    publisher: item.publisher,
    label: item.tlp ?? '',
    type: words.types[item.itemType],
  }).replace(/ {2,}/g, ' ');
}

/**
 * The mail of one notification. Above TLP:GREEN it names the label, the publisher, the kind of
 * item and a link, and nothing of the item's content; GREEN and CLEAR add the title and summary.
 */
export function mailOf(
  kind: NotificationKind,
  item: MailedItem,
  links: string | MailLinks,
  language: MailLanguage = 'en',
): Mail {
  const { preferences, unsubscribe } = typeof links === 'string' ? { preferences: links } : links;
  const words = mailCatalogue[language] ?? mailCatalogue.en;
  const line = headlineOf(kind, item, language);
  const content = mayMailContent(item.tlp) ? [item.title, item.summary] : [];
  const notes = [
    ...(item.tlp && !mayMailContent(item.tlp) ? [fill(words.restrictedNote, { label: item.tlp })] : []),
    ...(item.overdueOrganisations?.length
      ? [`${words.overdueOrganisations} ${item.overdueOrganisations.join(', ')}`]
      : []),
  ];
  const text = [
    line,
    '',
    ...content.flatMap((c) => [c, '']),
    ...notes.flatMap((n) => [n, '']),
    `${words.open} ${item.link}`,
    '',
    `${words.preferences} ${preferences}`,
    ...(unsubscribe ? [`${words.unsubscribe} ${unsubscribe}`] : []),
  ].join('\n');
  const html = [
    `<p>${escapeHtml(line)}</p>`,
    ...content.map((c) => `<p>${escapeHtml(c)}</p>`),
    ...notes.map((n) => `<p>${escapeHtml(n)}</p>`),
    `<p><a href="${escapeHtml(item.link)}">${escapeHtml(words.openHtml)}</a></p>`,
    `<p><a href="${escapeHtml(preferences)}">${escapeHtml(words.preferences.replace(/:$/, ''))}</a></p>`,
    ...(unsubscribe
      ? [`<p><a href="${escapeHtml(unsubscribe)}">${escapeHtml(words.unsubscribe.replace(/:$/, ''))}</a></p>`]
      : []),
  ].join('\n');
  return { subject: line, text, html };
}

/**
 * One mail for a member's digest: one headline per notification (the same TLP-safe line the
 * immediate mail has, with its link), never any content, whatever the label.
 */
export function digestMailOf(
  entries: readonly { kind: NotificationKind; item: MailedItem }[],
  links: MailLinks,
  language: MailLanguage = 'en',
): Mail {
  const words = mailCatalogue[language] ?? mailCatalogue.en;
  const lines = entries.map(({ kind, item }) => ({
    line: headlineOf(kind, item, language),
    link: item.link,
  }));
  const text = [
    words.digestIntro,
    '',
    ...lines.flatMap(({ line, link }) => [`- ${line}`, `  ${link}`]),
    '',
    `${words.preferences} ${links.preferences}`,
    ...(links.unsubscribe ? [`${words.unsubscribe} ${links.unsubscribe}`] : []),
  ].join('\n');
  const html = [
    `<p>${escapeHtml(words.digestIntro)}</p>`,
    '<ul>',
    ...lines.map(({ line, link }) => `<li><a href="${escapeHtml(link)}">${escapeHtml(line)}</a></li>`),
    '</ul>',
    `<p><a href="${escapeHtml(links.preferences)}">${escapeHtml(words.preferences.replace(/:$/, ''))}</a></p>`,
  ].join('\n');
  return { subject: words.digestSubject, text, html };
}

// ---------------------------------------------------------------------------------------------
// Events and deduplication

/**
 * A notification's id: the same for the same event and member, so a replayed stream batch or a
 * restarted job writes (and mails) it once. It starts with the event's time, so ids sort newest
 * last and the store can keep them in order; the hash part says nothing of the event.
 */
export function notificationId(eventId: string, memberId: string, at: string, hash: (s: string) => string) {
  const time = at.replace(/[-:.TZ]/g, '');
  return `${time}-${hash(`${eventId}\n${memberId}`).slice(0, 24)}`;
}

/** The audit actions that notify, and as what (the notify job reads them off the table's stream). */
export const notifyingActions: Readonly<
  Record<string, { kind: NotificationKind; itemType: NotifiedItemType }>
> = {
  'bulletin.published': { kind: 'published', itemType: 'bulletin' },
  'bulletin.revised': { kind: 'revised', itemType: 'bulletin' },
  'bulletin.acknowledged': { kind: 'acknowledged', itemType: 'bulletin' },
  'document.published': { kind: 'published', itemType: 'document' },
  'document.version_published': { kind: 'revised', itemType: 'document' },
  'document.acknowledged': { kind: 'acknowledged', itemType: 'document' },
  'checklist.published': { kind: 'published', itemType: 'checklist' },
  'member.invited': { kind: 'member_invited', itemType: 'member' },
  'member.suspended': { kind: 'member_suspended', itemType: 'member' },
  // The item type is the file's (`malwareNoticeOf`); evidence has no page of its own.
  [malwareFoundAction]: { kind: 'malware_found', itemType: 'member' },
};

/**
 * What an infected-file notice tells one org admin about: the bulletin or document that holds the
 * file when the admin may see it, otherwise (an item they may not see: a TLP:RED one addressed to
 * others, a RED draft) and for checklist evidence the organisation (`member`: its page). The
 * admin still hears that their organisation's upload was refused, never the id or page of an item
 * outside their need to know.
 */
export function malwareNoticeOf(
  object: { type: string; id: string },
  organisationId: string,
  admin: Viewer,
  item: LabelledItem | null,
): { itemType: NotifiedItemType; itemId: string } {
  if ((object.type === 'bulletin' || object.type === 'document') && item && canSee(admin, item))
    return { itemType: object.type, itemId: object.id };
  return { itemType: 'member', itemId: organisationId };
}

/** A revision notifies only when material (a new acknowledgement round); a typo fix tells nobody. */
export function eventOfAudit(action: string, details: Record<string, unknown> | undefined) {
  const event = notifyingActions[action];
  if (!event) return null;
  if (action === 'bulletin.revised' && details?.material !== true) return null;
  return event;
}

/** Org admins of an organisation, active: who hears that a member was invited or suspended. */
export const orgAdminsOf = (organisationId: string, members: readonly Addressee[], except?: string) =>
  members.filter(
    (m) => m.active && m.role === 'org_admin' && m.organisationId === organisationId && m.memberId !== except,
  );

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

/**
 * The access-review reminder due at `now` for an organisation whose last review was completed at
 * `lastCompletedAt` (docs/member-access.md: one every 90 days), with the same steps as items. The
 * key names the review it follows, so a new review starts the steps again and none repeats.
 */
export function accessReviewReminderDue(
  lastCompletedAt: string,
  now: Date,
): { kind: 'access_review_due' | 'access_review_overdue'; key: string; at: Date } | null {
  const dueAt = accessReviewDueAt(lastCompletedAt);
  const step = dueAt ? reminderDue(new Date(dueAt), now, new Set(), false) : null;
  if (!step) return null;
  return {
    kind: step.kind === 'overdue' ? 'access_review_overdue' : 'access_review_due',
    key: `${lastCompletedAt}/${step.key}`,
    at: step.at,
  };
}

// ---------------------------------------------------------------------------------------------
// Preferences

export const Delivery = z.enum(['immediate', 'digest', 'off']);
export type Delivery = z.infer<typeof Delivery>;

/**
 * The kinds of e-mail a member chooses for, each on its own (the event kinds grouped as members
 * think of them: a RED bulletin and a GREEN one are different kinds of mail). Each has its own
 * one-click unsubscribe.
 */
export const MailTopic = z.enum(mailTopics);
export type MailTopic = z.infer<typeof MailTopic>;

/** An IANA time zone the runtime knows (Intl), e.g. Europe/Brussels. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Brussels');

export const Preferences = z.strictObject({
  /** IANA time zone of the daily digest, e.g. Europe/Brussels. */
  timeZone: TimeZone,
  /** The local hour (0–23) the daily digest is sent at. */
  digestHour: z.number().int().min(0).max(23),
  /** The language of the member's e-mails. */
  language: z.enum(mailLanguages),
  topics: z.strictObject(
    Object.fromEntries(MailTopic.options.map((t) => [t, Delivery])) as Record<MailTopic, typeof Delivery>,
  ),
});
export type Preferences = z.infer<typeof Preferences>;

/** Immediate for bulletins and documents at AMBER and above and for overdue items; a digest for the rest. */
export const defaultPreferences: Preferences = {
  timeZone: 'Europe/Brussels',
  digestHour: 8,
  language: 'en',
  topics: {
    restricted_items: 'immediate',
    other_items: 'digest',
    receipts: 'digest',
    reminders: 'digest',
    overdue: 'immediate',
    members: 'immediate',
  },
};

/** Which of the member's choices decides the mail of this notification. */
export function topicOf(kind: NotificationKind, itemType: NotifiedItemType, tlp: TlpLabel | null): MailTopic {
  if (kind === 'member_invited' || kind === 'member_suspended' || kind === 'malware_found') return 'members';
  if (kind === 'webhook_paused') return 'members';
  if (kind === 'access_review_due') return 'reminders';
  if (kind === 'access_review_overdue') return 'overdue';
  if (kind === 'overdue' || kind === 'overdue_summary') return 'overdue';
  if (kind === 'due_in_7_days' || kind === 'due_tomorrow' || kind === 'due_today') return 'reminders';
  if (kind === 'acknowledged') return 'receipts';
  return itemType !== 'checklist' && tlp !== null && isRestricted(tlp) ? 'restricted_items' : 'other_items';
}

export const deliveryOf = (
  preferences: Preferences,
  kind: NotificationKind,
  itemType: NotifiedItemType,
  tlp: TlpLabel | null,
) =>
  preferences.topics[topicOf(kind, itemType, tlp)] ?? defaultPreferences.topics[topicOf(kind, itemType, tlp)];

/** Stored preferences over the defaults, so a choice added later has its default for everyone. */
export const withDefaults = (stored: Partial<Preferences> | null | undefined): Preferences => ({
  ...defaultPreferences,
  ...(stored ?? {}),
  topics: { ...defaultPreferences.topics, ...(stored?.topics ?? {}) },
});

/** The member's local date and hour at `now` in their time zone. */
export function localHour(now: Date, timeZone: string): { date: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

/**
 * Whether the member's digest is due at `now`: their chosen hour has come in their time zone
 * today, and no digest went out on that local date yet. A job that runs late still sends it the
 * same day; one that runs twice sends it once (the date is the digest's key).
 */
export function digestDue(preferences: Preferences, now: Date, lastDigestDate: string | null): string | null {
  const { date, hour } = localHour(now, preferences.timeZone);
  if (hour < preferences.digestHour) return null;
  return lastDigestDate === date ? null : date;
}

// ---------------------------------------------------------------------------------------------
// API (issue 12's Contract)

/** `GET /api/v1/me/notifications`: `unread=true` lists the unread ones only. */
export const NotificationQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

export const NotificationPage = z.object({
  items: z.array(Notification),
  /** All the member's unread notifications, not only this page's. */
  unread: z.number().int().min(0),
  nextCursor: z.string().nullable(),
});

/** The most ids one request marks read. */
export const maxMarkedAtOnce = 100;

/** `POST /api/v1/me/notifications/read`: some by id, or all. */
export const MarkRead = z.union([
  z.strictObject({ ids: z.array(z.string().min(1).max(64)).min(1).max(maxMarkedAtOnce) }),
  z.strictObject({ all: z.literal(true) }),
]);

export const MarkReadResult = z.object({ marked: z.number().int().min(0), unread: z.number().int().min(0) });

/** What a one-click unsubscribe did. */
export const Unsubscribed = z.object({ topic: MailTopic, delivery: z.literal('off') });
