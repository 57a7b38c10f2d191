import type { MiddlewareHandler } from 'hono';
import { deadlines } from '../../settings/deadlines';
import type { AppEnv } from '../env';
import { unavailable } from '../problems';

/**
 * Beyond `limit` requests in flight the API answers 503 with `Retry-After` at once: a request
 * queued behind hundreds of others would only reach its deadline waiting, and holds memory while
 * it does. Liveness (`/api/v1/health`) always answers.
 */
export function loadShedding(limit: number = deadlines.maxInFlight): MiddlewareHandler<AppEnv> {
  let inFlight = 0;
  return async (c, next) => {
    if (c.req.path === '/api/v1/health') return next();
    if (inFlight >= limit) {
      throw unavailable(
        'The portal is handling as many requests as it can; try again in a moment.',
        deadlines.overloadedRetryAfterSeconds,
      );
    }
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  };
}
