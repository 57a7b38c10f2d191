import type { ApiToken, AuditEvent } from '../../shared';

/** A token as the auth middleware reads it: the listing fields and the hash of its secret. */
export interface StoredApiToken extends ApiToken {
  secretHash: string;
}

/** API tokens of organisations (shared/api-token.ts); writes carry their audit event. */
export interface TokenStore {
  /** Consistent read: a token revoked a moment ago is refused on the very next request. */
  get(organisationId: string, tokenId: string): Promise<StoredApiToken | null>;
  list(organisationId: string): Promise<ApiToken[]>;
  create(token: StoredApiToken, audit: AuditEvent): Promise<void>;
  /** Deletes the token with its audit event; false when there was no such token. */
  revoke(organisationId: string, tokenId: string, audit: AuditEvent): Promise<boolean>;
  /** Notes a use when the stored last use is older than `before` (at most once a minute). */
  recordUse(organisationId: string, tokenId: string, at: string, before: string): Promise<void>;
}
