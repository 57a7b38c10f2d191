import * as z from 'zod';
import { Receipts } from './acknowledgement';
import { attachmentLimits, NewAttachment } from './attachment';
import { documentContentTypes } from './attachment-rules';
import { ControlArea } from './checklist';
import { OrganisationId, OrganisationKind } from './organisation';
import { addressingIssues, Recipients } from './recipients';
import { MultiLineText, SingleLineText } from './text';
import { TlpLabel } from './tlp';

/**
 * Best-practice documents: metadata, a TLP label and recipients as for bulletins, and versions,
 * each one file in S3 with its SHA-256. Publishing a version makes it current and marks the
 * previous one superseded; a `material` version asks the recipients to acknowledge again.
 */

/** Document ids are server-chosen UUIDs; anything else is refused before it reaches a key. */
export const DocumentId = z.uuid();

export const documentLimits = { tags: 10, areas: 8, versions: 500 } as const;

/** Tags are lowercase slugs so that a tag search finds every spelling the same way. */
export const DocumentTag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
    'a tag of letters, digits and dashes (1–40), such as release-pins',
  );

export const DocumentContentType = z.enum(documentContentTypes);

/** The file the browser is about to upload: its name, type and exact size. */
export const DocumentFile = NewAttachment.extend({
  contentType: DocumentContentType,
  size: z
    .number()
    .int()
    .min(1)
    .max(attachmentLimits.maxBytes, `at most ${attachmentLimits.maxBytes / 1024 / 1024} MB`),
});
export type DocumentFile = z.infer<typeof DocumentFile>;

const unique = <T extends z.ZodType>(item: T, max: number, what: string) =>
  z
    .array(item)
    .max(max, `at most ${max} ${what}`)
    .refine((list) => new Set(list).size === list.length, `${what} must not repeat`);

/** What a contributor sends to publish a document: metadata, addressing, and the first file. */
export const NewDocument = z
  .strictObject({
    title: SingleLineText.trim().min(3).max(200),
    summary: MultiLineText.trim().min(1).max(1000),
    tags: unique(DocumentTag, documentLimits.tags, 'tags').default([]),
    areas: unique(ControlArea, documentLimits.areas, 'control areas').default([]),
    tlp: TlpLabel,
    recipients: Recipients.default({ organisations: [], members: [] }),
    requiresAcknowledgement: z.boolean().default(false),
    acknowledgeBy: z.iso.datetime({ offset: true }).nullable().default(null),
    file: DocumentFile,
  })
  .superRefine((d, ctx) => {
    for (const issue of addressingIssues(d)) {
      ctx.addIssue({
        code: 'custom',
        path: issue.field.split('.'),
        message: issue.message,
        params: { code: issue.code, ...issue.params },
      });
    }
  });
export type NewDocument = z.infer<typeof NewDocument>;

/** What a contributor sends for a new version; label, recipients and metadata stay as published. */
export const NewDocumentVersion = z.strictObject({
  changeNote: MultiLineText.trim().min(3).max(1000),
  /** A material change asks every recipient organisation to acknowledge again. */
  material: z.boolean().default(false),
  file: DocumentFile,
  /** A new due date for the acknowledgement a material version asks for. */
  acknowledgeBy: z.iso.datetime({ offset: true }).optional(),
});
export type NewDocumentVersion = z.infer<typeof NewDocumentVersion>;

export const DocumentStatus = z.enum(['draft', 'published']);

/** A version number in a path. */
export const DocumentVersionNumber = z.coerce.number().int().min(1).max(documentLimits.versions);

const memberRef = z.object({ memberId: z.string(), email: z.string() });

/** One version of a document. `uploadedAt` and `sha256` are null until its upload is complete. */
export const DocumentVersion = z.object({
  version: z.number().int().min(1),
  changeNote: z.string(),
  material: z.boolean(),
  fileName: z.string(),
  contentType: DocumentContentType,
  size: z.number().int(),
  /** Hex SHA-256 of the file as the server read it back from S3. */
  sha256: z.string().nullable(),
  uploadedAt: z.iso.datetime().nullable(),
  /** A newer version is current; this one stays downloadable, marked so. */
  superseded: z.boolean(),
  createdAt: z.iso.datetime(),
  createdBy: memberRef,
});
export type DocumentVersion = z.infer<typeof DocumentVersion>;

export const Document = z.object({
  id: z.string(),
  /** `draft` until the first version's upload is complete; then visible as its label allows. */
  status: DocumentStatus,
  /** Every change raises it; writes are conditional on it (optimistic concurrency). */
  revision: z.number().int().min(1),
  title: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  areas: z.array(ControlArea),
  tlp: TlpLabel,
  recipients: z.object({ organisations: z.array(z.string()), members: z.array(z.string()) }),
  requiresAcknowledgement: z.boolean(),
  acknowledgeBy: z.string().nullable(),
  /** A material version opens a new acknowledgement round. */
  acknowledgementRound: z.number().int().min(1),
  authorId: z.string(),
  authorEmail: z.string(),
  authorOrganisationId: z.string(),
  authorOrganisationKind: OrganisationKind,
  /** The current (newest complete) version; 0 before the first upload completes. */
  currentVersion: z.number().int().min(0),
  /** The file of the current version, for lists. */
  currentFile: z
    .object({ fileName: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string() })
    .nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().nullable(),
  /** When the current version was published: the library is ordered by it, newest first. */
  versionAt: z.iso.datetime().nullable(),
});
export type Document = z.infer<typeof Document>;

/** The presigned POST for a version's file; then `POST …/versions/{version}/complete`. */
export const DocumentUpload = z.object({
  version: z.number().int(),
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime(),
  maxBytes: z.number().int(),
});
export type DocumentUpload = z.infer<typeof DocumentUpload>;

export const DocumentWithUpload = z.object({ document: Document, upload: DocumentUpload });

/**
 * A version whose upload never completed, listed for its organisation's contributors so that it
 * can be uploaded again or discarded rather than stay hidden. Version 1 means a draft document.
 */
export const UnfinishedUpload = z.object({
  id: z.string(),
  title: z.string(),
  version: z.number().int().min(1),
  fileName: z.string(),
  contentType: DocumentContentType,
  size: z.number().int(),
  createdAt: z.iso.datetime(),
  createdBy: z.object({ memberId: z.string(), email: z.string() }),
});
export type UnfinishedUpload = z.infer<typeof UnfinishedUpload>;

export const DocumentDownload = z.object({
  url: z.string(),
  expiresAt: z.iso.datetime(),
  version: z.number().int(),
  fileName: z.string(),
  sha256: z.string(),
  /** A newer version exists: this download is not the current text. */
  superseded: z.boolean(),
  currentVersion: z.number().int(),
});
export type DocumentDownload = z.infer<typeof DocumentDownload>;

/** An organisation's acknowledgement of one version: who, when, and exactly which file. */
export const Attestation = z.object({
  organisationId: z.string(),
  memberId: z.string(),
  email: z.string(),
  attestedAt: z.iso.datetime(),
  version: z.number().int(),
  sha256: z.string(),
  round: z.number().int(),
});
export type Attestation = z.infer<typeof Attestation>;

export const NewAttestation = z.strictObject({
  /** The version read; the current one when absent. Only the current version is attested. */
  version: z.number().int().min(1).max(documentLimits.versions).optional(),
});

/** The publisher's view: the receipt table as for bulletins, plus every attestation kept. */
export const DocumentReceipts = Receipts.extend({ attestations: z.array(Attestation) });
export type DocumentReceipts = z.infer<typeof DocumentReceipts>;

/** The viewer's own standing with a document, shown on its page. */
export const DocumentStanding = z.object({
  recipient: z.boolean(),
  /** The latest attestation of the viewer's organisation in the current round. */
  attestation: Attestation.nullable(),
  needsAcknowledgement: z.boolean(),
  mayAcknowledge: z.boolean(),
  mayPublishVersion: z.boolean(),
});
export type DocumentStanding = z.infer<typeof DocumentStanding>;

export const DocumentDetail = Document.extend({
  /** Newest first; pending versions (upload not complete) only for the author's organisation. */
  versions: z.array(DocumentVersion),
  viewer: DocumentStanding,
});
export type DocumentDetail = z.infer<typeof DocumentDetail>;

/** What list entries carry of a document (community, inbox and tag entries). */
export const documentSummaryFields = [
  'id',
  'status',
  'title',
  'summary',
  'tags',
  'areas',
  'tlp',
  'recipients',
  'requiresAcknowledgement',
  'acknowledgeBy',
  'acknowledgementRound',
  'authorId',
  'authorOrganisationId',
  'authorOrganisationKind',
  'currentVersion',
  'currentFile',
  'publishedAt',
  'versionAt',
] as const satisfies readonly (keyof Document)[];
export type DocumentSummary = Pick<Document, (typeof documentSummaryFields)[number]>;

export const documentSummaryOf = (d: Document): DocumentSummary =>
  Object.fromEntries(documentSummaryFields.map((f) => [f, d[f]])) as DocumentSummary;

/** A library entry: the summary and what the viewer's organisation still has to do with it. */
export const LibraryItem = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  areas: z.array(ControlArea),
  tlp: TlpLabel,
  authorOrganisationId: z.string(),
  authorOrganisationKind: OrganisationKind,
  currentVersion: z.number().int(),
  currentFile: Document.shape.currentFile,
  publishedAt: z.iso.datetime(),
  versionAt: z.iso.datetime(),
  requiresAcknowledgement: z.boolean(),
  acknowledgeBy: z.string().nullable(),
  /** The viewer's organisation is asked to acknowledge and has not in the current round. */
  needsAcknowledgement: z.boolean(),
  overdue: z.boolean(),
});
export type LibraryItem = z.infer<typeof LibraryItem>;

/** Library search and filters; every one of them narrows the viewer's own library. */
export const LibraryFilter = z.strictObject({
  /** Words of the title (case-insensitive substring). */
  q: SingleLineText.trim().toLowerCase().min(1).max(100).optional(),
  tag: DocumentTag.optional(),
  area: ControlArea.optional(),
  organisation: OrganisationId.optional(),
  kind: OrganisationKind.optional(),
});
export type LibraryFilter = z.infer<typeof LibraryFilter>;

/** True when the document asks this organisation to acknowledge. */
export const documentAsksToAcknowledge = (
  d: Pick<Document, 'requiresAcknowledgement' | 'recipients' | 'status'>,
  organisationId: string,
) =>
  d.status === 'published' &&
  d.requiresAcknowledgement &&
  d.recipients.organisations.includes(organisationId);
