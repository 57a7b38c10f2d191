import * as z from 'zod';
import { CountryCode, Unlocode } from './organisation';
import { addressingIssues, Recipients } from './recipients';
import { threatCategoryIds } from './taxonomy';
import { MultiLineText, SingleLineText } from './text';
import { TlpLabel } from './tlp';

export const ThreatCategory = z.enum(threatCategoryIds);
export type ThreatCategory = z.infer<typeof ThreatCategory>;

export const Severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const BulletinStatus = z.enum(['draft', 'published', 'withdrawn']);
export type BulletinStatus = z.infer<typeof BulletinStatus>;

/** Bulletin ids are server-chosen UUIDs; anything else is refused before it reaches a key. */
export const BulletinId = z.uuid();

export const bulletinLimits = { ports: 10, originCountries: 20, categories: 6, body: 20_000 } as const;

const unique = <T extends z.ZodType>(item: T, max: number, what: string) =>
  z
    .array(item)
    .max(max, `at most ${max} ${what}`)
    .refine((list) => new Set(list).size === list.length, `${what} must not repeat`);

/** The fields an author writes; the same shape for a new bulletin and a whole draft. */
const contentShape = {
  title: SingleLineText.trim().min(3).max(200),
  summary: MultiLineText.trim().min(1).max(600),
  /** Plain text or the safe Markdown subset of shared/markdown; never rendered as HTML. */
  body: MultiLineText.max(bulletinLimits.body).default(''),
  severity: Severity,
  tlp: TlpLabel,
  categories: unique(ThreatCategory, bulletinLimits.categories, 'categories').min(1, 'pick a category'),
  ports: unique(Unlocode, bulletinLimits.ports, 'ports').default([]),
  originCountries: unique(CountryCode, bulletinLimits.originCountries, 'origin countries').default([]),
  recipients: Recipients.default({ organisations: [], members: [] }),
  requiresAcknowledgement: z.boolean().default(false),
  acknowledgeBy: z.iso.datetime({ offset: true }).nullable().default(null),
};

/** Rules across fields that need no clock and no directory (shared with documents). */
function checkContent(
  b: {
    tlp: TlpLabel;
    recipients: Recipients;
    requiresAcknowledgement: boolean;
    acknowledgeBy: string | null;
  },
  ctx: z.RefinementCtx,
) {
  for (const issue of addressingIssues(b)) {
    ctx.addIssue({
      code: 'custom',
      path: issue.field.split('.'),
      message: issue.message,
      params: { code: issue.code, ...issue.params },
    });
  }
}

export const BulletinContent = z.strictObject(contentShape);
export type BulletinContent = z.infer<typeof BulletinContent>;

/** What a contributor sends to start a draft. */
export const NewBulletin = BulletinContent.superRefine(checkContent);
export type NewBulletin = z.infer<typeof NewBulletin>;

/** A PATCH of a draft: any subset of the fields; the merged draft is checked again as a whole. */
export const BulletinDraftPatch = z.strictObject({
  title: contentShape.title.optional(),
  summary: contentShape.summary.optional(),
  body: MultiLineText.max(bulletinLimits.body).optional(),
  severity: Severity.optional(),
  tlp: TlpLabel.optional(),
  categories: contentShape.categories.optional(),
  ports: unique(Unlocode, bulletinLimits.ports, 'ports').optional(),
  originCountries: unique(CountryCode, bulletinLimits.originCountries, 'origin countries').optional(),
  recipients: Recipients.optional(),
  requiresAcknowledgement: z.boolean().optional(),
  acknowledgeBy: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type BulletinDraftPatch = z.infer<typeof BulletinDraftPatch>;

/** The merged content, checked as a whole (recipients against label, acknowledgement). */
export const checkedContent = (content: BulletinContent) => NewBulletin.safeParse(content);

/**
 * `pending` from the moment its upload URL is issued until the complete call has found the file
 * in the store as declared; only then do recipients see it. Stored items without it are ready.
 */
export const AttachmentStatus = z.enum(['pending', 'ready']);
export type AttachmentStatus = z.infer<typeof AttachmentStatus>;

export const Attachment = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  /** Declared while pending (an upper bound); the stored file's size once ready. */
  size: z.number().int(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  status: AttachmentStatus.optional(),
  /** Hex SHA-256 of the file as the server read it back from the store, once ready. */
  sha256: z.string().optional(),
});
export type Attachment = z.infer<typeof Attachment>;

/** Ready: the file was found as declared (items stored before attachments had a status are). */
export const attachmentIsReady = (a: Pick<Attachment, 'status'>): boolean => a.status !== 'pending';

export const Bulletin = z.object({
  id: z.string(),
  status: BulletinStatus,
  /** Optimistic concurrency: every change raises it; If-Match carries it back. */
  revision: z.number().int().min(1),
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  severity: Severity,
  tlp: TlpLabel,
  categories: z.array(ThreatCategory),
  ports: z.array(z.string()),
  originCountries: z.array(z.string()),
  recipients: z.object({ organisations: z.array(z.string()), members: z.array(z.string()) }),
  requiresAcknowledgement: z.boolean(),
  acknowledgeBy: z.string().nullable(),
  /** A material revision opens a new acknowledgement round. */
  acknowledgementRound: z.number().int().min(1),
  authorId: z.string(),
  authorEmail: z.string(),
  authorOrganisationId: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().nullable(),
  withdrawnAt: z.iso.datetime().nullable(),
  withdrawalReason: z.string().nullable(),
  attachments: z.array(Attachment),
});
export type Bulletin = z.infer<typeof Bulletin>;

/** What lists carry of a bulletin (feed entries, inbox entries, port entries). */
export const bulletinSummaryFields = [
  'id',
  'status',
  'title',
  'summary',
  'severity',
  'tlp',
  'categories',
  'ports',
  'recipients',
  'requiresAcknowledgement',
  'acknowledgeBy',
  'acknowledgementRound',
  'authorId',
  'authorOrganisationId',
  'publishedAt',
  'withdrawnAt',
  /** In lists: when the latest publication, revision or withdrawal happened (the Atom `updated`). */
  'updatedAt',
] as const satisfies readonly (keyof Bulletin)[];
export type BulletinSummary = Pick<Bulletin, (typeof bulletinSummaryFields)[number]>;

export const summaryOf = (b: Bulletin): BulletinSummary =>
  Object.fromEntries(bulletinSummaryFields.map((f) => [f, b[f]])) as BulletinSummary;

export const RevisionKind = z.enum(['published', 'revised', 'withdrawn']);

/** One entry of a published bulletin's history. */
export const Revision = z.object({
  revision: z.number().int(),
  kind: RevisionKind,
  at: z.iso.datetime(),
  by: z.object({ memberId: z.string(), email: z.string() }),
  material: z.boolean(),
  note: z.string(),
  changedFields: z.array(z.string()),
});
export type Revision = z.infer<typeof Revision>;

/** What a contributor sends to revise a published bulletin. Label and recipients stay as published. */
export const NewRevision = z.strictObject({
  note: MultiLineText.trim().min(3).max(1000),
  /** A material change asks every recipient organisation to acknowledge again. */
  material: z.boolean().default(false),
  changes: z
    .strictObject({
      title: contentShape.title.optional(),
      summary: contentShape.summary.optional(),
      body: MultiLineText.max(bulletinLimits.body).optional(),
      severity: Severity.optional(),
      categories: contentShape.categories.optional(),
      ports: unique(Unlocode, bulletinLimits.ports, 'ports').optional(),
      originCountries: unique(CountryCode, bulletinLimits.originCountries, 'origin countries').optional(),
      acknowledgeBy: z.iso.datetime({ offset: true }).nullable().optional(),
    })
    .default({}),
});
export type NewRevision = z.infer<typeof NewRevision>;

export const Withdrawal = z.strictObject({ reason: MultiLineText.trim().min(3).max(1000) });
export type Withdrawal = z.infer<typeof Withdrawal>;

/** An entry of a member's feed: the summary plus what this member still has to do with it. */
export const FeedItem = z.object({
  id: z.string(),
  status: BulletinStatus,
  title: z.string(),
  summary: z.string(),
  severity: Severity,
  tlp: TlpLabel,
  categories: z.array(ThreatCategory),
  ports: z.array(z.string()),
  authorOrganisationId: z.string(),
  publishedAt: z.iso.datetime(),
  requiresAcknowledgement: z.boolean(),
  acknowledgeBy: z.string().nullable(),
  unread: z.boolean(),
  /** The viewer's organisation is asked to acknowledge and has not in the current round. */
  needsAcknowledgement: z.boolean(),
  overdue: z.boolean(),
});
export type FeedItem = z.infer<typeof FeedItem>;

export const FeedFilter = z.strictObject({
  port: Unlocode.optional(),
  category: ThreatCategory.optional(),
  severity: Severity.optional(),
});
export type FeedFilter = z.infer<typeof FeedFilter>;

/** The viewer's own standing with a bulletin, shown on its page. */
export const ViewerStanding = z.object({
  readAt: z.iso.datetime().nullable(),
  /** The viewer's organisation is a recipient organisation. */
  recipient: z.boolean(),
  organisationAcknowledgedAt: z.iso.datetime().nullable(),
  needsAcknowledgement: z.boolean(),
  mayAcknowledge: z.boolean(),
  mayEdit: z.boolean(),
});
export type ViewerStanding = z.infer<typeof ViewerStanding>;

export const BulletinDetail = Bulletin.extend({
  revisions: z.array(Revision),
  viewer: ViewerStanding,
});
export type BulletinDetail = z.infer<typeof BulletinDetail>;

/** True when the bulletin asks this organisation to acknowledge. */
export const asksToAcknowledge = (
  b: Pick<Bulletin, 'requiresAcknowledgement' | 'recipients' | 'status'>,
  organisationId: string,
) =>
  b.status === 'published' &&
  b.requiresAcknowledgement &&
  b.recipients.organisations.includes(organisationId);
