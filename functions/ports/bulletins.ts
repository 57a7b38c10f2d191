import type {
  AuditEvent,
  Bulletin,
  BulletinSummary,
  FeedFilter,
  OrganisationAcknowledgement,
  ReadReceipt,
  Revision,
  TlpLabel,
} from '../../shared';
import type { Page, PageRequest, Stretch, StretchRequest } from './pages';

/** A member's or organisation's read/acknowledgement state of a bulletin, kept in its inbox entry. */
export interface InboxState {
  readBy: string[];
  acknowledgedRound: number;
}

/** A feed row: the summary, and the viewer organisation's state when it has one. */
export interface FeedEntry {
  summary: BulletinSummary;
  state: InboxState | null;
}

/** A bulletin with its history and receipts, as one partition read returns it. */
export interface BulletinRecord {
  bulletin: Bulletin;
  revisions: Revision[];
  acknowledgements: OrganisationAcknowledgement[];
  reads: ReadReceipt[];
}

/** Incident bulletins in the table (docs/data-model.md): every write one transaction with its audit event. */
export interface BulletinStore {
  createDraft(bulletin: Bulletin, audit: AuditEvent): Promise<void>;
  get(id: string): Promise<Bulletin | null>;
  getRecord(id: string): Promise<BulletinRecord | null>;
  /** Several bulletins at once (BatchGetItem, at most 100 ids), in the order asked; missing ones left out. */
  getMany(ids: readonly string[]): Promise<Bulletin[]>;
  /** Fails with `StaleRevisionError` unless the stored draft is at `expectedRevision`. */
  saveDraft(next: Bulletin, expectedRevision: number, audit: AuditEvent): Promise<void>;
  /** An attachment added, completed or discarded on a draft or published bulletin (not a summary field: lists stay as they are). */
  attach(next: Bulletin, expectedRevision: number, audit: AuditEvent): Promise<void>;
  /**
   * Bulletin, history entry, inbox or feed entries, port entries and audit event, in one
   * transaction; with `publishToken`, also the token that lets a retry of this publish recognise it.
   */
  publish(
    next: Bulletin,
    expectedRevision: number,
    entry: Revision,
    audit: AuditEvent,
    publishToken?: string,
  ): Promise<void>;
  /** The token stored by the publish that carried one (functions/api/publish-once.ts), else null. */
  publishToken(id: string): Promise<string | null>;
  /** A revision or a withdrawal: the bulletin and every list entry that carries its summary. */
  replacePublished(before: Bulletin, next: Bulletin, entry: Revision, audit: AuditEvent): Promise<void>;
  /** Receipts a concurrent request recorded first stand; only a changed bulletin is a `ConflictError`. */
  acknowledge(input: Acknowledging): Promise<void>;
  /** The bulletin, its own acknowledgement and the member's read receipt, in one round trip. */
  getWithStanding(
    id: string,
    organisationId: string,
    memberId: string,
  ): Promise<{
    bulletin: Bulletin | null;
    acknowledgement: OrganisationAcknowledgement | null;
    read: ReadReceipt | null;
  }>;
  /** Community feed and the organisation's inbox merged newest first: two parallel queries a stretch. */
  feed(organisationId: string, filter: FeedFilter, page: StretchRequest): Promise<Stretch<FeedEntry>>;
  /** One port's bulletins (GSI2), with the organisation's state of them: two queries a stretch. */
  byPort(
    locode: string,
    organisationId: string,
    filter: FeedFilter,
    page: StretchRequest,
  ): Promise<Stretch<FeedEntry>>;
  publicFeed(page: PageRequest): Promise<Page<BulletinSummary>>;
  /** The organisation's drafts with what decides who sees them (a TLP:RED draft: its author alone). */
  drafts(organisationId: string, page: StretchRequest): Promise<Stretch<DraftEntry>>;
  /** An audit event on its own (reads of restricted material). */
  recordAudit(...events: AuditEvent[]): Promise<void>;
}

/** What an acknowledgement records: the organisation's acknowledgement of the current round, a member's read, or both. */
export interface Acknowledging {
  bulletin: Bulletin;
  organisationId: string;
  member: { memberId: string; email: string };
  acknowledge: boolean;
  markRead: boolean;
  at: string;
  audit: AuditEvent;
}

/** A bulletin draft as its organisation's drafts list holds it. */
export interface DraftEntry {
  id: string;
  title: string;
  updatedAt: string;
  tlp: TlpLabel;
  authorId: string;
  authorOrganisationId: string;
}
