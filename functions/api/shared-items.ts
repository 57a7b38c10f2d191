/**
 * What the routes of every shared item kind (bulletins, documents; docs/shared-items.md) do the
 * same way: load an item the viewer may see, let only its organisation's contributors change it,
 * audit restricted reads, page lists by what the viewer may see, and name a retry. The rules
 * themselves are pure functions in shared/shared-item.ts; this module only ties them to a request.
 */
import type { RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type * as z from 'zod';
import type { AuditEvent } from '../../shared/audit';
import { canChangeItem } from '../../shared/permissions';
import type { SharedItem } from '../../shared/shared-item';
import { canSee } from '../../shared/tlp';
import type { Viewer } from '../../shared/viewer';
import type { Stretch } from '../ports';
import { auditRestrictedItems, auditRestrictedRead } from './addressing';
import { auditEvent } from './audit';
import type { AppEnv } from './env';
import type { Retry } from './idempotency';
import { forbidden, notFound } from './problems';
import { protectedRoute } from './router';
import { visiblePage } from './visible-page';

/** A kind of shared item as its routes name it: in messages, audit events and object keys. */
export interface ItemKind {
  /** `bulletin`, `document`: the audit object type and the word in messages. */
  noun: string;
  /** The OpenAPI tag of its routes. */
  tag: string;
  /** Writes audit events on their own (reads of restricted material). */
  recordAudit: (c: Context<AppEnv>) => (...events: AuditEvent[]) => Promise<void>;
}

/** A route of a kind's area: listed under the kind's tag, behind the bearer token (router.ts). */
export const itemRoute = <
  P extends string,
  R extends Omit<RouteConfig, 'path' | 'tags' | 'security'> & { path: P },
>(
  kind: ItemKind,
  route: R,
) => protectedRoute(kind.tag)(route);

/** A draft entry names no recipients: canSee decides a draft by its author and label alone. */
export const draftVisible = (
  viewer: Viewer,
  draft: Pick<SharedItem, 'tlp' | 'authorId' | 'authorOrganisationId'>,
): boolean => canSee(viewer, { ...draft, status: 'draft', recipients: { organisations: [], members: [] } });

/** What `canSee` needs of a stored item or a list summary. */
type Labelled = Pick<SharedItem, 'tlp' | 'status' | 'authorId' | 'authorOrganisationId' | 'recipients'>;

/** The item when the viewer may see it; one they may not see does not exist for them (404). */
export function visibleOr404<T extends Labelled>(
  c: Context<AppEnv>,
  item: T | null | undefined,
  kind: ItemKind,
): T {
  if (!item || !canSee(c.get('viewer'), item)) throw notFound(kind.noun);
  return item;
}

/** A record (an item with its sub-items) when the viewer may see its item, else 404. */
export function visibleRecordOr404<R>(
  c: Context<AppEnv>,
  record: R | null | undefined,
  itemOf: (record: R) => Labelled,
  kind: ItemKind,
): R {
  if (!record || !canSee(c.get('viewer'), itemOf(record))) throw notFound(kind.noun);
  return record;
}

/** Only the author organisation's contributors change an item; others who can see it get 403. */
export function requireChanger(c: Context<AppEnv>, item: SharedItem, kind: ItemKind) {
  if (!canChangeItem(c.get('viewer'), item)) {
    throw forbidden(`Only contributors of the author's organisation change this ${kind.noun}.`);
  }
}

/** The ETag of an item's revision, which `If-Match` carries back. */
export const etag = (item: { revision: number }) => `"${item.revision}"`;

/** The audit event of the viewer's change to an item, in the viewer organisation's trail. */
export const itemEvent = (
  c: Context<AppEnv>,
  kind: ItemKind,
  id: string,
  action: string,
  details?: Record<string, unknown>,
) =>
  auditEvent(c, `${kind.noun}.${action}`, { type: kind.noun, id }, c.get('viewer').organisationId, details);

/** A read of a restricted item's content or sub-resource is audited; a RED one refused without its event. */
export const auditItemRead = (
  c: Context<AppEnv>,
  kind: ItemKind,
  item: SharedItem,
  action: string,
  details?: Record<string, unknown>,
) => auditRestrictedRead(c, item, { type: kind.noun, id: item.id }, action, kind.recordAudit(c), details);

/** Which retry a write is: the viewer, the operation and the request's checked `Idempotency-Key`. */
export const retryOf = (c: Context<AppEnv>, operation: string, key: string | undefined): Retry => ({
  memberId: c.get('viewer').memberId,
  operation,
  key,
});

/**
 * An optional JSON body (acknowledgements may be posted empty): the route's validated body when
 * one was sent, else what the schema makes of nothing.
 */
export function optionalBody<S extends z.ZodType>(
  c: Context<AppEnv>,
  sent: () => unknown,
  schema: S,
): z.infer<S> {
  const raw = c.req.header('content-type')?.includes('application/json') ? sent() : undefined;
  return schema.parse(raw ?? {});
}

/**
 * One page of a list of items, audited and sealed: entries are read until the page holds only
 * what the viewer may see (visible-page.ts), the restricted ones shown are audited per author
 * organisation, and the cursor is sealed to the list's scope (the member and the filters).
 */
export async function auditedPage<E, Item extends { id: string } & Labelled>(
  c: Context<AppEnv>,
  kind: ItemKind,
  list: {
    /** What the cursor is bound to: the list, the member, the filters. */
    scope: string;
    read: (after: string | undefined, limit: number) => Promise<Stretch<E>>;
    itemOf: (entry: E) => Item;
    /** Besides what the viewer may see, what the list's own filters keep. */
    wanted?: (entry: E) => boolean;
    limit: number;
    cursor: string | undefined;
    filtered?: boolean;
    /** Only published items are listed; drafts have lists of their own. */
    publishedOnly?: boolean;
    action: string;
  },
) {
  const viewer = c.get('viewer');
  const { cursors } = c.get('deps');
  const page = await visiblePage(
    list.read,
    (entry) => {
      const item = list.itemOf(entry);
      return (
        (!list.publishedOnly || item.status === 'published') &&
        canSee(viewer, item) &&
        (list.wanted?.(entry) ?? true)
      );
    },
    list.limit,
    cursors.openPosition(list.scope, list.cursor),
    { filtered: list.filtered ?? false },
  );
  await auditRestrictedItems(c, page.items.map(list.itemOf), kind.noun, list.action, (events) =>
    kind.recordAudit(c)(...events),
  );
  return { entries: page.items, nextCursor: cursors.sealPosition(list.scope, page.next) };
}
