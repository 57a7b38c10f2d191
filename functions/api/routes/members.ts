import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import type { AuditEvent } from '../../../shared/audit';
import { Member, MemberChange, MemberId, MemberRemoval, NewMember, statusOf } from '../../../shared/member';
import { OrganisationId } from '../../../shared/organisation';
import { canManageMembers } from '../../../shared/permissions';
import { PageQuery, pageOf } from '../../../shared/problem';
import { ConflictError } from '../../ports';
import { auditEvent } from '../audit';
import type { AppEnv } from '../env';
import { memberAccessOf } from '../member-access';
import { forbidden, notFound } from '../problems';
import { bearerSecurity, newRouter, problemResponses } from '../router';
import { viewerOrganisation } from '../viewer';

const params = z.object({ id: OrganisationId });
const memberParams = z.object({ id: OrganisationId, memberId: MemberId });

/**
 * The audit events of a change to a member: one in the organisation's trail and, when a Commission
 * org_admin acts on another organisation (an emergency), the same event in the Commission's too.
 */
function memberAudit(
  c: Context<AppEnv>,
  action: string,
  member: Member,
  details: Record<string, unknown>,
): AuditEvent[] {
  const viewer = c.get('viewer');
  const emergency = viewer.organisationId !== member.organisationId;
  const object = { type: 'member', id: member.id };
  const all = { ...details, ...(emergency ? { emergency: true } : {}) };
  const event = auditEvent(c, action, object, member.organisationId, all);
  if (!emergency) return [event];
  return [
    event,
    auditEvent(c, action, object, viewer.organisationId, {
      ...all,
      memberOrganisationId: member.organisationId,
    }),
  ];
}

/** One action name per request: the status change when there is one, else the role change. */
function changeAction(before: Member, change: MemberChange): string {
  if (change.status === 'suspended') return 'member.suspended';
  if (change.status === 'active' && statusOf(before) !== 'active') return 'member.reinstated';
  if (change.role !== undefined) return 'member.role_changed';
  return change.status === 'active' ? 'member.reinstated' : 'member.suspended';
}

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
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/organisations/{id}/members/{memberId}',
      tags: ['members'],
      summary: 'Suspend, reinstate or change the role of a member, with a reason',
      description:
        "The organisation's org_admins, or a Commission org_admin in an emergency (audited as such). " +
        'A suspended member is refused (401) at the latest 5 s later, whatever their token says.',
      security: bearerSecurity,
      request: {
        params: memberParams,
        body: { required: true, content: { 'application/json': { schema: MemberChange } } },
      },
      responses: {
        200: { description: 'The updated member', content: { 'application/json': { schema: Member } } },
        409: { description: 'The last active org admin of the organisation' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id, memberId } = c.req.valid('param');
      const change = c.req.valid('json');
      await requireMemberManager(c, id);
      const deps = c.get('deps');
      const done = await deps.directory.changeMember(
        id,
        memberId,
        {
          ...(change.status ? { status: change.status } : {}),
          ...(change.role ? { role: change.role } : {}),
        },
        (before) =>
          memberAudit(c, changeAction(before, change), before, {
            reason: change.reason,
            from: { status: statusOf(before), role: before.role },
            to: { status: change.status ?? statusOf(before), role: change.role ?? before.role },
          }),
      );
      if (!done) throw notFound('member');
      const { before, after } = done;
      // This instance stops trusting its cached view at once; others within memberStatusTtlMs.
      memberAccessOf(deps).forget(id, memberId);
      // The directory is what the API checks; Cognito follows so that no new token is issued.
      if (change.status === 'suspended') await deps.identity.suspendUser({ email: before.email });
      if (change.status === 'active') await deps.identity.reinstateUser({ email: before.email });
      if (after.role !== before.role) {
        await deps.identity.changeRole({ email: before.email, from: before.role, to: after.role });
      }
      return c.json(after, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/organisations/{id}/members/{memberId}',
      tags: ['members'],
      summary: 'Remove a member, with a reason',
      description:
        "The organisation's org_admins, or a Commission org_admin in an emergency (audited as such). " +
        'The member record and its sign-in identity are deleted; the audit trail keeps the history.',
      security: bearerSecurity,
      request: { params: memberParams, query: MemberRemoval },
      responses: {
        204: { description: 'The member was removed' },
        409: { description: 'The last active org admin of the organisation' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id, memberId } = c.req.valid('param');
      const { reason } = c.req.valid('query');
      await requireMemberManager(c, id);
      const deps = c.get('deps');
      const removed = await deps.directory.removeMember(id, memberId, (before) =>
        memberAudit(c, 'member.removed', before, {
          reason,
          email: before.email,
          from: { status: statusOf(before), role: before.role },
        }),
      );
      if (!removed) throw notFound('member');
      memberAccessOf(deps).forget(id, memberId);
      await deps.identity.deleteUser({ memberId, email: removed.email });
      return c.body(null, 204);
    },
  );
