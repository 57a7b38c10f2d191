import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { healthPaths, liveness, readiness } from '../health';
import { newRouter } from '../router';

/**
 * The health routes as the OpenAPI document shows them. Requests are answered by `healthServer`
 * (../health.ts), with these same handlers but without zod.
 */
export const healthRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: healthPaths.liveness,
      tags: ['system'],
      summary: 'Liveness',
      responses: {
        200: {
          description: 'The API answers',
          content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
        },
      },
    }),
    liveness,
  )
  .openapi(
    createRoute({
      method: 'get',
      path: healthPaths.readiness,
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
    readiness,
  );
