import type { MiddlewareHandler } from 'hono';
import { errors, jwtVerify } from 'jose';
import { OrganisationId, type Role } from '../../../shared/organisation';
import type { Viewer } from '../../../shared/viewer';
import type { AppEnv, Deps } from '../env';
import { unauthorized } from '../problems';

/** Paths anyone may call; everything else under /api/v1 needs a verified bearer token. */
const openPaths = [/^\/api\/v1\/health$/, /^\/api\/v1\/openapi\.json$/, /^\/api\/v1\/public\//];

/** True for the paths anyone may call, whose answers are public (and so may be cached). */
export const isPublicPath = (path: string) => openPaths.some((p) => p.test(path));

const roleOrder: Role[] = ['org_admin', 'contributor', 'reader'];

/** The member's role is the highest of their Cognito groups that names a role. */
function roleFromGroups(groups: unknown): Role | null {
  if (!Array.isArray(groups)) return null;
  return roleOrder.find((role) => groups.includes(role)) ?? null;
}

/**
 * Verifies `Authorization: Bearer <JWT>` with jose against the issuer's keys and turns the claims
 * (`sub`, `email`, `custom:org`, `cognito:groups`) into the request's `viewer`. One instance
 * guards every protected route.
 */
export function bearerAuth(auth: Deps['auth']): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isPublicPath(c.req.path)) return next();
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthorized('Sign in: this request needs a bearer token.');
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, auth.keys, {
        issuer: auth.issuer,
        ...(auth.audience ? { audience: auth.audience } : {}),
        algorithms: ['RS256'],
        requiredClaims: ['sub', 'exp'],
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
    const organisationId = OrganisationId.safeParse(claims['custom:org']);
    const role = roleFromGroups(claims['cognito:groups']);
    if (!organisationId.success || !role || typeof claims.sub !== 'string') {
      throw unauthorized('The token does not name an organisation and a role.');
    }
    const viewer: Viewer = {
      memberId: claims.sub,
      email: typeof claims.email === 'string' ? claims.email : '',
      organisationId: organisationId.data,
      role,
    };
    c.set('viewer', viewer);
    return next();
  };
}
