/**
 * Review of an organisation's answers (docs/review.md): the Commission, or the peer organisation it
 * assigned, accepts an answer, asks for more evidence or does not accept it. The rules are in
 * shared/review.ts; the store writes the review, the accepted counters and the audit event in one
 * transaction conditional on the revision the reviewer read.
 */
import type * as z from 'zod';
import { AnswerInput, ChecklistItemId } from '../../../../shared/checklist';
import { OrganisationId } from '../../../../shared/organisation';
import { reviewRefusal } from '../../../../shared/permissions';
import {
  assignRefusal,
  ItemReview,
  PeerAssignment,
  PeerAssignmentInput,
  ReviewInput,
  reviewAnswer,
} from '../../../../shared/review';
import type { AreaRouter } from '../../areas';
import { auditEvent } from '../../audit';
import { ifMatchHeaders, revisionNamed } from '../../headers';
import { badRequest, forbidden, notFound } from '../../problems';
import { jsonResponse as json } from '../../router';
import { stillAMember, viewerOrganisation } from '../../viewer';
import { assessmentParams, checklistRoute } from './common';

/** What the review route answers: the reviewed answer with its review. */
export const ReviewedItem = AnswerInput.extend({ review: ItemReview });

export const reviewRoutes = (router: AreaRouter) =>
  router
    .openapi(
      checklistRoute({
        method: 'put',
        path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}/items/{itemId}/review',
        summary:
          'Review one answer: accepted, needs more evidence or not accepted (Commission contributors, the assigned peer reviewer)',
        request: {
          params: assessmentParams.extend({ itemId: ChecklistItemId }),
          headers: ifMatchHeaders,
          body: { required: true, content: { 'application/json': { schema: ReviewInput } } },
        },
        responses: {
          200: json(ReviewedItem, 'The reviewed answer; ETag is the assessment revision reviewed'),
          409: {
            description: 'The answer was superseded by a new submission, or another review got there first',
          },
        },
      }),
      async (c) => {
        const { id, v, orgId, itemId } = c.req.valid('param');
        const input = c.req.valid('json');
        const expected = revisionNamed(c.req.valid('header')['if-match']);
        const viewer = c.get('viewer');
        // The viewer's organisation was read with the token (functions/api/viewer.ts): no round trip.
        const organisation = await viewerOrganisation(c);
        if (viewer.organisationId === orgId) {
          throw forbidden(reviewRefusal(viewer, organisation.kind, orgId, null) ?? '');
        }
        const { checklists, now } = c.get('deps');
        const ref = { checklistId: id, version: v };
        const context = await checklists.submissionContext(ref, orgId);
        // Refused before anything about the assessment is told: a 404 would say whether it exists.
        const refusal = reviewRefusal(viewer, organisation.kind, orgId, context.assignment);
        if (refusal) throw forbidden(refusal);
        if (!context.version) throw notFound('checklist version');
        if (!context.assessment) throw notFound('assessment (nothing was submitted yet)');
        if (expected === undefined) {
          throw badRequest('Name the revision of the answers you reviewed in If-Match.', [
            { field: 'if-match', message: 'send the ETag of the assessment you read, such as "3"' },
          ]);
        }
        const next = reviewAnswer(context.assessment, itemId, input, expected, {
          by: viewer.memberId,
          organisationId: viewer.organisationId,
          now: now(),
        });
        const audit = auditEvent(
          c,
          'assessment.reviewed',
          { type: 'assessment', id: `${id}/${v}/${orgId}` },
          orgId,
          {
            itemId,
            decision: input.decision,
            revision: next.revision,
          },
        );
        await checklists.review({ version: context.version, previous: context.assessment, next, audit });
        const item = next.items.find((a) => a.itemId === itemId);
        return c.json(item as z.infer<typeof ReviewedItem>, 200, { etag: `"${next.revision}"` });
      },
    )
    .openapi(
      checklistRoute({
        method: 'put',
        path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}/peer-reviewer',
        summary:
          "Assign a peer organisation to review this organisation's assessment (Commission contributors)",
        request: {
          params: assessmentParams,
          body: { required: true, content: { 'application/json': { schema: PeerAssignmentInput } } },
        },
        responses: { 200: json(PeerAssignment, 'The assignment') },
      }),
      async (c) => {
        const { id, v, orgId } = c.req.valid('param');
        const { reviewerOrganisationId } = c.req.valid('json');
        const viewer = c.get('viewer');
        const organisation = await viewerOrganisation(c);
        const refused = assignRefusal(viewer, organisation.kind, orgId, reviewerOrganisationId);
        if (refused) throw refused;
        if (!OrganisationId.safeParse(reviewerOrganisationId).success) {
          throw badRequest('No such organisation.', [
            { field: 'reviewerOrganisationId', message: 'an organisation id such as rotterdam' },
          ]);
        }
        const { checklists, now } = c.get('deps');
        const ref = { checklistId: id, version: v };
        // The reviewer organisation and the reviewed one, each with the version, in parallel.
        const [reviewer, reviewed] = await Promise.all([
          checklists.submissionContext(ref, reviewerOrganisationId),
          checklists.submissionContext(ref, orgId),
        ]);
        if (!reviewer.version) throw notFound('checklist version');
        if (!reviewed.organisation) throw notFound('organisation to review');
        if (!reviewer.organisation) {
          throw badRequest('No such organisation.', [
            { field: 'reviewerOrganisationId', message: 'not a member organisation' },
          ]);
        }
        stillAMember(reviewer.organisation);
        const assignment: PeerAssignment = {
          checklistId: id,
          version: v,
          organisationId: orgId,
          reviewerOrganisationId,
          assignedBy: viewer.memberId,
          assignedAt: now().toISOString(),
        };
        const audit = auditEvent(
          c,
          'assessment.peer_reviewer_assigned',
          { type: 'assessment', id: `${id}/${v}/${orgId}` },
          orgId,
          { reviewerOrganisationId },
        );
        await checklists.assignPeer(assignment, audit);
        return c.json(assignment, 200);
      },
    );
