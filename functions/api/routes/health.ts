import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { ProblemError, problemResponse } from '../problems';
import { newRouter } from '../router';

/** Seconds a client is told to wait before asking readiness again. */
const readinessRetryAfterSeconds = 5;

export const healthRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/health',
      tags: ['system'],
      summary: 'Liveness',
      responses: {
        200: {
          description: 'The API answers',
          content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
        },
      },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/health/ready',
      tags: ['system'],
      summary: 'Readiness: the table and the file store answer',
      description:
        'One read of a fixed item and one HEAD of a fixed object, each bounded to 1.5 s, so this answers within about 2 s even when storage hangs.',
      responses: {
        200: {
          description: 'The table and the file store answered',
          content: {
            'application/json': {
              schema: z.object({
                status: z.literal('ready'),
                table: z.literal(true),
                files: z.literal(true),
              }),
            },
          },
        },
        503: { description: 'The table or the file store did not answer (problem+json, Retry-After)' },
      },
    }),
    async (c) => {
      const { table, files } = await c.get('deps').readiness();
      // Public, yet never to be kept by a cache: it says how things are now.
      if (table && files)
        return c.json({ status: 'ready' as const, table, files }, 200, { 'cache-control': 'no-store' });
      const down = [table ? null : 'the table', files ? null : 'the file store']
        .filter(Boolean)
        .join(' and ');
      const res = problemResponse(
        c,
        new ProblemError(503, 'Service unavailable', `Not ready: ${down} did not answer in time.`),
      );
      res.headers.set('retry-after', String(readinessRetryAfterSeconds));
      res.headers.set('cache-control', 'no-store');
      return res;
    },
  );
