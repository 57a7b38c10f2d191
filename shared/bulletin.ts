import * as z from 'zod';
import { Attachment } from './attachment';
import { CountryCode, Unlocode } from './organisation';
import { Recipients } from './recipients';
import {
  addressingSummaryFields,
  itemDetail,
  itemFields,
  itemSummaryHead,
  listFields,
  refineAddressing,
  standingFields,
  summaryFields,
  uniqueList as unique,
} from './shared-item';
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

export const BulletinContent = z.strictObject(contentShape);
export type BulletinContent = z.infer<typeof BulletinContent>;

/** What a contributor sends to start a draft. */
export const NewBulletin = BulletinContent.superRefine(refineAddressing);
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

export type { Attachment };

export const Bulletin = z.object({
  ...itemFields.identity(BulletinStatus),
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  severity: Severity,
  tlp: TlpLabel,
  categories: z.array(ThreatCategory),
  ports: z.array(z.string()),
  originCountries: z.array(z.string()),
  ...itemFields.addressing,
  ...itemFields.author,
  ...itemFields.times,
  withdrawnAt: z.iso.datetime().nullable(),
  withdrawalReason: z.string().nullable(),
  attachments: z.array(Attachment),
});
export type Bulletin = z.infer<typeof Bulletin>;

/** What lists carry of a bulletin (feed entries, inbox entries, port entries). */
export const bulletinSummaryFields = [
  ...itemSummaryHead,
  'severity',
  'categories',
  'ports',
  ...addressingSummaryFields,
  'publishedAt',
  'withdrawnAt',
  /** In lists: when the latest publication, revision or withdrawal happened (the Atom `updated`). */
  'updatedAt',
] as const satisfies readonly (keyof Bulletin)[];
export type BulletinSummary = Pick<Bulletin, (typeof bulletinSummaryFields)[number]>;

export const summaryOf: (b: Bulletin) => BulletinSummary = summaryFields(bulletinSummaryFields);

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
  ...listFields.asked,
  unread: z.boolean(),
  ...listFields.owed,
});
export type FeedItem = z.infer<typeof FeedItem>;

export const FeedFilter = z.strictObject({
  port: Unlocode.optional(),
  category: ThreatCategory.optional(),
  severity: Severity.optional(),
  /** `true`: only what the member has not read. */
  unread: z.enum(['true']).optional(),
  /** `true`: only what the member's organisation still has to acknowledge. */
  needsAcknowledgement: z.enum(['true']).optional(),
});
export type FeedFilter = z.infer<typeof FeedFilter>;

/** The viewer's own standing with a bulletin, shown on its page. */
export const ViewerStanding = z.object({
  readAt: z.iso.datetime().nullable(),
  ...standingFields.recipient,
  organisationAcknowledgedAt: z.iso.datetime().nullable(),
  ...standingFields.actions,
  mayEdit: z.boolean(),
});
export type ViewerStanding = z.infer<typeof ViewerStanding>;

export const BulletinDetail = itemDetail(Bulletin, { revisions: z.array(Revision) }, ViewerStanding);
export type BulletinDetail = z.infer<typeof BulletinDetail>;
