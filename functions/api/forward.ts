import type { Context, Hono } from 'hono';
import type { AppEnv } from './env';
import { notFound, problemResponse } from './problems';

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

/**
 * Makes `router` an area's router: it answers only what the api app forwards to it, with the api
 * app's variables, and hands its errors back to the api app's error handler.
 */
export function asAreaRouter<R extends Hono<AppEnv>>(router: R): R {
  router.use('*', async (c, next) => {
    const api = forwarded.get(c.req.raw);
    if (!api) throw new Error('an area router answers only requests that the api app forwards to it');
    c.set('requestId', api.get('requestId'));
    c.set('deps', api.get('deps'));
    const viewer = api.get('viewer');
    if (viewer) c.set('viewer', viewer);
    await next();
  });
  router.onError((err) => {
    throw err;
  });
  // A path of the area with no route for it (or not for this method), as the api app answers.
  router.notFound((c) => problemResponse(c, notFound('route')));
  return router;
}
