/**
 * Reminders and digests: a job that runs on a clock (in AWS a daily, and for digests hourly,
 * scheduled Lambda; at home the in-process scheduler of functions/local/scheduler.ts). Every
 * reminder has a deterministic id (item, round, step, member), so running the job twice, or late,
 * never sends a step twice; an item done or withdrawn leaves the list and gets no more.
 */
import { createHash } from 'node:crypto';
import {
  type Addressee,
  accessReviewReminderDue,
  audienceOf,
  digestDue,
  digestMailOf,
  type Notification,
  notificationId,
  orgAdminsOf,
  reminderDue,
  viewerOfAddressee,
} from '../../shared/notification';
import { canSee } from '../../shared/tlp';
import { unsubscribeUrl } from '../api/unsubscribe-token';
import type { BulletinStore, DocumentStore } from '../ports';
import { oneClickHeaders } from '../ports/mail';
import {
  accessReviewPage,
  BatchCache,
  type Delivery,
  deliver,
  mailedItemOf,
  type NotifyDeps,
  organisationsOfKinds,
  pageOf,
  preferencesPage,
  sendOnce,
} from './notify';

export interface ReminderDeps extends NotifyDeps {
  bulletins: Pick<BulletinStore, 'get' | 'getRecord'>;
  documents: Pick<DocumentStore, 'get' | 'getRecord'>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A checklist's current version as an item owed: due from every organisation of the kinds it
 * applies to that has not submitted an assessment of that version. Every member may read a
 * checklist, so it is addressed like a TLP:CLEAR item to those organisations.
 */
async function owedChecklist(deps: ReminderDeps, id: string) {
  const found = await deps.checklists.get(id);
  const current = found?.record.current;
  if (!found || !current) return null;
  const submitted = new Set(
    (await deps.checklists.allAssessments({ checklistId: id, version: current.version })).map(
      (a) => a.organisationId,
    ),
  );
  const organisations = await organisationsOfKinds(deps, current.appliesTo);
  const version = found.versions.find((v) => v.version === current.version);
  return {
    item: {
      id,
      tlp: 'TLP:CLEAR' as const,
      status: 'published' as const,
      authorId: version?.publishedBy ?? '',
      // Only the Commission publishes checklists (shared/permissions.ts): its summary goes there.
      authorOrganisationId: (await organisationsOfKinds(deps, ['commission']))[0] ?? '',
      recipients: { organisations, members: [] as string[] },
      title: current.title,
      summary: '',
      requiresAcknowledgement: true,
      acknowledgeBy: current.dueAt,
      acknowledgementRound: current.version,
    },
    owing: organisations.filter((o) => !submitted.has(o)),
  };
}

/** An item owed, as the job reads it: who still owes the current round. */
async function owedItem(deps: ReminderDeps, itemType: 'bulletin' | 'document' | 'checklist', id: string) {
  if (itemType === 'checklist') return owedChecklist(deps, id);
  if (itemType === 'bulletin') {
    const record = await deps.bulletins.getRecord(id);
    if (!record) return null;
    const { bulletin } = record;
    const done = new Set(
      record.acknowledgements
        .filter((a) => a.round >= bulletin.acknowledgementRound)
        .map((a) => a.organisationId),
    );
    return { item: bulletin, owing: bulletin.recipients.organisations.filter((o) => !done.has(o)) };
  }
  const record = await deps.documents.getRecord(id);
  if (!record) return null;
  const { document } = record;
  const done = new Set(
    record.attestations.filter((a) => a.round >= document.acknowledgementRound).map((a) => a.organisationId),
  );
  return { item: document, owing: document.recipients.organisations.filter((o) => !done.has(o)) };
}

/** Members of an organisation as the notify job addresses them. */
export async function membersOf(deps: NotifyDeps, organisationId: string): Promise<Addressee[]> {
  const all: Addressee[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await deps.directory.listMembers(organisationId, {
      limit: 100,
      ...(after ? { after } : {}),
    });
    for (const m of page.items) {
      all.push({
        memberId: m.id,
        email: m.email,
        organisationId: m.organisationId,
        role: m.role,
        active: (m.status ?? 'active') === 'active',
      });
    }
    after = page.next;
  } while (after);
  return all;
}

/**
 * One pass of reminders at `now`: for every tracked item with a step due (T-7, T-1, due day,
 * overdue weekly), each organisation that still owes it is told, and once overdue the author's
 * organisation gets a summary of who is late. Items done or withdrawn are dropped.
 */
export async function sendReminders(deps: ReminderDeps, now: Date) {
  let notified = 0;
  let mailed = 0;
  const cache = new BatchCache(deps);
  for (const entry of await deps.notifications.tracked()) {
    const owed = await owedItem(deps, entry.itemType, entry.itemId);
    if (owed?.item.status !== 'published' || !owed.item.requiresAcknowledgement || owed.owing.length === 0) {
      await deps.notifications.untrack(entry.itemType, entry.itemId);
      continue;
    }
    const { item, owing } = owed;
    const dueAt = item.acknowledgeBy ?? entry.dueAt;
    // Ids are deterministic, so "already sent" is the store's to know, not this set's.
    const step = reminderDue(new Date(dueAt), now, new Set(), false);
    if (!step) continue;
    const event = `reminder/${entry.itemType}/${item.id}/${item.acknowledgementRound}/${step.key}`;
    const at = step.at.toISOString();
    const mailedItem = await mailedItemOf(deps, cache, entry.itemType, item, item.authorOrganisationId);
    const notificationFor = (
      member: Addressee,
      kind: Notification['kind'],
      eventId: string,
      organisationId: string,
    ): Notification => ({
      id: notificationId(eventId, member.memberId, at, sha256),
      kind,
      itemType: entry.itemType,
      itemId: item.id,
      // Checklists carry no label, as in the notice of their publication (functions/jobs/notify.ts).
      tlp: entry.itemType === 'checklist' ? null : item.tlp,
      organisationId,
      createdAt: at,
      read: false,
    });
    const deliveries: Delivery[] = [];
    for (const organisationId of owing) {
      for (const member of audienceOf(item, await membersOf(deps, organisationId))) {
        deliveries.push({
          member,
          notification: notificationFor(member, step.kind, event, item.authorOrganisationId),
          item: mailedItem,
        });
      }
    }
    if (step.kind === 'overdue') {
      const late = await Promise.all(owing.map((o) => cache.nameOf(o)));
      // The author's organisation, those of it who may see the item (shared/tlp.ts).
      const authors = (await membersOf(deps, item.authorOrganisationId)).filter(
        (m) => m.active && canSee(viewerOfAddressee(m), item),
      );
      for (const member of authors) {
        deliveries.push({
          member,
          notification: notificationFor(
            member,
            'overdue_summary',
            `summary/${event}`,
            item.authorOrganisationId,
          ),
          item: { ...mailedItem, overdueOrganisations: late },
        });
      }
    }
    const outcome = await deliver(deps, deliveries);
    notified += outcome.notified;
    mailed += outcome.mailed;
  }
  return { notified, mailed };
}

/**
 * One pass of access-review reminders at `now`: the org admins of each organisation whose last
 * review is coming due (7 days before, the day before, the day) or overdue (weekly) are told, in
 * the centre and by mail. One Query lists every organisation's last review; an organisation never
 * reviewed has no date to count from, and the access-review page already lists it as overdue.
 */
export async function sendAccessReviewReminders(deps: NotifyDeps, now: Date) {
  let notified = 0;
  let mailed = 0;
  const cache = new BatchCache(deps);
  for (const [organisationId, completedAt] of await deps.directory.accessReviewTimes()) {
    const step = accessReviewReminderDue(completedAt, now);
    if (!step) continue;
    const at = step.at.toISOString();
    const event = `access-review/${organisationId}/${step.key}`;
    const item = {
      ...(await mailedItemOf(deps, cache, 'member', null, organisationId)),
      link: accessReviewPage(deps.publicBaseUrl, organisationId),
    };
    const admins = orgAdminsOf(organisationId, await membersOf(deps, organisationId));
    const outcome = await deliver(
      deps,
      admins.map((member) => ({
        member,
        notification: {
          id: notificationId(event, member.memberId, at, sha256),
          kind: step.kind,
          itemType: 'member' as const,
          itemId: organisationId,
          tlp: null,
          organisationId,
          createdAt: at,
          read: false,
        },
        item,
      })),
    );
    notified += outcome.notified;
    mailed += outcome.mailed;
  }
  return { notified, mailed };
}

/**
 * One pass of digests at `now`: each member with notifications waiting whose chosen hour has come
 * in their time zone gets one mail listing them (headlines and links only), once per local day.
 */
export async function sendDigests(deps: NotifyDeps, now: Date) {
  let mailed = 0;
  const cache = new BatchCache(deps);
  for (const [memberId, entries] of await deps.notifications.pendingDigests()) {
    const preferences = await deps.notifications.getPreferences(memberId);
    const date = digestDue(preferences, now, await deps.notifications.lastDigestDate(memberId));
    if (!date) continue;
    const items = await Promise.all(
      entries.map(async ({ notification: n }) => ({
        kind: n.kind,
        item: {
          itemType: n.itemType,
          tlp: n.tlp,
          title: '',
          summary: '',
          publisher: await cache.nameOf(n.organisationId),
          link: pageOf(deps.publicBaseUrl, n.itemType, n.itemId, n.organisationId),
        },
      })),
    );
    const preferencesLink = preferencesPage(deps.publicBaseUrl);
    const mail = digestMailOf(items, { preferences: preferencesLink }, preferences.language);
    const email = entries[0]!.email;
    const unsubscribe = unsubscribeUrl(deps.publicBaseUrl, deps.unsubscribe.sign(memberId, 'other_items'));
    if (
      await sendOnce(deps, { memberId, email }, `digest#${date}`, {
        ...mail,
        headers: oneClickHeaders(unsubscribe),
      })
    )
      mailed += 1;
    await deps.notifications.digestSent(
      memberId,
      entries.map((e) => e.notification.id),
      date,
    );
  }
  return { mailed };
}
