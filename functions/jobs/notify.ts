/**
 * The notify job: turns the events the API's transactions write to the table (their audit items)
 * into notifications and mail, off the request path. In AWS it runs as a Lambda on the table's
 * stream (notify.handler.ts); at home an in-process poller reads DynamoDB Local's stream and
 * calls the same `notifyFromStream` (functions/local/stream-poller.ts). Delivery is at least once
 * with deduplication: a notification's id comes from the event and the member, and is written on
 * condition; a mail is claimed by a conditional mark before it is sent (docs/notifications.md).
 */
import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { AuditEvent } from '../../shared/audit';
import { statusOf } from '../../shared/directory-rules';
import {
  type Addressee,
  audienceOf,
  deliveryOf,
  eventOfAudit,
  type MailedItem,
  mailOf,
  malwareNoticeOf,
  type Notification,
  type NotifiedItemType,
  notificationId,
  orgAdminsOf,
  topicOf,
  viewerOfAddressee,
} from '../../shared/notification';
import type { OrganisationKind } from '../../shared/organisation';
import type { TlpLabel } from '../../shared/tlp';
import { type UnsubscribeTokens, unsubscribeUrl } from '../api/unsubscribe-token';
import type {
  BulletinStore,
  ChecklistStore,
  DirectoryStore,
  DocumentStore,
  MailSender,
  NotificationStore,
  ReminderStore,
} from '../ports';
import { oneClickHeaders } from '../ports/mail';

export interface NotifyDeps {
  directory: Pick<
    DirectoryStore,
    'getOrganisation' | 'listMembers' | 'findMemberByEmail' | 'accessReviewTimes' | 'listOrganisations'
  >;
  bulletins: Pick<BulletinStore, 'get'>;
  documents: Pick<DocumentStore, 'get'>;
  /** Checklist versions and who submitted them (checklist notices and reminders). */
  checklists: Pick<ChecklistStore, 'get' | 'allAssessments'>;
  notifications: NotificationStore & ReminderStore;
  mail: MailSender;
  unsubscribe: UnsubscribeTokens;
  /** The portal's address, for links (they all need sign-in). */
  publicBaseUrl: string;
  now: () => Date;
  /** Told of each record that failed, before the batch stops there. */
  onError?: (error: unknown, record: DynamoDBRecord) => void;
}

/** How far a batch got; Lambda retries from the failed record (ReportBatchItemFailures). */
export interface NotifyOutcome {
  notified: number;
  mailed: number;
  failedSequenceNumber?: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A shared item as the job needs it: what `canSee` reads, and what a GREEN mail may say. */
interface NotifiedItem {
  id: string;
  tlp: TlpLabel;
  status: 'draft' | 'published' | 'withdrawn';
  authorId: string;
  authorOrganisationId: string;
  recipients: { organisations: string[]; members: string[] };
  title: string;
  summary: string;
  requiresAcknowledgement: boolean;
  acknowledgeBy: string | null;
}

/** The portal pages the links point to (web/src/routes.tsx); each needs sign-in. */
export const pageOf = (base: string, itemType: NotifiedItemType, itemId: string, organisationId: string) => {
  const root = base.replace(/\/$/, '');
  if (itemType === 'bulletin') return `${root}/bulletins/${encodeURIComponent(itemId)}`;
  if (itemType === 'document') return `${root}/documents/${encodeURIComponent(itemId)}`;
  if (itemType === 'checklist') return `${root}/checklists/${encodeURIComponent(itemId)}`;
  return `${root}/organisations/${encodeURIComponent(organisationId)}`;
};

/** The organisation's access-review page (web/src/routes.tsx), where its org admins review members. */
export const accessReviewPage = (base: string, organisationId: string) =>
  `${base.replace(/\/$/, '')}/organisations/${encodeURIComponent(organisationId)}/access-review`;

export const preferencesPage = (base: string) => `${base.replace(/\/$/, '')}/preferences`;

/** Everything one batch (or one pass of reminders) reads more than once, read once. */
export class BatchCache {
  private readonly members = new Map<string, Promise<Addressee[]>>();
  private readonly names = new Map<string, Promise<string>>();

  constructor(private readonly deps: NotifyDeps) {}

  membersOf(organisationId: string) {
    let found = this.members.get(organisationId);
    if (!found) {
      found = (async () => {
        const all: Addressee[] = [];
        let after: Record<string, unknown> | undefined;
        do {
          const page = await this.deps.directory.listMembers(organisationId, {
            limit: 100,
            ...(after ? { after } : {}),
          });
          for (const m of page.items) {
            all.push({
              memberId: m.id,
              email: m.email,
              organisationId: m.organisationId,
              role: m.role,
              active: statusOf(m) === 'active',
            });
          }
          after = page.next;
        } while (after);
        return all;
      })();
      this.members.set(organisationId, found);
    }
    return found;
  }

  nameOf(organisationId: string) {
    let found = this.names.get(organisationId);
    if (!found) {
      found = this.deps.directory.getOrganisation(organisationId).then((o) => o?.name ?? organisationId);
      this.names.set(organisationId, found);
    }
    return found;
  }
}

/** The ids of every organisation of the given kinds: whom a checklist version addresses. */
export async function organisationsOfKinds(
  deps: Pick<NotifyDeps, 'directory'>,
  kinds: readonly OrganisationKind[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const kind of kinds) {
    let after: Record<string, unknown> | undefined;
    do {
      const page = await deps.directory.listOrganisations(
        { kind },
        { limit: 100, ...(after ? { after } : {}) },
      );
      ids.push(...page.items.map((o) => o.id));
      after = page.next;
    } while (after);
  }
  return ids;
}

/** One notification for one member, and its mail when their choice is "immediate". */
export interface Delivery {
  member: Addressee;
  notification: Notification;
  item: MailedItem;
}

/**
 * Stores each notification (once) and mails it (once) per the member's choice: immediately, into
 * their digest queue, or not at all. Returns how many were new and how many mails went out.
 */
export async function deliver(deps: NotifyDeps, deliveries: readonly Delivery[]) {
  let notified = 0;
  let mailed = 0;
  await Promise.all(
    deliveries.map(async ({ member, notification: n, item }) => {
      const preferences = await deps.notifications.getPreferences(member.memberId);
      const delivery = deliveryOf(preferences, n.kind, n.itemType, n.tlp);
      if (
        await deps.notifications.add(
          member.memberId,
          n,
          delivery === 'digest' ? { email: member.email } : undefined,
        )
      )
        notified += 1;
      if (delivery !== 'immediate') return;
      // Also on a replay: the claim, not the notification, says whether this mail went out.
      const topic = topicOf(n.kind, n.itemType, n.tlp);
      const unsubscribe = unsubscribeUrl(deps.publicBaseUrl, deps.unsubscribe.sign(member.memberId, topic));
      const mail = mailOf(
        n.kind,
        item,
        { preferences: preferencesPage(deps.publicBaseUrl), unsubscribe },
        preferences.language,
      );
      if (await sendOnce(deps, member, n.id, { ...mail, headers: oneClickHeaders(unsubscribe) })) mailed += 1;
    }),
  );
  return { notified, mailed };
}

/** Sends a mail unless it went out before or the address bounces; false when it did not send. */
export async function sendOnce(
  deps: Pick<NotifyDeps, 'notifications' | 'mail' | 'now'>,
  member: Pick<Addressee, 'memberId' | 'email'>,
  mailKey: string,
  mail: { subject: string; text: string; html: string; headers: Record<string, string> },
) {
  if (await deps.notifications.isBouncing(member.email)) return false;
  if (!(await deps.notifications.claimMail(member.memberId, mailKey, deps.now().toISOString()))) return false;
  try {
    await deps.mail.send({ to: member.email, ...mail });
    return true;
  } catch (error) {
    // Give the claim back so that the retried batch sends it.
    await deps.notifications.releaseMail(member.memberId, mailKey);
    throw error;
  }
}

async function itemOf(
  deps: NotifyDeps,
  itemType: NotifiedItemType,
  id: string,
): Promise<NotifiedItem | null> {
  if (itemType === 'bulletin') return (await deps.bulletins.get(id)) as NotifiedItem | null;
  if (itemType === 'document') return (await deps.documents.get(id)) as NotifiedItem | null;
  return null;
}

/** What a mail may carry of an item (the template leaves out content above TLP:GREEN). */
export async function mailedItemOf(
  deps: Pick<NotifyDeps, 'publicBaseUrl'>,
  cache: { nameOf(id: string): Promise<string> },
  itemType: NotifiedItemType,
  item: Pick<NotifiedItem, 'id' | 'tlp' | 'title' | 'summary'> | null,
  organisationId: string,
): Promise<MailedItem> {
  return {
    itemType,
    tlp: item?.tlp ?? null,
    title: item?.title ?? '',
    summary: item?.summary ?? '',
    publisher: await cache.nameOf(organisationId),
    link: pageOf(deps.publicBaseUrl, itemType, item?.id ?? '', organisationId),
  };
}

/** The deliveries one audit event makes, and the reminder bookkeeping it implies. */
async function deliveriesOf(deps: NotifyDeps, cache: BatchCache, eventId: string, event: AuditEvent) {
  const found = eventOfAudit(event.action, event.details);
  const [type] = event.action.split('.');
  if (!found) {
    // A withdrawn item gets no more reminders.
    if (event.action === 'bulletin.withdrawn' || event.action === 'document.withdrawn') {
      await deps.notifications.untrack(type!, event.object.id);
    }
    return [];
  }
  const { kind, itemType } = found;
  const notificationFor = (
    member: Addressee,
    tlp: TlpLabel | null,
    organisationId: string,
  ): Notification => ({
    id: notificationId(eventId, member.memberId, event.at, sha256),
    kind,
    itemType,
    itemId: event.object.id,
    tlp,
    organisationId,
    createdAt: event.at,
    read: false,
  });

  if (kind === 'malware_found') {
    // The owning organisation's admins (the audit event is in its trail), whoever asked for the
    // file. The notice carries no label, title or file name, and names the item only to an admin
    // who may see it (`malwareNoticeOf`). Each refused download is its own event: admins hear of
    // every attempt, once each.
    const organisationId = event.organisationId;
    const held =
      event.object.type === 'bulletin' || event.object.type === 'document'
        ? await itemOf(deps, event.object.type, event.object.id)
        : null;
    const admins = orgAdminsOf(organisationId, await cache.membersOf(organisationId));
    const publisher = await mailedItemOf(deps, cache, 'member', null, organisationId);
    return admins.map((member) => {
      const notice = malwareNoticeOf(event.object, organisationId, viewerOfAddressee(member), held);
      return {
        member,
        notification: { ...notificationFor(member, null, organisationId), ...notice },
        item: {
          ...publisher,
          itemType: notice.itemType,
          link: pageOf(deps.publicBaseUrl, notice.itemType, notice.itemId, organisationId),
        },
      };
    });
  }

  if (itemType === 'member') {
    const organisationId = event.organisationId;
    const admins = orgAdminsOf(organisationId, await cache.membersOf(organisationId), event.actor.memberId);
    const item = await mailedItemOf(deps, cache, 'member', null, organisationId);
    return admins.map((member) => ({
      member,
      notification: notificationFor(member, null, organisationId),
      item,
    }));
  }

  if (itemType === 'checklist') {
    // A version published: every active member of the organisations of the kinds it applies to.
    // Checklists carry no TLP (every member may read them); the mail names only the publisher.
    const found = await deps.checklists.get(event.object.id);
    const current = found?.record.current;
    if (!current) return [];
    await deps.notifications.track({ itemType: 'checklist', itemId: event.object.id, dueAt: current.dueAt });
    const organisations = await organisationsOfKinds(deps, current.appliesTo);
    const members = (await Promise.all(organisations.map((o) => cache.membersOf(o)))).flat();
    const item = await mailedItemOf(
      deps,
      cache,
      'checklist',
      { id: event.object.id, tlp: null as unknown as TlpLabel, title: current.title, summary: '' },
      event.organisationId,
    );
    return members
      .filter((m) => m.active && m.memberId !== event.actor.memberId)
      .map((member) => ({ member, notification: notificationFor(member, null, event.organisationId), item }));
  }

  const item = await itemOf(deps, itemType, event.object.id);
  if (!item || item.status === 'draft') return [];
  const mailed = await mailedItemOf(deps, cache, itemType, item, item.authorOrganisationId);

  if (kind === 'acknowledged') {
    // The receipt goes to whoever asked: the item's author, if still an active member who sees it.
    const by = event.actor.organisationId;
    const authors = (await cache.membersOf(item.authorOrganisationId)).filter(
      (m) => m.active && m.memberId === item.authorId,
    );
    const receipt = { ...mailed, publisher: await cache.nameOf(by) };
    return authors.map((member) => ({
      member,
      notification: notificationFor(member, item.tlp, by),
      item: receipt,
    }));
  }

  // Published or materially revised: the recipients who may see it. Reminders follow its due date.
  if (item.requiresAcknowledgement && item.acknowledgeBy && item.status === 'published') {
    await deps.notifications.track({
      itemType: itemType as 'bulletin' | 'document',
      itemId: item.id,
      dueAt: item.acknowledgeBy,
    });
  }
  const members = (await Promise.all(item.recipients.organisations.map((o) => cache.membersOf(o)))).flat();
  return audienceOf(item, members).map((member) => ({
    member,
    notification: notificationFor(member, item.tlp, item.authorOrganisationId),
    item: mailed,
  }));
}

/**
 * The stream-batch entry: every inserted audit item that notifies, in stream order. Stops at the
 * first record that fails and names it, so Lambda retries from there; records before it are not
 * redone, and if they were (a whole batch replayed) the conditional writes make that harmless.
 */
export async function notifyFromStream(
  records: readonly DynamoDBRecord[],
  deps: NotifyDeps,
): Promise<NotifyOutcome> {
  const cache = new BatchCache(deps);
  let notified = 0;
  let mailed = 0;
  for (const record of records) {
    try {
      if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
      const image = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
      if (image.type !== 'AUDIT') continue;
      const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, type, ...event } = image;
      const deliveries = await deliveriesOf(deps, cache, `${pk}/${sk}`, event as AuditEvent);
      const outcome = await deliver(deps, deliveries);
      notified += outcome.notified;
      mailed += outcome.mailed;
    } catch (error) {
      deps.onError?.(error, record);
      const failedSequenceNumber = record.dynamodb?.SequenceNumber;
      if (!failedSequenceNumber) throw error;
      return { notified, mailed, failedSequenceNumber };
    }
  }
  return { notified, mailed };
}
