import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { Deps } from './env';
import { bearerAuth } from './middleware/auth';
import { requestLog } from './middleware/request-log';
import { notFound, ProblemError, problemResponse, toProblem } from './problems';
import { newRouter } from './router';
import { auditRoutes } from './routes/audit';
import { bulletinRoutes } from './routes/bulletins';
import { checklistRoutes } from './routes/checklists';
import { documentRoutes } from './routes/documents';
import { healthRoutes } from './routes/health';
import { meRoutes } from './routes/me';
import { memberRoutes } from './routes/members';
import { organisationRoutes } from './routes/organisations';
import { progressRoutes } from './routes/progress';
import { publicBulletinRoutes } from './routes/public-bulletins';
import { recipientRoutes } from './routes/recipients';

/** Request bodies above this are refused with 413 before anything parses them. */
export const maxBodyBytes = 256 * 1024;

/**
 * The whole API as one Hono app. The Lambda entry and the local server wrap this same app;
 * tests drive it in-process with `app.request()`.
 */
export function createApp(deps: Deps) {
  const app = newRouter();

  // Our own ids only: a client-chosen request id must not collide in the audit trail.
  app.use('*', requestId({ headerName: '', generator: () => crypto.randomUUID() }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.header('X-Request-Id', c.get('requestId'));
    await next();
  });
  app.use('*', requestLog());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new ProblemError(
          413,
          'Payload too large',
          `Request bodies are limited to ${maxBodyBytes / 1024} KB.`,
        );
      },
    }),
  );
  app.use('/api/v1/*', bearerAuth(deps.auth));

  app.route('/', healthRoutes);
  app.route('/', meRoutes);
  app.route('/', organisationRoutes);
  app.route('/', memberRoutes);
  app.route('/', auditRoutes);
  app.route('/', checklistRoutes);
  app.route('/', progressRoutes);
  app.route('/', bulletinRoutes);
  app.route('/', publicBulletinRoutes);
  app.route('/', documentRoutes);
  app.route('/', recipientRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Alliance portal API',
      version: '1',
      description:
        'Incident bulletins, best practices and harmonized checklists of the European ports alliance.',
    },
  });

  app.notFound((c) => problemResponse(c, notFound('route')));
  app.onError((err, c) => {
    const problem = toProblem(err);
    if (problem.status >= 500) {
      deps.logger.error('unhandled error', { requestId: c.get('requestId'), error: err as Error });
    }
    return problemResponse(c, problem);
  });
  return app;
}

export type ApiApp = ReturnType<typeof createApp>;
