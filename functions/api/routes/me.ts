import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { Organisation, Role } from '../../../shared/organisation';
import { forbidden } from '../problems';
import { bearerSecurity, newRouter, problemResponses } from '../router';

export const MeResponse = z.object({
  member: z.object({ id: z.string(), email: z.string(), name: z.string(), role: Role }),
  organisation: Organisation.pick({ id: true, name: true, kind: true, country: true, unlocode: true }),
});

export const meRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/me',
    tags: ['members'],
    summary: 'Who am I: the signed-in member and their organisation',
    security: bearerSecurity,
    responses: {
      200: { description: 'The signed-in member', content: { 'application/json': { schema: MeResponse } } },
      401: problemResponses[401],
      403: problemResponses[403],
    },
  }),
  async (c) => {
    const viewer = c.get('viewer');
    const { member, organisation } = await c
      .get('deps')
      .directory.getMemberWithOrganisation(viewer.organisationId, viewer.memberId);
    if (!member || !organisation)
      throw forbidden('You are not (or no longer) a member of this organisation.');
    const { id, name, kind, country, unlocode } = organisation;
    return c.json(
      {
        member: { id: member.id, email: member.email, name: member.name, role: member.role },
        organisation: { id, name, kind, country, ...(unlocode ? { unlocode } : {}) },
      },
      200,
    );
  },
);
