import type { AuditEvent, Webhook, WebhookDelivery } from '../../shared';

/** A webhook as the delivery job reads it: the listing fields and the secret it signs with. */
export interface StoredWebhook extends Webhook {
  secret: string;
}

/** A delivery as stored: the log fields, its organisation and the exact body it sends. */
export interface StoredDelivery extends WebhookDelivery {
  organisationId: string;
  body: string;
}

/** Webhooks of organisations and their delivery logs (docs/interoperability.md). */
export interface WebhookStore {
  get(organisationId: string, webhookId: string): Promise<StoredWebhook | null>;
  list(organisationId: string): Promise<StoredWebhook[]>;
  create(webhook: StoredWebhook, audit: AuditEvent): Promise<void>;
  /** Deletes the webhook with its audit event; false when there was none. Its log stays until it expires. */
  remove(organisationId: string, webhookId: string, audit: AuditEvent): Promise<boolean>;
  /** The newest deliveries first. */
  deliveries(organisationId: string, webhookId: string, limit: number): Promise<WebhookDelivery[]>;
  /** Writes a new delivery unless it exists (a replayed stream batch): false then. */
  addDelivery(delivery: StoredDelivery): Promise<boolean>;
  /** Stores the outcome of an attempt; a delivery with a next attempt is listed by `due`. */
  saveDelivery(delivery: StoredDelivery): Promise<void>;
  /**
   * Takes a due delivery for one attempt: moves its next attempt to `until` on condition it is
   * still the one read, so a second pass (or the stream job) does not post it as well. False when
   * someone else took it.
   */
  claim(delivery: StoredDelivery, until: string): Promise<boolean>;
  /** Deliveries whose next attempt has come at `now`, oldest first. */
  due(now: string, limit: number): Promise<StoredDelivery[]>;
  /** Notes a failed attempt: `failingSince` is set unless already set. */
  markFailing(organisationId: string, webhookId: string, at: string): Promise<void>;
  /** Notes an answer: the webhook is no longer failing. */
  markAnswering(organisationId: string, webhookId: string): Promise<void>;
  /** Webhooks failing since `before` or earlier and not yet paused. */
  failingBefore(before: string): Promise<{ organisationId: string; webhookId: string }[]>;
  /** Pauses an active webhook still failing since before `before`; false when it was not (any more). */
  pause(organisationId: string, webhookId: string, at: string, before: string): Promise<boolean>;
}
