/**
 * The ports between routes and the outside world. Routes depend on these interfaces only;
 * adapters (DynamoDB, S3, Cognito, the local issuer) implement them.
 */
import type { AuditEvent, Member, Organisation, OrganisationFilter, Role } from '../shared';

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
  listAudit(organisationId: string, month: string, page: PageRequest): Promise<Page<AuditEvent>>;
}

/** Creates sign-in identities (Cognito in AWS; the local issuer needs none). */
export interface IdentityDirectory {
  createUser(input: {
    email: string;
    name: string;
    organisationId: string;
    role: Role;
  }): Promise<{ memberId: string }>;
  deleteUser(input: { memberId: string; email: string }): Promise<void>;
}

/** A write lost a race or broke a uniqueness rule. */
export class ConflictError extends Error {
  override name = 'ConflictError';
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
}
