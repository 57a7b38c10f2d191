/**
 * The ports between routes and the outside world. Routes depend on these interfaces only;
 * adapters (DynamoDB, S3, Cognito, the local issuer) implement them.
 */
import type {
  AccessReview,
  AuditEvent,
  AuditFilter,
  Bulletin,
  BulletinSummary,
  FeedFilter,
  Member,
  MemberStatus,
  Organisation,
  OrganisationAcknowledgement,
  OrganisationFilter,
  ReadReceipt,
  Revision,
  Role,
  TlpLabel,
} from '../shared';

/** A stored position in a list; sealed into an opaque cursor before it reaches a client. */
export type StoreKey = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  next?: StoreKey;
}

export interface PageRequest {
  limit: number;
  after?: StoreKey;
}

/**
 * A stretch of a list read in position order, for lists whose pages are cut to what one viewer
 * may see (functions/api/visible-page.ts): each entry with its position, and where reading stopped
 * when the list goes on.
 */
export interface Stretch<T> {
  entries: { position: string; item: T }[];
  next?: string;
}

/** Where to read a stretch from: strictly after `after`, at most `limit` stored entries. */
export interface StretchRequest {
  limit: number;
  after?: string;
}

export interface DirectoryStore {
  getOrganisation(id: string): Promise<Organisation | null>;
  listOrganisations(filter: OrganisationFilter, page: PageRequest): Promise<Page<Organisation>>;
  /** Fails with `ConflictError` when the id is taken. Writes the audit event in the same transaction. */
  createOrganisation(organisation: Organisation, audit: AuditEvent): Promise<void>;
  /** Member and their organisation in one round trip. */
  getMemberWithOrganisation(
    organisationId: string,
    memberId: string,
  ): Promise<{ member: Member | null; organisation: Organisation | null }>;
  findMemberByEmail(email: string): Promise<Member | null>;
  listMembers(organisationId: string, page: PageRequest): Promise<Page<Member>>;
  /** Fails with `ConflictError` when the e-mail is taken alliance-wide. */
  createMember(member: Member, audit: AuditEvent): Promise<void>;
  /**
   * A new status and/or role for a member, its audit events in the same transaction; null when
   * there is no such member. Fails with `LastOrgAdminError` when the organisation would be left
   * without an active org_admin.
   */
  changeMember(
    organisationId: string,
    memberId: string,
    change: { status?: MemberStatus; role?: Role },
    audit: (before: Member) => AuditEvent[],
  ): Promise<{ before: Member; after: Member } | null>;
  /** Deletes the member and their e-mail guard with the audit events; same rules as `changeMember`. */
  removeMember(
    organisationId: string,
    memberId: string,
    audit: (before: Member) => AuditEvent[],
  ): Promise<Member | null>;
  /** Stores `lastSignInAt` unless a later one is stored already (one conditional UpdateItem). */
  recordSignIn(organisationId: string, memberId: string, at: string): Promise<void>;
  /**
   * A page of an organisation's trail, newest first, filtered; `page.after` is a position this
   * method returned. At most `auditQueriesPerPage` Queries fill a page (filters may leave it short).
   */
  listAudit(organisationId: string, query: AuditQuery, page: PageRequest): Promise<Page<AuditEvent>>;
  /** An audit event on its own (reads of the audit trail). */
  recordAudit(audit: AuditEvent): Promise<void>;
  /** Each member's latest restricted read (absent when none): one Query per member, in parallel. */
  lastRestrictedReads(organisationId: string, memberIds: readonly string[]): Promise<Map<string, string>>;
  getAccessReview(organisationId: string): Promise<AccessReview | null>;
  /** Replaces the organisation's review; the audit event rides in the same transaction. */
  saveAccessReview(review: AccessReview, audit: AuditEvent): Promise<void>;
  /** The latest review's completion time of every organisation that has one. */
  accessReviewTimes(): Promise<Map<string, string>>;
}

/** An audit list request: the filter, and the months (newest first) its dates span. */
export interface AuditQuery {
  filter: AuditFilter;
  months: string[];
}

/** One whole month of a trail, unfiltered. */
export const auditMonthQuery = (month: string): AuditQuery => ({
  filter: { from: month, to: month },
  months: [month],
});

/** The most Queries one page of the audit trail costs. */
export const auditQueriesPerPage = 5;

/** Creates sign-in identities (Cognito in AWS; the local issuer needs none). */
export interface IdentityDirectory {
  createUser(input: {
    email: string;
    name: string;
    organisationId: string;
    role: Role;
  }): Promise<{ memberId: string }>;
  deleteUser(input: { memberId: string; email: string }): Promise<void>;
  /** No more sign-ins, and every refresh token revoked (Cognito: disable and global sign-out). */
  suspendUser(input: { email: string }): Promise<void>;
  reinstateUser(input: { email: string }): Promise<void>;
  changeRole(input: { email: string; from: Role; to: Role }): Promise<void>;
}

/** Who may be named as recipients: organisations and members, checked before an item is saved. */
export interface RecipientDirectory {
  /** The ids among `ids` that name no organisation. */
  missingOrganisations(ids: readonly string[]): Promise<string[]>;
  /** For each member id found in one of `organisationIds`, that organisation. */
  locateMembers(
    organisationIds: readonly string[],
    memberIds: readonly string[],
  ): Promise<Map<string, string>>;
  /** Members of one organisation whom a contributor may name (id, name, role). */
  candidates(organisationId: string): Promise<Pick<Member, 'id' | 'name' | 'role'>[]>;
}

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
  /** Fails with `StaleRevisionError` unless the stored draft is at `expectedRevision`. */
  saveDraft(next: Bulletin, expectedRevision: number, audit: AuditEvent): Promise<void>;
  /** An attachment added, completed or discarded on a draft or published bulletin (not a summary field: lists stay as they are). */
  attach(next: Bulletin, expectedRevision: number, audit: AuditEvent): Promise<void>;
  /** Bulletin, history entry, inbox or feed entries, port entries and audit event, in one transaction. */
  publish(next: Bulletin, expectedRevision: number, entry: Revision, audit: AuditEvent): Promise<void>;
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

/** An update named a revision that is no longer current (If-Match → 412). */
export class StaleRevisionError extends Error {
  override name = 'StaleRevisionError';
}

/** A write lost a race or broke a uniqueness rule. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** The change would leave an organisation without an active org_admin (409). */
export class LastOrgAdminError extends ConflictError {
  override name = 'LastOrgAdminError';
}

export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
  key: string;
}

/** Files in S3: uploads and downloads go straight between the browser and S3, presigned. */
export interface FileStore {
  presignUpload(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresInSeconds?: number;
  }): Promise<PresignedUpload>;
  presignDownload(input: { key: string; fileName: string; expiresInSeconds?: number }): Promise<string>;
  describe(key: string): Promise<{ size: number; contentType?: string } | null>;
  /** Reads the object through once, streaming, and returns its SHA-256 (hex); null when it is missing. */
  digest(key: string): Promise<{ sha256: string; size: number } | null>;
  /** Deletes the object; a key with no object is fine (an upload that never arrived). */
  remove(key: string): Promise<void>;
}
