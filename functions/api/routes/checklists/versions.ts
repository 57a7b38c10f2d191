/** `GET /api/v1/checklists/{id}/versions/{v}`: one published version, which never changes. */
import { createRoute } from '@hono/zod-openapi';
import { ChecklistVersion } from '../../../../shared/checklist';
import type { AreaRouter } from '../../areas';
import { notFound } from '../../problems';
import { bearerSecurity, jsonResponse as json, problemResponses } from '../../router';
import { versionParams } from './common';

export const versionRoutes = (router: AreaRouter) =>
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/checklists/{id}/versions/{v}',
      tags: ['checklists'],
      summary: 'One published version',
      security: bearerSecurity,
      request: { params: versionParams },
      responses: { 200: json(ChecklistVersion, 'The version'), ...problemResponses },
    }),
    async (c) => {
      const { id, v } = c.req.valid('param');
      const { version } = await c
        .get('deps')
        .checklists.submissionContext({ checklistId: id, version: v }, c.get('viewer').organisationId);
      if (!version) throw notFound('checklist version');
      return c.json(version, 200);
    },
  );
