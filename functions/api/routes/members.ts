import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import { Member, NewMember } from '../../../shared/member';
import { OrganisationId } from '../../../shared/organisation';
import { canManageMembers } from '../../../shared/permissions';
import { PageQuery, pageOf } from '../../../shared/problem';
import { ConflictError } from '../../ports';
import { auditEvent } from '../audit';
import type { AppEnv } from '../env';
import { forbidden, notFound } from '../problems';
import { bearerSecurity, newRouter, problemResponses } from '../router';
import { viewerOrganisation } from '../viewer';

const params = z.object({ id: OrganisationId });

/** A member as the members page lists them: with their last read of restricted material (audit trail). */
const MemberWithActivity = Member.extend({ lastRestrictedReadAt: z.iso.datetime().nullable() });

/** Only that organisation's org_admins and Commission org_admins; others learn nothing (404 for unknown ids). */
async function requireMemberManager(c: Context<AppEnv>, organisationId: string) {
  const viewer = c.get('viewer');
  const viewerOrg = await viewerOrganisation(c);
  if (!canManageMembers(viewer, viewerOrg.kind, organisationId)) {
    throw forbidden("Only the organisation's org_admins manage its members.");
  }
  if (organisationId !== viewer.organisationId) {
    const target = await c.get('deps').directory.getOrganisation(organisationId);
    if (!target) throw notFound('organisation');
  }
}

export const memberRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/organisations/{id}/members',
      tags: ['members'],
      summary: "An organisation's members (its org_admins, Commission org_admins)",
      security: bearerSecurity,
      request: { params, query: PageQuery },
      responses: {
        200: {
          description: 'A page of members, each with their last read of restricted material',
          content: { 'application/json': { schema: pageOf(MemberWithActivity) } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      await requireMemberManager(c, id);
      const { directory, cursors } = c.get('deps');
      const scope = `members|${id}`;
      const page = await directory.listMembers(id, { limit, after: cursors.open(scope, cursor) });
      // One Limit-1 Query per member listed, in parallel (shared/table.ts restrictedReadBy).
      const reads = await directory.lastRestrictedReads(
        id,
        page.items.map((m) => m.id),
      );
      const items = page.items.map((m) => ({ ...m, lastRestrictedReadAt: reads.get(m.id) ?? null }));
      return c.json({ items, nextCursor: cursors.seal(scope, page.next) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/organisations/{id}/members',
      tags: ['members'],
      summary: 'Invite a member into the organisation',
      security: bearerSecurity,
      request: { params, body: { required: true, content: { 'application/json': { schema: NewMember } } } },
      responses: {
        201: { description: 'The member was invited', content: { 'application/json': { schema: Member } } },
        409: { description: 'The e-mail belongs to a member already' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      await requireMemberManager(c, id);
      const { directory, identity, now } = c.get('deps');
      if (await directory.findMemberByEmail(input.email)) {
        throw new ConflictError('That e-mail address belongs to a member already.');
      }
      const { memberId } = await identity.createUser({ ...input, organisationId: id });
      const member: Member = { id: memberId, organisationId: id, ...input, createdAt: now().toISOString() };
      try {
        await directory.createMember(
          member,
          auditEvent(c, 'member.invited', { type: 'member', id: memberId }, id, { role: input.role }),
        );
      } catch (err) {
        // Keep the identity directory and the table in step: no sign-in without a member record.
        await identity.deleteUser({ memberId, email: input.email });
        throw err;
      }
      return c.json(member, 201);
    },
  );
