/**
 * The webhook job (docs/interoperability.md, "Webhooks"): off the table's stream, like the notify
 * job, each audit item of a bulletin published, materially revised or acknowledged becomes one
 * delivery per webhook of each organisation told of it (`webhookEventsOf`), posted at once; a
 * failed one is tried again on the retry schedule by the scheduled pass (`retryWebhooks`), which
 * also pauses an endpoint that has failed for a day and tells its org admins.
 * Deliveries have ids derived from the event and the webhook, written on condition: a replayed
 * stream batch posts nothing twice (a delivery already written is the retry pass's).
 */
import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { AuditEvent } from '../../shared/audit';
import { notificationId, orgAdminsOf } from '../../shared/notification';
import {
  type HookedItem,
  nextAttemptAfter,
  pauseDue,
  type WebhookEvent,
  webhookEvents,
  webhookEventsOf,
  webhookRules,
} from '../../shared/webhook';
import type { BulletinStore, StoredDelivery, StoredWebhook, WebhookStore } from '../ports';
import { deliver, mailedItemOf, type NotifyDeps } from './notify';
import { membersOf } from './reminders';
import type { WebhookSender } from './webhook-sender';
import { webhookSignature } from './webhook-signature';

export interface WebhookDeps {
  webhooks: WebhookStore;
  bulletins: Pick<BulletinStore, 'get'>;
  sender: WebhookSender;
  /** The notification centre and mail, for the pause notice. */
  notify: NotifyDeps;
  now: () => Date;
  onError?: (error: unknown, record: DynamoDBRecord) => void;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The org admins' page of the organisation's webhooks (web/src/routes.tsx). */
export const webhooksPage = (base: string, organisationId: string) =>
  `${base.replace(/\/$/, '')}/organisations/${encodeURIComponent(organisationId)}/webhooks`;

/** One attempt of one delivery at `now`, its outcome stored; the webhook marked failing or answering. */
export async function attempt(deps: WebhookDeps, delivery: StoredDelivery, hook: StoredWebhook | null) {
  const now = deps.now();
  const at = now.toISOString();
  if (hook?.status !== 'active') {
    await deps.webhooks.saveDelivery({
      ...delivery,
      status: 'abandoned',
      nextAttemptAt: null,
      lastError: hook ? 'the webhook is paused' : 'the webhook was removed',
    });
    return false;
  }
  const answer = await deps.sender.post(
    hook.url,
    {
      'content-type': 'application/json',
      'user-agent': 'alliance-portal-webhooks/1',
      [webhookRules.signatureHeader]: webhookSignature(hook.secret, delivery.body, now),
      [webhookRules.eventHeader]: delivery.event,
      [webhookRules.deliveryHeader]: delivery.id,
    },
    delivery.body,
  );
  const attempts = delivery.attempts + 1;
  const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
  const next = ok ? null : nextAttemptAfter(attempts, now);
  await deps.webhooks.saveDelivery({
    ...delivery,
    attempts,
    lastAttemptAt: at,
    lastResponseCode: answer.status,
    lastError: ok ? null : (answer.error ?? `answered ${answer.status}`),
    status: ok ? 'delivered' : next ? 'pending' : 'failed',
    nextAttemptAt: next?.toISOString() ?? null,
  });
  if (ok) await deps.webhooks.markAnswering(hook.organisationId, hook.id);
  else await deps.webhooks.markFailing(hook.organisationId, hook.id, at);
  return ok;
}

/** The deliveries of one audit event: one per active webhook of each organisation told, that wants it. */
async function deliveriesOf(deps: WebhookDeps, eventId: string, event: AuditEvent) {
  const item = (await deps.bulletins.get(event.object.id)) as HookedItem | null;
  if (!item) return [];
  const told = webhookEventsOf(
    {
      action: event.action,
      material: event.details?.material === true,
      at: event.at,
      actorOrganisationId: event.actor.organisationId,
    },
    item,
  );
  const out: { delivery: StoredDelivery; hook: StoredWebhook }[] = [];
  for (const { organisationId, event: name, payload } of told) {
    for (const hook of await deps.webhooks.list(organisationId)) {
      if (hook.status !== 'active' || !hook.events.includes(name)) continue;
      const id = sha256(`${eventId}|${hook.id}`).slice(0, 32);
      out.push({
        hook,
        delivery: {
          id,
          webhookId: hook.id,
          organisationId,
          event: name,
          itemId: item.id,
          createdAt: event.at,
          status: 'pending',
          attempts: 0,
          lastAttemptAt: null,
          lastResponseCode: null,
          lastError: null,
          // Held for the attempt below; the retry pass takes it only if that never finishes.
          nextAttemptAt: new Date(deps.now().getTime() + webhookRules.attemptLeaseMs).toISOString(),
          body: JSON.stringify({ id, ...payload }),
        },
      });
    }
  }
  return out;
}

/** The stream-batch entry, as `notifyFromStream`: stops at the first record that fails and names it. */
export async function webhooksFromStream(records: readonly DynamoDBRecord[], deps: WebhookDeps) {
  let delivered = 0;
  for (const record of records) {
    try {
      if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
      const image = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
      if (image.type !== 'AUDIT' || !webhookEvents.includes(image.action as WebhookEvent)) continue;
      const deliveries = await deliveriesOf(deps, `${image.pk}/${image.sk}`, image as AuditEvent);
      const fresh = [];
      for (const d of deliveries) if (await deps.webhooks.addDelivery(d.delivery)) fresh.push(d);
      const outcomes = await Promise.all(fresh.map(({ delivery, hook }) => attempt(deps, delivery, hook)));
      delivered += outcomes.filter(Boolean).length;
    } catch (error) {
      deps.onError?.(error, record);
      const failedSequenceNumber = record.dynamodb?.SequenceNumber;
      if (!failedSequenceNumber) throw error;
      return { delivered, failedSequenceNumber };
    }
  }
  return { delivered };
}

/**
 * One scheduled pass at `now`: every delivery whose next attempt has come is tried again, then
 * every endpoint failing for `pauseAfterMs` is paused and its org admins told (centre and mail).
 */
export async function retryWebhooks(deps: WebhookDeps, now: Date) {
  const hooks = new Map<string, Promise<StoredWebhook | null>>();
  const hookOf = (org: string, id: string) => {
    const key = `${org}/${id}`;
    if (!hooks.has(key)) hooks.set(key, deps.webhooks.get(org, id));
    return hooks.get(key)!;
  };
  let retried = 0;
  const lease = new Date(now.getTime() + webhookRules.attemptLeaseMs).toISOString();
  const due = await deps.webhooks.due(now.toISOString(), webhookRules.retryBatch);
  for (let i = 0; i < due.length; i += webhookRules.retryConcurrency) {
    await Promise.all(
      due.slice(i, i + webhookRules.retryConcurrency).map(async (delivery) => {
        // Another pass took it (EventBridge may run one twice): it is posted once.
        if (!(await deps.webhooks.claim(delivery, lease))) return;
        await attempt(deps, delivery, await hookOf(delivery.organisationId, delivery.webhookId));
        retried += 1;
      }),
    );
  }
  const before = new Date(now.getTime() - webhookRules.pauseAfterMs).toISOString();
  let paused = 0;
  for (const { organisationId, webhookId } of await deps.webhooks.failingBefore(before)) {
    const hook = await deps.webhooks.get(organisationId, webhookId);
    if (!hook || !pauseDue(hook.failingSince, now)) continue;
    if (!(await deps.webhooks.pause(organisationId, webhookId, now.toISOString(), before))) continue;
    paused += 1;
    await tellPaused(deps, hook, now);
  }
  return { retried, paused };
}

/** The org admins of the webhook's organisation hear that it was paused, once per pause. */
async function tellPaused(deps: WebhookDeps, hook: StoredWebhook, now: Date) {
  const at = now.toISOString();
  const { notify } = deps;
  const cache = { nameOf: async (id: string) => (await notify.directory.getOrganisation(id))?.name ?? id };
  const item = {
    ...(await mailedItemOf(notify, cache, 'member', null, hook.organisationId)),
    link: webhooksPage(notify.publicBaseUrl, hook.organisationId),
  };
  const admins = orgAdminsOf(hook.organisationId, await membersOf(notify, hook.organisationId));
  const event = `webhook-paused/${hook.organisationId}/${hook.id}/${hook.failingSince}`;
  return deliver(
    notify,
    admins.map((member) => ({
      member,
      notification: {
        id: notificationId(event, member.memberId, at, sha256),
        kind: 'webhook_paused' as const,
        itemType: 'member' as const,
        itemId: hook.id,
        tlp: null,
        organisationId: hook.organisationId,
        createdAt: at,
        read: false,
      },
      item,
    })),
  );
}
