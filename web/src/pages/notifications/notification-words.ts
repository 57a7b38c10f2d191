import type { Delivery, MailTopic, Notification } from '../../../../shared/notification';
import type { MessageKey } from '../../i18n';

/** The item a notification is about, as the portal's pages address it. */
export const itemLink = (n: Pick<Notification, 'itemType' | 'itemId'>): string =>
  `/${n.itemType === 'bulletin' ? 'bulletins' : n.itemType === 'document' ? 'documents' : 'checklists'}/${encodeURIComponent(n.itemId)}`;

/**
 * The e-mail topics a member chooses for, in the order the page shows them (shared/notification.ts
 * defines them; `satisfies` fails the type check when one is added there and not here).
 */
export const topicWords = {
  restricted_items: { label: 'prefs.topic.restricted_items', hint: 'prefs.topic.restricted_items.hint' },
  other_items: { label: 'prefs.topic.other_items', hint: 'prefs.topic.other_items.hint' },
  receipts: { label: 'prefs.topic.receipts', hint: 'prefs.topic.receipts.hint' },
  reminders: { label: 'prefs.topic.reminders', hint: 'prefs.topic.reminders.hint' },
  overdue: { label: 'prefs.topic.overdue', hint: 'prefs.topic.overdue.hint' },
} as const satisfies Record<MailTopic, { label: MessageKey; hint: MessageKey }>;

export const mailTopics = Object.keys(topicWords) as MailTopic[];

export const deliveryWords = {
  immediate: 'prefs.delivery.immediate',
  digest: 'prefs.delivery.digest',
  off: 'prefs.delivery.off',
} as const satisfies Record<Delivery, MessageKey>;

export const deliveries = Object.keys(deliveryWords) as Delivery[];
