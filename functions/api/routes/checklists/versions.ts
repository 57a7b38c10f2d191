/** `GET /api/v1/checklists/{id}/versions/{v}`: one published version, which never changes. */
import { ChecklistVersion } from '../../../../shared/checklist';
import type { AreaRouter } from '../../areas';
import { notFound } from '../../problems';
import { jsonResponse as json } from '../../router';
import { checklistRoute, versionParams } from './common';

export const versionRoutes = (router: AreaRouter) =>
  router.openapi(
    checklistRoute({
      method: 'get',
      path: '/api/v1/checklists/{id}/versions/{v}',
      summary: 'One published version',
      request: { params: versionParams },
      responses: { 200: json(ChecklistVersion, 'The version') },
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
