import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { OrganisationId, Role } from '../../../shared/organisation';
import { canContribute } from '../../../shared/permissions';
import { forbidden, notFound } from '../problems';
import { bearerSecurity, newRouter, problemResponses } from '../router';

const Candidate = z.object({ id: z.string(), name: z.string(), role: Role });

/**
 * Whom a contributor may name as a TLP:RED recipient: the members of one organisation (ids and
 * names only). Shared by bulletins and documents.
 */
export const recipientRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/recipients/{organisationId}/members',
    tags: ['bulletins'],
    summary: 'Members a contributor may name as TLP:RED recipients',
    security: bearerSecurity,
    request: { params: z.object({ organisationId: OrganisationId }) },
    responses: {
      200: {
        description: 'The candidates',
        content: { 'application/json': { schema: z.object({ items: z.array(Candidate) }) } },
      },
      ...problemResponses,
    },
  }),
  async (c) => {
    if (!canContribute(c.get('viewer'))) throw forbidden('Only contributors address material.');
    const { organisationId } = c.req.valid('param');
    const { recipients } = c.get('deps');
    if ((await recipients.missingOrganisations([organisationId])).length > 0) throw notFound('organisation');
    return c.json({ items: await recipients.candidates(organisationId) }, 200);
  },
);
