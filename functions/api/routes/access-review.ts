import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import {
  type AccessReview,
  AccessReviewPage,
  AccessReviewStatus,
  AccessReviewSubmission,
  accessReviewStatus,
  OverdueReview,
} from '../../../shared/access-review';
import type { Member } from '../../../shared/member';
import { type Organisation, OrganisationId } from '../../../shared/organisation';
import { canCompleteAccessReview, canReviewAccess, canSeeOverdueReviews } from '../../../shared/permissions';
import { auditEvent } from '../audit';
import type { AppEnv } from '../env';
import { badRequest, forbidden, notFound } from '../problems';
import { bearerSecurity, newRouter, problemResponses } from '../router';
import { viewerOrganisation } from '../viewer';

const params = z.object({ id: OrganisationId });

/** Those who manage the organisation's members see its review; others learn nothing (404 for unknown ids). */
async function requireReviewReader(c: Context<AppEnv>, organisationId: string) {
  const viewer = c.get('viewer');
  if (!canReviewAccess(viewer, (await viewerOrganisation(c)).kind, organisationId)) {
    throw forbidden("Only the organisation's org_admins review its members' access.");
  }
  if (organisationId !== viewer.organisationId) {
    if (!(await c.get('deps').directory.getOrganisation(organisationId))) throw notFound('organisation');
  }
}

/** Every member of the organisation, a page of 100 per Query. */
async function allMembers(c: Context<AppEnv>, organisationId: string): Promise<Member[]> {
  const members: Member[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await c.get('deps').directory.listMembers(organisationId, { limit: 100, after });
    members.push(...page.items);
    after = page.next;
  } while (after);
  return members;
}

/** Every organisation of the directory, a page of 100 per Query. */
async function allOrganisations(c: Context<AppEnv>): Promise<Organisation[]> {
  const organisations: Organisation[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await c.get('deps').directory.listOrganisations({}, { limit: 100, after });
    organisations.push(...page.items);
    after = page.next;
  } while (after);
  return organisations;
}

export const accessReviewRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/organisations/{id}/access-review',
      tags: ['access review'],
      summary:
        'The access review page: every member with last sign-in and last restricted read, and the due date',
      security: bearerSecurity,
      request: { params },
      responses: {
        200: {
          description: 'Where the review stands, and the members to review',
          content: { 'application/json': { schema: AccessReviewPage } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireReviewReader(c, id);
      const { directory, now } = c.get('deps');
      const [members, review] = await Promise.all([allMembers(c, id), directory.getAccessReview(id)]);
      const reads = await directory.lastRestrictedReads(
        id,
        members.map((m) => m.id),
      );
      const decided = new Map(review?.decisions.map((d) => [d.memberId, d.decision]));
      const body: AccessReviewPage = {
        ...accessReviewStatus(id, review, now()),
        lastReviewer: review?.reviewer ?? null,
        members: members.map((m) => {
          const { status } = m as Member & { status?: string };
          return {
            id: m.id,
            name: m.name,
            email: m.email,
            role: m.role,
            ...(status ? { status } : {}),
            lastSignInAt: m.lastSignInAt ?? null,
            lastRestrictedReadAt: reads.get(m.id) ?? null,
            lastDecision: decided.get(m.id) ?? null,
          };
        }),
      };
      return c.json(body, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/organisations/{id}/access-review/status',
      tags: ['access review'],
      summary: 'When the organisation last reviewed access, and whether a review is overdue (one read)',
      security: bearerSecurity,
      request: { params },
      responses: {
        200: {
          description: 'Where the review stands',
          content: { 'application/json': { schema: AccessReviewStatus } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireReviewReader(c, id);
      const { directory, now } = c.get('deps');
      return c.json(accessReviewStatus(id, await directory.getAccessReview(id), now()), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/organisations/{id}/access-review',
      tags: ['access review'],
      summary:
        "Complete the organisation's access review: keep or suspend, one decision for every member " +
        '(suspending is the member PATCH; this records the review)',
      security: bearerSecurity,
      request: {
        params,
        body: { required: true, content: { 'application/json': { schema: AccessReviewSubmission } } },
      },
      responses: {
        201: {
          description: 'The review is recorded',
          content: { 'application/json': { schema: AccessReviewStatus } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { decisions } = c.req.valid('json');
      const viewer = c.get('viewer');
      await requireReviewReader(c, id);
      // The organisation confirms its own members; the Commission watches who is overdue.
      if (!canCompleteAccessReview(viewer, id)) {
        throw forbidden("Only the organisation's own org_admins complete its access review.");
      }
      const members = await allMembers(c, id);
      const byId = new Map(members.map((m) => [m.id, m]));
      const issues: { field: string; message: string }[] = [];
      const seen = new Set<string>();
      decisions.forEach((d, i) => {
        if (!byId.has(d.memberId)) {
          issues.push({ field: `decisions.${i}.memberId`, message: `"${d.memberId}" is not a member` });
        } else if (seen.has(d.memberId)) {
          issues.push({ field: `decisions.${i}.memberId`, message: `a second decision for "${d.memberId}"` });
        }
        seen.add(d.memberId);
      });
      const missing = members.filter((m) => !seen.has(m.id));
      if (missing.length > 0) {
        issues.push({
          field: 'decisions',
          message: `no decision for ${missing.map((m) => `${m.name} (${m.id})`).join(', ')}`,
        });
      }
      if (issues.length > 0) {
        throw badRequest(
          `Every member needs exactly one decision: ${issues.map((e) => e.message).join('; ')}.`,
          issues,
        );
      }
      const { directory, now } = c.get('deps');
      const reviewer = byId.get(viewer.memberId);
      const review: AccessReview = {
        organisationId: id,
        completedAt: now().toISOString(),
        reviewer: { memberId: viewer.memberId, name: reviewer?.name ?? viewer.email },
        decisions: decisions.map(({ memberId, decision }) => ({ memberId, decision })),
      };
      const suspended = decisions.filter((d) => d.decision === 'suspend').map((d) => d.memberId);
      await directory.saveAccessReview(
        review,
        auditEvent(c, 'access_review.completed', { type: 'organisation', id }, id, {
          kept: decisions.length - suspended.length,
          suspended,
        }),
      );
      return c.json(accessReviewStatus(id, review, now()), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/access-reviews/overdue',
      tags: ['access review'],
      summary: 'Organisations whose access review is overdue (Commission org_admins)',
      security: bearerSecurity,
      responses: {
        200: {
          description: 'Overdue organisations, never reviewed first, then the longest overdue',
          content: { 'application/json': { schema: z.object({ items: z.array(OverdueReview) }) } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      if (!canSeeOverdueReviews(c.get('viewer'), (await viewerOrganisation(c)).kind)) {
        throw forbidden('Only Commission org_admins see which organisations are overdue with their review.');
      }
      const { directory, now } = c.get('deps');
      const [organisations, times] = await Promise.all([allOrganisations(c), directory.accessReviewTimes()]);
      const at = now();
      const items = organisations
        .map((o) => ({
          ...accessReviewStatus(o.id, times.has(o.id) ? { completedAt: times.get(o.id)! } : null, at),
          name: o.name,
          kind: o.kind,
          country: o.country,
        }))
        .filter((o) => o.overdue)
        .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? '') || a.name.localeCompare(b.name));
      return c.json({ items }, 200);
    },
  );
