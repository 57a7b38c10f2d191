import type { Context, Hono } from 'hono';
import type { AppEnv } from './env';

/**
 * The api app's context of each request it hands to an area, whose router reads its variables.
 * Apart from router.ts so the api app forwards without loading zod (docs/benchmarks.md).
 */
const forwarded = new WeakMap<Request, Context<AppEnv>>();

/**
 * Hands a request that passed the api app's middleware (request id, log, body limit, auth) to an
 * area's router (areas.ts); the area's errors go back to the api app's error handler.
 */
export function forwardTo(router: Hono<AppEnv>, c: Context<AppEnv>): Promise<Response> {
  forwarded.set(c.req.raw, c);
  return Promise.resolve(router.fetch(c.req.raw, c.env));
}

/** The api app's context of a request it forwarded, if it did. */
export const forwardedContext = (request: Request): Context<AppEnv> | undefined => forwarded.get(request);
