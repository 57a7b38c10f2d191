import type { MiddlewareHandler } from 'hono';
import { isApiTokenString } from '../../../shared/api-token-rules';
import { isOrganisationId, statusOf } from '../../../shared/directory-rules';
import type { Viewer } from '../../../shared/viewer';
import { isPublicPath } from '../../settings/public-paths';
import type { AppEnv, Deps } from '../env';
import { memberAccessOf } from '../member-access';
import { loadOnce } from '../on-demand/on-first-use';
import { accessRefused, unauthorized } from '../problems';
import { rememberViewerOrganisation } from '../viewer';
import { VerifiedTokens } from './verified-tokens';

/**
 * What a token must look like: what Cognito issues to the web client (and the local issuer copies).
 * The web app sends the ID token (web/src/auth/session.ts), whose `aud` is the app client id; an
 * access token (`client_id`, no `aud`) or a token of another client is refused.
 */
export const tokenRules = {
  tokenUse: 'id',
  /** Cognito's longest ID token validity; a token meant to live longer was not issued by it. */
  maxLifetimeSeconds: 24 * 60 * 60,
  /** Tolerated clock difference between the issuer and us for `iat`. */
  clockSkewSeconds: 60,
} as const;

/**
 * Paths anyone may call, whose answers are public (and so may be cached); everything else under
 * /api/v1 needs a verified bearer token. Defined with the HTTP API's routes, which must agree.
 */
export { isPublicPath };

/** What a refused member is told; the local issuer says the same when they try to sign in again. */
export const refusals = {
  suspended: {
    title: 'Your access has been suspended',
    detail:
      "An org admin suspended your access to the portal. Ask your organisation's org admin to reinstate it.",
  },
  notAMember: {
    title: 'You are no longer a member',
    detail: "You are not (or no longer) a member of this organisation. Ask your organisation's org admin.",
  },
} as const;

/**
 * Verifies `Authorization: Bearer <JWT>` with jose against the issuer's keys, holds it to what the
 * issuer issues (audience, `token_use`, `iat`, lifetime), then takes the member from the directory
 * through the member status cache: status, role and organisation come from there, never from the
 * token's groups. A suspended, removed or unknown member is refused with 401.
 */
// Loaded by the first request that carries a token: public requests never verify one.
const jose = loadOnce(() => import('./jose'));

export function bearerAuth(deps: Deps): MiddlewareHandler<AppEnv> {
  const { auth } = deps;
  const verified = new VerifiedTokens();
  return async (c, next) => {
    if (isPublicPath(c.req.path)) return next();
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthorized('Sign in: this request needs a bearer token.');
    // An API token (shared/api-token-rules.ts) is told apart by its prefix; a JWT pays nothing for it.
    if (isApiTokenString(token)) {
      const { tokenViewer } = await import('./api-token');
      c.set('viewer', await tokenViewer(c, deps, token));
      return next();
    }
    const now = deps.now();
    let claims = verified.get(token, now);
    if (!claims) {
      const { errors, jwtVerify } = await jose();
      try {
        ({ payload: claims } = await jwtVerify(token, auth.keys, {
          issuer: auth.issuer,
          audience: auth.audience,
          algorithms: ['RS256'],
          requiredClaims: ['sub', 'exp', 'iat', 'token_use'],
          currentDate: now,
        }));
      } catch (err) {
        const why =
          err instanceof errors.JWTExpired
            ? 'The token has expired; sign in again.'
            : err instanceof errors.JWTClaimValidationFailed
              ? `The token's ${err.claim} claim is not accepted.`
              : 'The token could not be verified.';
        throw unauthorized(why);
      }
      verified.remember(token, claims, now);
    }
    const iat = claims.iat as number;
    const exp = claims.exp as number;
    if (claims.token_use !== tokenRules.tokenUse) {
      throw unauthorized(
        `The token's token_use claim is not accepted: send the ${tokenRules.tokenUse} token.`,
      );
    }
    if (iat > now.getTime() / 1000 + tokenRules.clockSkewSeconds) {
      throw unauthorized("The token's iat claim is in the future; sign in again.");
    }
    if (exp - iat > tokenRules.maxLifetimeSeconds) {
      throw unauthorized('The token lives longer than the portal accepts (24 hours); sign in again.');
    }
    const organisationId = claims['custom:org'];
    if (!isOrganisationId(organisationId) || typeof claims.sub !== 'string') {
      throw unauthorized('The token does not name an organisation and a member.');
    }

    const access = memberAccessOf(deps);
    const { member, organisation } = await access.lookup(organisationId, claims.sub);
    // A token naming another organisation than the member's finds no member record there.
    if (!member || !organisation) throw accessRefused(refusals.notAMember.title, refusals.notAMember.detail);
    if (statusOf(member) !== 'active')
      throw accessRefused(refusals.suspended.title, refusals.suspended.detail);

    // Last sign-in: once per sign-in (Cognito's `auth_time`; `iat` when absent), not per request.
    const authTime = typeof claims.auth_time === 'number' ? claims.auth_time : iat;
    const signedInAt = new Date(Math.min(authTime, iat) * 1000).toISOString();
    if (!member.lastSignInAt || member.lastSignInAt < signedInAt) {
      // Noted on the cached record first, so concurrent requests with this token write once.
      member.lastSignInAt = signedInAt;
      await deps.directory
        .recordSignIn(member.organisationId, member.id, signedInAt)
        .catch((err: unknown) => {
          // Bookkeeping only: a failed write must not refuse the member's request.
          deps.logger.warn('last sign-in not recorded', { error: err as Error });
        });
    }

    const viewer: Viewer = {
      memberId: member.id,
      email: member.email,
      organisationId: member.organisationId,
      role: member.role,
      organisationKind: organisation.kind,
    };
    rememberViewerOrganisation(c.req.raw, organisation);
    c.set('viewer', viewer);
    return next();
  };
}
