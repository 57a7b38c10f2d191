import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import {
  NewOrganisation,
  Organisation,
  OrganisationFilter,
  OrganisationId,
  organisationIdFromName,
} from '../../../shared/organisation';
import { canAddOrganisation } from '../../../shared/permissions';
import { PageQuery, pageOf } from '../../../shared/problem';
import { auditEvent } from '../audit';
import { forbidden, notFound } from '../problems';
import { bearerSecurity, jsonResponse as json, newRouter, problemResponses } from '../router';
import { viewerOrganisation } from '../viewer';

export const organisationRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/organisations',
      tags: ['organisations'],
      summary: 'The alliance directory, by kind and country',
      security: bearerSecurity,
      request: { query: OrganisationFilter.extend(PageQuery.shape) },
      responses: { 200: json(pageOf(Organisation), 'A page of organisations'), ...problemResponses },
    }),
    async (c) => {
      const { kind, country, limit, cursor } = c.req.valid('query');
      const { directory } = c.get('deps');
      const cursors = c.get('deps').cursors;
      const scope = `organisations|${kind ?? ''}|${country ?? ''}`;
      const page = await directory.listOrganisations(
        { kind, country },
        { limit, after: cursors.open(scope, cursor) },
      );
      return c.json({ items: page.items, nextCursor: cursors.seal(scope, page.next) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/organisations/{id}',
      tags: ['organisations'],
      summary: 'One organisation',
      security: bearerSecurity,
      request: { params: z.object({ id: OrganisationId }) },
      responses: { 200: json(Organisation, 'The organisation'), ...problemResponses },
    }),
    async (c) => {
      const organisation = await c.get('deps').directory.getOrganisation(c.req.valid('param').id);
      if (!organisation) throw notFound('organisation');
      return c.json(organisation, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/organisations',
      tags: ['organisations'],
      summary: 'Add a member organisation (Commission org_admin)',
      security: bearerSecurity,
      request: { body: { required: true, content: { 'application/json': { schema: NewOrganisation } } } },
      responses: {
        201: json(Organisation, 'The organisation was added'),
        409: { description: 'The id is taken' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewerOrg = await viewerOrganisation(c);
      if (!canAddOrganisation(c.get('viewer'), viewerOrg.kind)) {
        throw forbidden('Only a Commission org_admin adds member organisations.');
      }
      const input = c.req.valid('json');
      const organisation: Organisation = {
        id: input.id ?? organisationIdFromName(input.name),
        name: input.name,
        kind: input.kind,
        country: input.country,
        ...(input.unlocode ? { unlocode: input.unlocode } : {}),
        createdAt: c.get('deps').now().toISOString(),
      };
      await c
        .get('deps')
        .directory.createOrganisation(
          organisation,
          auditEvent(
            c,
            'organisation.created',
            { type: 'organisation', id: organisation.id },
            organisation.id,
          ),
        );
      return c.json(organisation, 201, { location: `/api/v1/organisations/${organisation.id}` });
    },
  );
