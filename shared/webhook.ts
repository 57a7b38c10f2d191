import * as z from 'zod';
import { uniqueList } from './shared-item';
import { SingleLineText } from './text';
import { canSee, type LabelledItem, type TlpLabel } from './tlp';

export * from './webhook-address';

/**
 * Webhooks (issue 15, docs/interoperability.md): an org admin registers an HTTPS endpoint that is
 * told of its organisation's events. Pure rules: which events an organisation hears of, what a
 * payload says (ids and labels only, never a title, summary or body: the receiver fetches those
 * with its API token), the retry schedule and when an endpoint is paused.
 */

export const webhookEvents = ['bulletin.published', 'bulletin.revised', 'bulletin.acknowledged'] as const;
export const WebhookEvent = z.enum(webhookEvents);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

const minute = 60_000;
const hour = 60 * minute;

export const webhookRules = {
  /** Endpoints an organisation may register, so its list and each event's fan-out stay small. */
  maxPerOrganisation: 10,
  maxUrlLength: 2000,
  /** After the first attempt fails: wait 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, then 24 h, then give up. */
  retryDelaysMs: [minute, 5 * minute, 30 * minute, 2 * hour, 6 * hour, 12 * hour, 24 * hour],
  /** An endpoint that has failed every attempt for this long is paused and its org admins told. */
  pauseAfterMs: 24 * hour,
  /** Receivers reject a signature whose timestamp is further than this from their clock. */
  signatureToleranceSeconds: 300,
  /** An attempt that has not answered in this long has failed. */
  attemptTimeoutMs: 5_000,
  /**
   * A delivery being attempted is held this long (its next attempt moved this far ahead), so no
   * other pass posts it meanwhile; if the job dies mid-attempt, the retry pass takes it after.
   */
  attemptLeaseMs: 5 * minute,
  /** Due deliveries one scheduled pass takes, and how many it posts at once. */
  retryBatch: 50,
  retryConcurrency: 10,
  /** Deliveries listed in the log, newest first. */
  logLength: 50,
  /** The headers a delivery carries. */
  signatureHeader: 'X-Alliance-Signature',
  eventHeader: 'X-Alliance-Event',
  deliveryHeader: 'X-Alliance-Delivery',
} as const;

export const WebhookId = z.uuid();

export const NewWebhook = z.strictObject({
  url: z.string().trim().min(1).max(webhookRules.maxUrlLength),
  description: SingleLineText.trim().max(100).optional(),
  /** The events to send; all of them when left out. */
  events: uniqueList(WebhookEvent, webhookEvents.length, 'events')
    .min(1, 'pick at least one event')
    .optional(),
});
export type NewWebhook = z.infer<typeof NewWebhook>;

export const WebhookStatus = z.enum(['active', 'paused']);

/** A webhook as listed: never its secret. */
export const Webhook = z.object({
  id: z.string(),
  organisationId: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEvent),
  status: WebhookStatus,
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  /** The first failed attempt since the last success; null while it answers. */
  failingSince: z.iso.datetime().nullable(),
  pausedAt: z.iso.datetime().nullable(),
});
export type Webhook = z.infer<typeof Webhook>;

/** The one answer that carries the signing secret. */
export const CreatedWebhook = z.object({ id: z.string(), secret: z.string() });

export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed', 'abandoned']);

/** One event for one endpoint, as the delivery log shows it. */
export const WebhookDelivery = z.object({
  id: z.string(),
  webhookId: z.string(),
  event: WebhookEvent,
  /** The bulletin the event is about. */
  itemId: z.string(),
  createdAt: z.iso.datetime(),
  status: DeliveryStatus,
  attempts: z.number().int().min(0),
  lastAttemptAt: z.iso.datetime().nullable(),
  /** The HTTP status of the last answer; null when there was none (refused, timed out). */
  lastResponseCode: z.number().int().nullable(),
  /** Why the last attempt failed, in a few words. */
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** What a payload says: ids and labels, nothing an item says. */
export interface WebhookPayload {
  id: string;
  event: WebhookEvent;
  occurredAt: string;
  organisationId: string;
  bulletin: { id: string; tlp: TlpLabel; authorOrganisationId: string };
  acknowledgement?: { organisationId: string };
}

/** A bulletin as the delivery job reads it: what `canSee` needs, and whether it asked for receipts. */
export type HookedItem = LabelledItem & { id: string; requiresAcknowledgement: boolean };

/**
 * A webhook acts for its organisation as a machine does: like an API token, a member of the
 * organisation who is named nowhere, so it hears of TLP:RED bulletins never (they name members).
 */
const machineOf = (organisationId: string) => ({
  memberId: `webhook:${organisationId}`,
  email: '',
  organisationId,
  role: 'contributor' as const,
});

/**
 * The organisations an event is told to, with what it tells each: a bulletin published or
 * materially revised tells its recipient organisations, an acknowledgement tells the author's
 * organisation that asked for it; each only when a machine of that organisation may see the
 * bulletin. Nothing of the item is read but its id, label and author organisation.
 */
export function webhookEventsOf(
  event: { action: string; material: boolean; at: string; actorOrganisationId: string },
  item: HookedItem,
): { organisationId: string; event: WebhookEvent; payload: Omit<WebhookPayload, 'id'> }[] {
  if (item.status !== 'published') return [];
  const bulletin = { id: item.id, tlp: item.tlp, authorOrganisationId: item.authorOrganisationId };
  const told = (organisationId: string, name: WebhookEvent, extra = {}) => ({
    organisationId,
    event: name,
    payload: { event: name, occurredAt: event.at, organisationId, bulletin, ...extra },
  });
  if (event.action === 'bulletin.acknowledged') {
    if (!item.requiresAcknowledgement || !canSee(machineOf(item.authorOrganisationId), item)) return [];
    return [
      told(item.authorOrganisationId, 'bulletin.acknowledged', {
        acknowledgement: { organisationId: event.actorOrganisationId },
      }),
    ];
  }
  const name = event.action === 'bulletin.published' ? 'bulletin.published' : 'bulletin.revised';
  if (event.action === 'bulletin.revised' && !event.material) return [];
  if (event.action !== 'bulletin.published' && event.action !== 'bulletin.revised') return [];
  return [...new Set(item.recipients.organisations)]
    .filter((o) => o !== item.authorOrganisationId && canSee(machineOf(o), item))
    .map((o) => told(o, name));
}

/** When to try again after `attempts` failed attempts; null: give up. */
export function nextAttemptAfter(attempts: number, at: Date): Date | null {
  const delay = webhookRules.retryDelaysMs[attempts - 1];
  return delay === undefined ? null : new Date(at.getTime() + delay);
}

/** Whether an endpoint failing since `failingSince` is to be paused at `now`. */
export const pauseDue = (failingSince: string | null, now: Date) =>
  failingSince !== null && now.getTime() - Date.parse(failingSince) >= webhookRules.pauseAfterMs;
