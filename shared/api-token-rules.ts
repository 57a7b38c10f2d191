/**
 * API tokens without zod (like directory-rules.ts): the auth middleware checks every token request
 * with these, and the api Lambda's cold start does not load the schema library for them.
 * A machine of a member organisation (its MISP, OpenCTI, case system) reads what the organisation
 * may see, within the scopes an org admin gave the token (docs/interoperability.md).
 */
export const apiTokenScopes = [
  'bulletins:read',
  'bulletins:acknowledge',
  'documents:read',
  'progress:read',
] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

export const apiTokenRules = {
  /** A token lives at most a year; an org admin makes a new one after that. */
  maxLifetimeDays: 365,
  /** Live tokens an organisation may hold at once, so its list stays one small Query. */
  maxPerOrganisation: 50,
  /** `lastUsedAt` is written at most once a minute per token, not per request. */
  lastUseResolutionMs: 60_000,
  /** What a token starts with, so the API tells it from a JWT (which starts with `eyJ`) at once. */
  prefix: 'alp.',
} as const;

/** The token string: prefix, organisation, token id and secret, dot-separated. */
export const formatApiToken = (organisationId: string, id: string, secret: string) =>
  `${apiTokenRules.prefix}${organisationId}.${id}.${secret}`;

const tokenShape =
  /^alp\.([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export const isApiTokenString = (bearer: string) => bearer.startsWith(apiTokenRules.prefix);

/** The parts of a well-formed token string; null for anything else. */
export function parseApiToken(bearer: string): { organisationId: string; id: string; secret: string } | null {
  const m = tokenShape.exec(bearer);
  return m ? { organisationId: m[1]!, id: m[2]!, secret: m[3]! } : null;
}

/** Why an expiry is refused (none: accepted): in the future, at most `maxLifetimeDays` ahead. */
export function expiryIssue(expiresAt: string, now: Date): string | null {
  const at = Date.parse(expiresAt);
  if (at <= now.getTime()) return 'must be in the future';
  if (at - now.getTime() > apiTokenRules.maxLifetimeDays * 24 * 60 * 60 * 1000) {
    return `at most ${apiTokenRules.maxLifetimeDays} days ahead`;
  }
  return null;
}

/**
 * What an API token may read, by path prefix (the prefix itself and everything below it): the one
 * list `requiredScope` checks and the HTTP API routes past its Cognito authorizer
 * (infra/constructs/api.ts), since the edge cannot verify a token that is not a Cognito JWT.
 */
export const tokenReadPrefixes = [
  { prefix: '/api/v1/bulletins', scope: 'bulletins:read' },
  { prefix: '/taxii2', scope: 'bulletins:read' },
  { prefix: '/api/v1/documents', scope: 'documents:read' },
  { prefix: '/api/v1/progress', scope: 'progress:read' },
] as const satisfies readonly { prefix: string; scope: ApiTokenScope }[];

/** The one write a token may make, as an HTTP API route path. */
export const tokenAcknowledgePath = '/api/v1/bulletins/{id}/acknowledgements';
const acknowledgePattern = /^\/api\/v1\/bulletins\/[^/]+\/acknowledgements$/;

/**
 * The scope a token needs for a request; null for what no token may do (writing, `/me`, managing
 * members or tokens, the audit trail): default deny.
 */
export function requiredScope(method: string, path: string): ApiTokenScope | null {
  const read = method === 'GET' || method === 'HEAD';
  if (method === 'POST' && acknowledgePattern.test(path)) return 'bulletins:acknowledge';
  if (!read) return null;
  const found = tokenReadPrefixes.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`));
  return found?.scope ?? null;
}

/** The role a token acts with: its creator's, at most contributor. */
export const tokenRole = (creatorRole: 'reader' | 'contributor' | 'org_admin') =>
  creatorRole === 'reader' ? ('reader' as const) : ('contributor' as const);

/** Only the organisation's own org admins create, list and revoke its tokens (not the Commission's: a token is the organisation's own key). */
export const canManageTokens = (
  viewer: { organisationId: string; role: string; token?: unknown },
  organisationId: string,
): boolean =>
  viewer.token === undefined && viewer.organisationId === organisationId && viewer.role === 'org_admin';
