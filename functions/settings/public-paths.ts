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
] as const;

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
