import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

/** One structured log line per request, with the request id the client also gets. */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const { logger } = c.get('deps');
    const viewer = c.get('viewer');
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      ...(viewer ? { memberId: viewer.memberId, organisationId: viewer.organisationId } : {}),
    });
  };
}
