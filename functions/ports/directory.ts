import type {
  AccessReview,
  AuditEvent,
  Member,
  MemberStatus,
  Organisation,
  OrganisationFilter,
  Role,
} from '../../shared';
import type { AuditQuery } from './audit';
import type { Page, PageRequest } from './pages';

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
