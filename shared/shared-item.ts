import * as z from 'zod';
import { acknowledgeByIssues } from './acknowledgement';
import { canAcknowledge, isRecipientOrganisation } from './permissions';
import { addressingIssues, type Recipients } from './recipients';
import { Refusal } from './refusal';
import type { TlpLabel } from './tlp';
import type { Viewer } from './viewer';

/**
 * A shared item is anything a member organisation shares with the alliance under a TLP label:
 * addressed to recipients, a draft until it is published, revised (a material revision opens a
 * new acknowledgement round), acknowledged by recipient organisations, and audited when read
 * restricted. Bulletins and documents are shared items; these are the rules they share, as pure
 * functions of an item and the time (`at`), so that the next kind reuses them instead of
 * copying them (docs/shared-items.md says how).
 */

export type SharedItemStatus = 'draft' | 'published' | 'withdrawn';

/** The fields every shared item has. */
export interface SharedItem {
  id: string;
  status: SharedItemStatus;
  /** Optimistic concurrency: every change raises it; If-Match carries it back. */
  revision: number;
  tlp: TlpLabel;
  recipients: { organisations: string[]; members: string[] };
  requiresAcknowledgement: boolean;
  acknowledgeBy: string | null;
  /** A material revision opens a new acknowledgement round. */
  acknowledgementRound: number;
  authorId: string;
  authorEmail: string;
  authorOrganisationId: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** The fields a new draft gets from its author and the server, whatever its kind. */
export type DraftFields = { status: 'draft' } & Pick<
  SharedItem,
  | 'id'
  | 'revision'
  | 'acknowledgementRound'
  | 'authorId'
  | 'authorEmail'
  | 'authorOrganisationId'
  | 'createdAt'
  | 'updatedAt'
  | 'publishedAt'
>;

/**
 * The stored fields of every shared item, in groups each kind's schema spreads where its own
 * fields do not come between (so that the OpenAPI document lists them in the kinds' order).
 */
export const itemFields = {
  /** `id`, the kind's status, `revision` (optimistic concurrency: If-Match carries it back). */
  identity: <S extends z.ZodType>(status: S) => ({
    id: z.string(),
    status,
    revision: z.number().int().min(1),
  }),
  /** Who it is addressed to and what they are asked; a material change opens a new round. */
  addressing: {
    recipients: z.object({ organisations: z.array(z.string()), members: z.array(z.string()) }),
    requiresAcknowledgement: z.boolean(),
    acknowledgeBy: z.string().nullable(),
    acknowledgementRound: z.number().int().min(1),
  },
  author: { authorId: z.string(), authorEmail: z.string(), authorOrganisationId: z.string() },
  times: {
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    publishedAt: z.iso.datetime().nullable(),
  },
};

/** What a list entry of any kind says of acknowledgement: asked, by when, and what the viewer's organisation still owes. */
export const listFields = {
  asked: { requiresAcknowledgement: z.boolean(), acknowledgeBy: z.string().nullable() },
  owed: {
    /** The viewer's organisation is asked to acknowledge and has not in the current round. */
    needsAcknowledgement: z.boolean(),
    overdue: z.boolean(),
  },
};

/** What an item's page says of the viewer, in every kind. */
export const standingFields = {
  /** The viewer's organisation is a recipient organisation. */
  recipient: { recipient: z.boolean() },
  actions: { needsAcknowledgement: z.boolean(), mayAcknowledge: z.boolean() },
};

/** An item as its page shows it: the item, its history, and the viewer's standing. */
export const itemDetail = <Shape extends z.ZodRawShape, H extends z.ZodRawShape, S extends z.ZodType>(
  item: z.ZodObject<Shape>,
  history: H,
  standing: S,
) => item.extend({ ...history, viewer: standing });

/** Who writes a draft. */
export interface Author {
  memberId: string;
  email: string;
  organisationId: string;
}

export { Refusal, type RefusalReason } from './refusal';

/** A list whose entries do not repeat, with a cap, for the schemas of every kind. */
export const uniqueList = <T extends z.ZodType>(item: T, max: number, what: string) =>
  z
    .array(item)
    .max(max, `at most ${max} ${what}`)
    .refine((list) => new Set(list).size === list.length, `${what} must not repeat`);

/** The rules the label puts on the recipients (shared/recipients.ts), as a zod refinement of any kind's content. */
export function refineAddressing(
  item: {
    tlp: TlpLabel;
    recipients: Recipients;
    requiresAcknowledgement: boolean;
    acknowledgeBy: string | null;
  },
  ctx: z.RefinementCtx,
) {
  for (const issue of addressingIssues(item)) {
    ctx.addIssue({
      code: 'custom',
      path: issue.field.split('.'),
      message: issue.message,
      params: { code: issue.code, ...issue.params },
    });
  }
}

/** The fields a new draft of any kind starts with. */
export const draftFields = (id: string, author: Author, at: Date): DraftFields => ({
  id,
  status: 'draft',
  revision: 1,
  acknowledgementRound: 1,
  authorId: author.memberId,
  authorEmail: author.email,
  authorOrganisationId: author.organisationId,
  createdAt: at.toISOString(),
  updatedAt: at.toISOString(),
  publishedAt: null,
});

/** When, to what and by whose `If-Match` a change is made. */
export interface Change {
  at: Date;
  /** `bulletin`, `document`: the word in the messages of refusals. */
  noun: string;
  /** The revision `If-Match` named: a change of another revision is refused (412). */
  expectedRevision?: number | undefined;
}

/** `If-Match` named a revision (or none): a stale one is refused, so nobody overwrites what they have not seen. */
export function requireRevision(item: SharedItem, change: Pick<Change, 'noun' | 'expectedRevision'>) {
  const expected = change.expectedRevision;
  if (expected !== undefined && expected !== item.revision) {
    throw new Refusal(
      'stale',
      `The ${change.noun} is at revision ${item.revision}, not ${expected}; reload it.`,
    );
  }
}

/** The item one revision on: every change raises the revision and the time. */
export const nextRevision = <T extends SharedItem>(item: T, at: Date, changes: Partial<T> = {}): T => ({
  ...item,
  ...changes,
  revision: item.revision + 1,
  updatedAt: at.toISOString(),
});

/** A state change allowed from one status only; then the revision `If-Match` named must be current. */
function requireState(item: SharedItem, status: SharedItemStatus, change: Change, refusal: string) {
  if (item.status !== status) throw new Refusal('conflict', refusal);
  requireRevision(item, change);
}

/** Only drafts are edited, at the revision `If-Match` named. */
export const requireDraft = (item: SharedItem, change: Change) =>
  requireState(item, 'draft', change, `Only drafts are edited; revise a published ${change.noun}.`);

/** A draft with its edited content. */
export function editDraft<T extends SharedItem>(draft: T, content: Partial<T>, change: Change): T {
  requireDraft(draft, change);
  return nextRevision(draft, change.at, content);
}

/** A due date for acknowledgement lies ahead when an item is published (or a new round opens). */
function requireDueDateAhead(
  acknowledgeBy: string | null | undefined,
  at: Date,
  message: string,
  field?: string,
) {
  const late = acknowledgeByIssues(acknowledgeBy, at);
  if (late.length > 0) {
    throw new Refusal(
      'invalid',
      message,
      late.map((issue) => ({ ...issue, field: field ?? issue.field })),
    );
  }
}

/** The draft published: visible to its recipients from `at`, one revision on. */
export function publish<T extends SharedItem>(draft: T, change: Change): T {
  requireState(draft, 'draft', change, `The ${change.noun} is published already.`);
  requireDueDateAhead(
    draft.acknowledgeBy,
    change.at,
    `The acknowledgement due date has passed; change the ${change.noun}'s due date and publish again.`,
  );
  return nextRevision(draft, change.at, {
    status: 'published',
    publishedAt: change.at.toISOString(),
  } as Partial<T>);
}

/** The fields whose value a change really alters (for the revision history). */
export const changedFields = <T extends object>(item: T, changes: Partial<T>): string[] =>
  Object.keys(changes).filter(
    (field) => JSON.stringify(changes[field as keyof T]) !== JSON.stringify(item[field as keyof T]),
  );

/** Only the fields a request named: an absent field leaves the item as it is. */
export const namedFields = <T extends object>(changes: T): Partial<T> =>
  Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;

/**
 * A published item revised: label and recipients stay as published; a material revision asks every
 * recipient organisation to acknowledge again (a new round), with a due date that lies ahead.
 * `dueDateField` names the field a refused due date is reported on.
 */
export function revise<T extends SharedItem>(
  item: T,
  revision: { changes: Partial<T>; material: boolean; dueDateField?: string },
  change: Change,
): T {
  requireState(item, 'published', change, `Only a published ${change.noun} is revised.`);
  const { changes, material } = revision;
  const field = revision.dueDateField ?? 'acknowledgeBy';
  if (changes.acknowledgeBy !== undefined) {
    requireDueDateAhead(changes.acknowledgeBy, change.at, 'Invalid body', field);
    if (changes.acknowledgeBy && !item.requiresAcknowledgement) {
      throw new Refusal('invalid', 'Invalid body', [
        { field, message: `this ${change.noun} asks for no acknowledgement` },
      ]);
    }
  }
  return nextRevision(item, change.at, {
    ...changes,
    acknowledgementRound: item.acknowledgementRound + (material ? 1 : 0),
  });
}

/** A published item withdrawn: it stays visible as withdrawn, with the reason, and takes no receipts. */
export function withdraw<
  T extends SharedItem & { withdrawnAt: string | null; withdrawalReason: string | null },
>(item: T, reason: string, change: Change): T {
  requireState(item, 'published', change, `Only a published ${change.noun} is withdrawn.`);
  return nextRevision(item, change.at, {
    status: 'withdrawn',
    withdrawnAt: change.at.toISOString(),
    withdrawalReason: reason,
  } as Partial<T>);
}

/** True when the item asks this organisation to acknowledge. */
export const asksToAcknowledge = (
  item: Pick<SharedItem, 'requiresAcknowledgement' | 'recipients' | 'status'>,
  organisationId: string,
): boolean =>
  item.status === 'published' &&
  item.requiresAcknowledgement &&
  item.recipients.organisations.includes(organisationId);

/**
 * Acknowledging on behalf of the organisation: only a published item, only a recipient
 * organisation, only through a contributor (readers mark an item read for themselves).
 */
export function requireAcknowledgeable(viewer: Viewer, item: SharedItem, noun: string) {
  if (item.status !== 'published')
    throw new Refusal('conflict', `A ${item.status} ${noun} takes no acknowledgements.`);
  if (!isRecipientOrganisation(viewer, item)) {
    throw new Refusal('forbidden', `Only recipient organisations acknowledge this ${noun}.`);
  }
  if (!canAcknowledge(viewer, item)) {
    throw new Refusal(
      'forbidden',
      'A contributor acknowledges on behalf of the organisation; readers mark it read.',
    );
  }
}

/** What a viewer may do with an item, shown on its page (each kind adds its own). */
export const standingOf = (viewer: Viewer, item: SharedItem, acknowledged: boolean) => ({
  recipient: isRecipientOrganisation(viewer, item),
  needsAcknowledgement: asksToAcknowledge(item, viewer.organisationId) && !acknowledged,
  mayAcknowledge: canAcknowledge(viewer, item) && item.status === 'published',
});

/** What every kind's list entries start with, before the fields of their own. */
/** What every kind's list entries start with (each kind has a title and a summary), before their own fields. */
export const itemSummaryHead = ['id', 'status', 'title', 'summary'] as const satisfies readonly (
  | keyof SharedItem
  | 'title'
  | 'summary'
)[];

/** What every kind's list entries carry for `canSee` and for acknowledgement, between its own fields. */
export const addressingSummaryFields = [
  'tlp',
  'recipients',
  'requiresAcknowledgement',
  'acknowledgeBy',
  'acknowledgementRound',
  'authorId',
  'authorOrganisationId',
] as const satisfies readonly (keyof SharedItem)[];

/** What the lists carry of an item: the named fields only. */
export const summaryFields =
  <T, K extends keyof T>(fields: readonly K[]) =>
  (item: T): Pick<T, K> =>
    Object.fromEntries(fields.map((field) => [field, item[field]])) as Pick<T, K>;
