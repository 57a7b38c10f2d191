import * as z from 'zod';
import { acknowledgeByIssues, Receipts } from './acknowledgement';
import { attachmentLimits, NewAttachment } from './attachment';
import { documentContentTypes } from './attachment-rules';
import { ControlArea } from './checklist';
import { OrganisationId, OrganisationKind } from './organisation';
import { Recipients } from './recipients';
import {
  addressingSummaryFields,
  type Change,
  itemDetail,
  itemFields,
  itemSummaryHead,
  listFields,
  nextRevision,
  publish,
  Refusal,
  refineAddressing,
  requireAcknowledgeable,
  standingFields,
  summaryFields,
  uniqueList as unique,
} from './shared-item';
import { MultiLineText, SingleLineText } from './text';
import { TlpLabel } from './tlp';
import type { Viewer } from './viewer';

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
  .superRefine(refineAddressing);
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
  /** `draft` until the first version's upload is complete; then visible as its label allows. */
  ...itemFields.identity(DocumentStatus),
  title: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  areas: z.array(ControlArea),
  tlp: TlpLabel,
  /** A material version opens a new acknowledgement round. */
  ...itemFields.addressing,
  ...itemFields.author,
  authorOrganisationKind: OrganisationKind,
  /** The current (newest complete) version; 0 before the first upload completes. */
  currentVersion: z.number().int().min(0),
  /** The file of the current version, for lists. */
  currentFile: z
    .object({ fileName: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string() })
    .nullable(),
  ...itemFields.times,
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
  ...standingFields.recipient,
  /** The latest attestation of the viewer's organisation in the current round. */
  attestation: Attestation.nullable(),
  ...standingFields.actions,
  mayPublishVersion: z.boolean(),
});
export type DocumentStanding = z.infer<typeof DocumentStanding>;

/** Versions newest first; pending ones (upload not complete) only for the author's organisation. */
export const DocumentDetail = itemDetail(Document, { versions: z.array(DocumentVersion) }, DocumentStanding);
export type DocumentDetail = z.infer<typeof DocumentDetail>;

/** What list entries carry of a document (community, inbox and tag entries). */
export const documentSummaryFields = [
  ...itemSummaryHead,
  'tags',
  'areas',
  ...addressingSummaryFields,
  'authorOrganisationKind',
  'currentVersion',
  'currentFile',
  'publishedAt',
  'versionAt',
] as const satisfies readonly (keyof Document)[];
export type DocumentSummary = Pick<Document, (typeof documentSummaryFields)[number]>;

export const documentSummaryOf: (d: Document) => DocumentSummary = summaryFields(documentSummaryFields);

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
  ...listFields.asked,
  ...listFields.owed,
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

// ---------------------------------------------------------------------------------------------
// A document's lifecycle: the shared item rules (shared/shared-item.ts) plus its versions.

/** What a version brings to its document when it becomes current. */
export type CurrentVersion = Pick<
  DocumentVersion,
  'version' | 'fileName' | 'contentType' | 'size' | 'material'
> & { acknowledgeBy?: string };

/** A new version is started on a published document; a new due date goes with a material version of one that asks for acknowledgement. */
export function requireNewVersion(document: Document, input: NewDocumentVersion, at: Date) {
  if (document.status !== 'published') {
    throw new Refusal(
      'conflict',
      'The first version is not uploaded yet; complete it before adding another.',
    );
  }
  if (input.acknowledgeBy === undefined) return;
  if (!input.material || !document.requiresAcknowledgement) {
    throw new Refusal('invalid', 'Invalid body', [
      {
        field: 'acknowledgeBy',
        message: 'a new due date goes with a material version of a document that asks for acknowledgement',
      },
    ]);
  }
  const late = acknowledgeByIssues(input.acknowledgeBy, at);
  if (late.length) throw new Refusal('invalid', 'Invalid body', late);
}

/** Versions become current in order: only the one after the current one completes. */
export function requireNextVersion(document: Document, version: number) {
  if (version !== document.currentVersion + 1) {
    throw new Refusal('conflict', `Version ${version} is not the next version.`);
  }
}

/**
 * The document with an uploaded version current: the first publishes the draft; a later material
 * one asks the recipients to acknowledge again (a new round, with its own due date).
 */
export function withCurrentVersion(
  document: Document,
  version: CurrentVersion,
  sha256: string,
  change: Change,
): Document {
  requireNextVersion(document, version.version);
  const first = version.version === 1;
  const material = !first && version.material;
  const base = first ? publish(document, change) : nextRevision(document, change.at);
  const at = change.at.toISOString();
  return {
    ...base,
    currentVersion: version.version,
    currentFile: { fileName: version.fileName, contentType: version.contentType, size: version.size, sha256 },
    acknowledgementRound: document.acknowledgementRound + (material ? 1 : 0),
    acknowledgeBy: material && version.acknowledgeBy ? version.acknowledgeBy : document.acknowledgeBy,
    versionAt: at,
  };
}

/**
 * An organisation's attestation of the version it read: only of a published document, by a
 * recipient organisation's contributor, and only of the current version (a superseded one is
 * refused, so nobody attests text that has changed).
 */
export function attestationOf(
  document: Document,
  viewer: Viewer,
  version: number | undefined,
  at: Date,
): Attestation {
  if (document.status !== 'published' || !document.currentFile) {
    throw new Refusal('conflict', 'A document is acknowledged once its first version is published.');
  }
  requireAcknowledgeable(viewer, document, 'document');
  const attested = version ?? document.currentVersion;
  if (attested > document.currentVersion) {
    throw new Refusal('invalid', 'Invalid body', [
      { field: 'version', message: `no version ${attested} of this document` },
    ]);
  }
  if (attested < document.currentVersion) {
    throw new Refusal(
      'conflict',
      `Version ${attested} is superseded by version ${document.currentVersion}; read and acknowledge the current one.`,
    );
  }
  return {
    organisationId: viewer.organisationId,
    memberId: viewer.memberId,
    email: viewer.email,
    attestedAt: at.toISOString(),
    version: attested,
    sha256: document.currentFile.sha256,
    round: document.acknowledgementRound,
  };
}
