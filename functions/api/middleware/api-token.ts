import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { apiTokenRules, parseApiToken, requiredScope, tokenRole } from '../../../shared/api-token-rules';
import { statusOf } from '../../../shared/directory-rules';
import type { Viewer } from '../../../shared/viewer';
import type { AppEnv, Deps } from '../env';
import { memberAccessOf } from '../member-access';
import { accessRefused, forbidden, unauthorized } from '../problems';
import { rememberViewerOrganisation } from '../viewer';

/** What is stored of a token's secret: its SHA-256 (the secret is 256 random bits, so no salt or slow hash is needed). */
export const hashTokenSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

const sameHash = (a: string, b: string) => {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
};

const refused =
  'The API token is not valid (unknown, revoked or mistyped); ask your org admin for a new one.';

/**
 * The viewer of a request that carries an API token: a member of the token's organisation with at
 * most the contributor role and only the token's scopes. Every request reads the token (consistent
 * GetItem), so a revoked or expired token is refused on the next request; the token's creator
 * goes through the member status cache (functions/api/member-access.ts), so a token of a suspended
 * or removed org admin stops within the same 3 seconds as their own sign-in.
 */
export async function tokenViewer(c: Context<AppEnv>, deps: Deps, bearer: string): Promise<Viewer> {
  const parts = parseApiToken(bearer);
  if (!parts) throw unauthorized(refused);
  const stored = await deps.tokens.get(parts.organisationId, parts.id);
  if (!stored || !sameHash(stored.secretHash, hashTokenSecret(parts.secret))) throw unauthorized(refused);
  const now = deps.now();
  if (Date.parse(stored.expiresAt) <= now.getTime()) {
    throw unauthorized(
      `The API token "${stored.name}" expired at ${stored.expiresAt}; ask your org admin for a new one.`,
    );
  }
  const { member, organisation } = await memberAccessOf(deps).lookup(stored.organisationId, stored.createdBy);
  if (!organisation) {
    throw accessRefused(
      'You are no longer a member',
      'The organisation of this API token is not (or no longer) a member of the alliance.',
    );
  }
  if (!member || statusOf(member) !== 'active') {
    throw accessRefused(
      'Your access has been suspended',
      `The org admin who created the API token "${stored.name}" is suspended or no longer a member; ask another org admin for a new token.`,
    );
  }
  const scope = requiredScope(c.req.method, c.req.path);
  if (scope === null) throw forbidden('API tokens cannot do this; sign in as a member instead.');
  if (!stored.scopes.includes(scope)) {
    throw forbidden(`The API token "${stored.name}" lacks the scope ${scope}.`);
  }
  const before = new Date(now.getTime() - apiTokenRules.lastUseResolutionMs).toISOString();
  if (!stored.lastUsedAt || stored.lastUsedAt < before) {
    await deps.tokens
      .recordUse(stored.organisationId, stored.id, now.toISOString(), before)
      .catch((err: unknown) => deps.logger.warn('token use not recorded', { error: err as Error }));
  }
  rememberViewerOrganisation(c.req.raw, organisation);
  return {
    memberId: `token:${stored.id}`,
    email: '',
    organisationId: stored.organisationId,
    role: tokenRole(member.role),
    organisationKind: organisation.kind,
    token: { id: stored.id, name: stored.name, scopes: stored.scopes },
  };
}
