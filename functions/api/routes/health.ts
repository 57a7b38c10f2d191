import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { newRouter } from '../router';

export const healthRoutes = newRouter().openapi(
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
);
