/**
 * Liveness and readiness, served without zod: the api Lambda's first request is often one of
 * these, and neither validates input, so answering them does not load the schema library
 * (docs/benchmarks.md). routes/health.ts documents the same two routes with the same handlers for
 * the OpenAPI document.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from './env';
import { asAreaRouter } from './forward';
import { ProblemError, problemResponse } from './problems';

export const healthPaths = { liveness: '/api/v1/health', readiness: '/api/v1/health/ready' } as const;

/** Seconds a client is told to wait before asking readiness again. */
const readinessRetryAfterSeconds = 5;

export const liveness = (c: Context<AppEnv>) => c.json({ status: 'ok' as const }, 200);

export async function readiness(c: Context<AppEnv>) {
  const { table, files } = await c.get('deps').readiness();
  // Public, yet never to be kept by a cache: it says how things are now.
  if (table && files)
    return c.json({ status: 'ready' as const, table, files }, 200, { 'cache-control': 'no-store' });
  const down = [table ? null : 'the table', files ? null : 'the file store'].filter(Boolean).join(' and ');
  const res = problemResponse(
    c,
    new ProblemError(503, 'Service unavailable', `Not ready: ${down} did not answer in time.`),
  );
  res.headers.set('retry-after', String(readinessRetryAfterSeconds));
  res.headers.set('cache-control', 'no-store');
  return res;
}

/** What answers the health area's requests (areas.ts). */
export const healthServer = asAreaRouter(new Hono<AppEnv>())
  .get(healthPaths.liveness, liveness)
  .get(healthPaths.readiness, readiness);
