/**
 * The document store's port (docs/data-model.md): documents, their versions and attestations, and the
 * library lists, each write one transaction with its audit event.
 */
import type {
  Attestation,
  AuditEvent,
  Document,
  DocumentSummary,
  DocumentVersion,
  LibraryFilter,
  TlpLabel,
  UnfinishedUpload,
} from '../../shared';
import type { Stretch, StretchRequest } from './pages';

/** A version as stored: with the file's id under the document's prefix, which the server chose. */
export interface StoredVersion extends DocumentVersion {
  /** `v<n>/<uuid>`: the object key is `documents/<documentId>/<fileId>`. */
  fileId: string;
  /** A material version's new acknowledgement due date, applied when it becomes current. */
  acknowledgeBy?: string;
}

/** A document with its versions (newest first) and attestations, as one partition read returns it. */
export interface DocumentRecord {
  document: Document;
  versions: StoredVersion[];
  attestations: Attestation[];
}

/** A library row: the summary, and the viewer organisation's acknowledged round when it is a recipient. */
export interface LibraryEntry {
  summary: DocumentSummary;
  acknowledgedRound: number | null;
}

/** An unfinished upload with what decides who sees it (a TLP:RED draft: its author alone). */
export interface UnfinishedEntry {
  upload: UnfinishedUpload;
  tlp: TlpLabel;
  authorId: string;
  authorOrganisationId: string;
}

export interface DocumentStore {
  /** A new document as a draft with its first, pending version. */
  create(document: Document, first: StoredVersion, audit: AuditEvent): Promise<void>;
  get(id: string): Promise<Document | null>;
  /** The document and one version, in one round trip. */
  getWithVersion(
    id: string,
    version: number,
  ): Promise<{ document: Document | null; version: StoredVersion | null }>;
  getRecord(id: string): Promise<DocumentRecord | null>;
  /** Records a pending version (replacing a pending one of the same number); fails if the document changed. */
  prepareVersion(document: Document, version: StoredVersion, audit: AuditEvent): Promise<void>;
  /**
   * Makes an uploaded version current in one transaction: the document, the version, the
   * previous version marked superseded, every list entry moved to the new version's time, the
   * audit event. Fails with `StaleRevisionError` when the document changed meanwhile.
   */
  completeVersion(before: Document, next: Document, version: StoredVersion, audit: AuditEvent): Promise<void>;
  /** Records an attestation of the current version; `false` when that organisation attested it already. */
  attest(document: Document, attestation: Attestation, audit: AuditEvent): Promise<boolean>;
  /** Community entries and the organisation's inbox merged newest first (or one tag's entries): two round trips a stretch. */
  library(
    organisationId: string,
    filter: LibraryFilter,
    page: StretchRequest,
  ): Promise<Stretch<LibraryEntry>>;
  /** The organisation's versions whose upload never completed, newest first: one Query a stretch. */
  unfinished(organisationId: string, page: StretchRequest): Promise<Stretch<UnfinishedEntry>>;
  /**
   * Discards a version whose upload is not complete, with its audit event, in one transaction;
   * for version 1 the whole draft document goes. `StaleRevisionError` when the document changed
   * or the version completed meanwhile.
   */
  discardVersion(document: Document, version: StoredVersion, audit: AuditEvent): Promise<void>;
  /** An audit event on its own (downloads and reads of restricted material). */
  recordAudit(...events: AuditEvent[]): Promise<void>;
}
