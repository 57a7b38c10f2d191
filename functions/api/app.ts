import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { isCacheablePath } from '../settings/public-paths';
import { areas } from './areas';
import type { AppEnv, Deps } from './env';
import { forwardTo } from './forward';
import { bearerAuth } from './middleware/auth';
import { requestDeadline } from './middleware/deadline';
import { loadShedding } from './middleware/load-shedding';
import { requestLog } from './middleware/request-log';
import { loadOnce } from './on-demand/on-first-use';
import { answerProblem, notFound, problemResponse, tooLarge, toProblem } from './problems';

/** The TAXII server's paths (functions/api/routes/taxii.ts), outside /api/v1. */
const taxiiPaths = ['/taxii2', '/taxii2/*'] as const;
const isTaxiiPath = (path: string) => path === '/taxii2' || path.startsWith('/taxii2/');

/** Request bodies above this are refused with 413 before anything parses them. */
export const maxBodyBytes = 256 * 1024;

/**
 * The whole API as one Hono app. The Lambda entry and the local server wrap this same app;
 * tests drive it in-process with `app.request()`. Its middleware runs once per request, which it
 * then forwards to the area of the path (areas.ts), loading that area's routes on first use.
 */
const openApiDocument = loadOnce(() => import('./openapi-document'));

export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();

  // Our own ids only: a client-chosen request id must not collide in the audit trail.
  app.use('*', requestId({ headerName: '', generator: () => crypto.randomUUID() }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
    // After the response exists: an area's response is its own, not built on this context's headers.
    c.header('X-Request-Id', c.get('requestId'));
    // Anything but a public path may carry restricted content (its problems too): keep no copy.
    if ((c.req.path.startsWith('/api/') || isTaxiiPath(c.req.path)) && !isCacheablePath(c.req.path)) {
      c.header('Cache-Control', 'no-store');
    }
  });
  app.use('*', requestLog());
  // Turned away at once beyond the limit; then every request bounded by its deadline (docs/faults.md).
  app.use('/api/*', loadShedding(deps.maxInFlight));
  app.use('/api/*', requestDeadline(deps.requestDeadlineMs));
  // The TAXII server (routes/taxii.ts) reads what the API reads: the same limits and the same auth.
  for (const path of taxiiPaths) {
    app.use(path, loadShedding(deps.maxInFlight));
    app.use(path, requestDeadline(deps.requestDeadlineMs));
    app.use(path, bearerAuth(deps));
  }
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: async (c) => {
        throw await tooLarge(c, maxBodyBytes);
      },
    }),
  );
  app.use('/api/v1/*', bearerAuth(deps));

  for (const area of areas) {
    const serve = loadOnce(area.serve ?? area.routes);
    for (const path of area.paths) {
      app.all(path, async (c) => {
        if (!area.keyless) await deps.keysInUse?.();
        return forwardTo(await serve(), c);
      });
    }
  }
  // Its own chunk: the Lambda bundle's is the document computed at build time (openapi-document.ts).
  app.get('/api/v1/openapi.json', async (c) => {
    const { apiDocumentJson } = await openApiDocument();
    return c.body(await apiDocumentJson(), 200, { 'content-type': 'application/json' });
  });

  app.notFound((c) => problemResponse(c, notFound('route')));
  app.onError(async (err, c) => {
    const problem = toProblem(err);
    if (problem.status >= 500) {
      deps.logger.error('unhandled error', { requestId: c.get('requestId'), error: err as Error });
    }
    return answerProblem(c, problem);
  });
  return app;
}

export type ApiApp = ReturnType<typeof createApp>;
