import type { Delivery, MailTopic, Notification } from '../../../../shared/notification';
import type { MessageKey } from '../../i18n';

/** The item a notification is about, as the portal's pages address it. */
export function itemLink(n: Pick<Notification, 'kind' | 'itemType' | 'itemId' | 'organisationId'>): string {
  const id = encodeURIComponent(n.itemId);
  switch (n.itemType) {
    case 'bulletin':
      // Who is overdue is on the bulletin's receipts.
      return n.kind === 'overdue_summary' ? `/bulletins/${id}/receipts` : `/bulletins/${id}`;
    case 'document':
      return n.kind === 'overdue_summary' ? `/documents/${id}/acknowledgements` : `/documents/${id}`;
    case 'checklist':
      return `/checklists/${id}`;
    case 'member':
      // Member notices go to org admins: their organisation's page lists its members.
      return `/organisations/${encodeURIComponent(n.organisationId)}`;
  }
}

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
  members: { label: 'prefs.topic.members', hint: 'prefs.topic.members.hint' },
} as const satisfies Record<MailTopic, { label: MessageKey; hint: MessageKey }>;

export const mailTopics = Object.keys(topicWords) as MailTopic[];

export const deliveryWords = {
  immediate: 'prefs.delivery.immediate',
  digest: 'prefs.delivery.digest',
  off: 'prefs.delivery.off',
} as const satisfies Record<Delivery, MessageKey>;

export const deliveries = Object.keys(deliveryWords) as Delivery[];
