/**
 * The API paths anyone may call, spelled as HTTP API route paths (`{proxy+}` is one or more path
 * segments). The api lets them through without a token (functions/api/middleware/auth.ts) and
 * marks their answers cacheable (functions/api/app.ts); the HTTP API routes exactly these without
 * its JWT authorizer (infra/constructs/api.ts), every other path with it.
 */
export const publicPaths = [
  '/api/v1/health',
  '/api/v1/health/ready',
  '/api/v1/openapi.json',
  '/api/v1/public/{proxy+}',
  '/api/v1/unsubscribe/{proxy+}',
] as const;

/**
 * RFC 8058 one-click unsubscribe: a mail client POSTs to the `List-Unsubscribe` URL with no
 * sign-in (the signed token in the path is the proof). The HTTP API must route POST here without
 * the authorizer too (infra/constructs/api.ts).
 */
export const unsubscribePath = '/api/v1/unsubscribe/{proxy+}';
export const unsubscribeMethods = ['GET', 'POST'] as const;

/** Public answers are reads: at the edge these paths are open to GET only. */
export const publicMethods = ['GET'] as const;

const greedy = '{proxy+}';

/** True for a request path that one of `publicPaths` matches as API Gateway would. */
export function isPublicPath(path: string): boolean {
  return publicPaths.some((route) =>
    route.endsWith(greedy)
      ? path.startsWith(route.slice(0, -greedy.length)) && path.length > route.length - greedy.length
      : path === route,
  );
}

/** Public answers are cacheable, but not an unsubscribe link's: it is one member's and it acts. */
export const isCacheablePath = (path: string): boolean =>
  isPublicPath(path) && !path.startsWith(unsubscribePath.slice(0, -greedy.length));
