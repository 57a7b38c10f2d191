/**
 * An organisation's assessment of a checklist version: submitting one acknowledges the version on
 * the organisation's behalf; a resubmission replaces it and keeps the old one in its history
 * (docs/checklists.md). The rules are in shared/checklist-lifecycle.ts.
 */
import * as z from 'zod';
import {
  AnswerInput,
  Assessment,
  AssessmentDraft,
  AssessmentDraftInput,
  AssessmentInput,
  assessmentErrors,
} from '../../../../shared/checklist';
import { assess, checkAnswers } from '../../../../shared/checklist-lifecycle';
import { seesEveryAssessment } from '../../../../shared/permissions';
import { PageQuery, pageOf } from '../../../../shared/problem';
import { ItemReview } from '../../../../shared/review';
import type { AreaRouter } from '../../areas';
import { auditEvent } from '../../audit';
import { ifMatchHeaders, revisionNamed } from '../../headers';
import { badRequest, forbidden, notFound } from '../../problems';
import { jsonResponse as json } from '../../router';
import { stillAMember } from '../../viewer';
import {
  assessable,
  assessmentParams,
  checklistRoute,
  guarded,
  missingEvidence,
  staleResponse,
  versionParams,
  visibleAssessment,
} from './common';

/** One organisation's assessment as the Commission, the organisation and its peer reviewer read it. */
const AssessmentView = z.object({
  assessment: Assessment.extend({
    items: z.array(AnswerInput.extend({ review: ItemReview.nullable() })),
  }).nullable(),
  history: z.array(Assessment),
  /** Its assessments of earlier versions of the checklist, newest first. */
  earlierVersions: z.array(Assessment),
  /** Who the Commission assigned to review it; the organisation sees who reviews it. */
  peerReviewer: z.object({ organisationId: z.string(), assignedAt: z.string() }).nullable(),
});

export const assessmentRoutes = (router: AreaRouter) =>
  router
    .openapi(
      checklistRoute({
        method: 'put',
        path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}',
        summary: "Submit or replace the organisation's assessment (acknowledges on its behalf)",
        request: {
          params: assessmentParams,
          headers: ifMatchHeaders,
          body: { required: true, content: { 'application/json': { schema: AssessmentInput } } },
        },
        responses: {
          200: json(Assessment, 'The assessment replaced the previous one (kept in its history)'),
          201: json(Assessment, 'The first assessment of this version'),
          409: { description: 'Another submission got there first, or the version is no longer current' },
          ...staleResponse,
        },
      }),
      async (c) => {
        const { id, v, orgId } = c.req.valid('param');
        const answers = c.req.valid('json');
        const expected = revisionNamed(c.req.valid('header')['if-match']);
        const { checklists, now } = c.get('deps');
        const ref = { checklistId: id, version: v };
        const context = await assessable(c, ref, orgId);
        checkAnswers(context.version, answers);
        const previous = context.assessment;
        const evidenceErrors = await missingEvidence(c, ref, orgId, answers, previous);
        if (evidenceErrors.length > 0)
          throw badRequest('Some evidence files were not uploaded.', evidenceErrors);
        const next = assess({ ...context, previous, answers }, expected, {
          by: c.get('viewer').memberId,
          now: now(),
        });
        const subject = { type: 'assessment', id: `${id}/${v}/${orgId}` } as const;
        const audit = auditEvent(c, 'assessment.submitted', subject, orgId, { revision: next.revision });
        await guarded(expected, () => checklists.submit({ version: context.version, previous, next, audit }));
        return c.json(next, previous ? 200 : 201, { etag: `"${next.revision}"` });
      },
    )
    .openapi(
      checklistRoute({
        method: 'get',
        path: '/api/v1/checklists/{id}/versions/{v}/assessments',
        summary: 'Assessments of a version: the Commission sees all, an organisation its own',
        request: { params: versionParams, query: PageQuery },
        responses: { 200: json(pageOf(Assessment), 'A page of assessments') },
      }),
      async (c) => {
        const { id, v } = c.req.valid('param');
        const { limit, cursor } = c.req.valid('query');
        const { checklists, cursors } = c.get('deps');
        const viewer = c.get('viewer');
        const ref = { checklistId: id, version: v };
        const scope = `assessments|${id}|${v}|${viewer.organisationId}`;
        const after = cursors.open(scope, cursor);
        // Both reads at once; the page is only returned to the Commission.
        const [context, page] = await Promise.all([
          checklists.submissionContext(ref, viewer.organisationId),
          checklists.listAssessments(ref, { limit, after }),
        ]);
        if (!context.version) throw notFound('checklist version');
        if (seesEveryAssessment(stillAMember(context.organisation).kind)) {
          return c.json({ items: page.items, nextCursor: cursors.seal(scope, page.next) }, 200);
        }
        return c.json({ items: context.assessment ? [context.assessment] : [], nextCursor: null }, 200);
      },
    )
    .openapi(
      checklistRoute({
        method: 'get',
        path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}',
        summary:
          "One organisation's assessment and its history (the Commission, and the organisation itself)",
        request: { params: assessmentParams },
        responses: {
          200: json(
            AssessmentView,
            'The assessment (null when not yet submitted) with each answer’s review, the ones it replaced (newest first), its assessments of earlier versions and its peer reviewer',
          ),
        },
      }),
      async (c) => {
        const { id, v, orgId } = c.req.valid('param');
        const view = await visibleAssessment(c, { checklistId: id, version: v }, orgId);
        if (!view.version) throw notFound('checklist version');
        const withReviews = (a: Assessment) => ({
          ...a,
          items: a.items.map((item) => ({ ...item, review: item.review ?? null })),
        });
        return c.json(
          {
            assessment: view.assessment ? withReviews(view.assessment) : null,
            history: view.history,
            earlierVersions: view.earlierVersions,
            peerReviewer: view.assignment
              ? {
                  organisationId: view.assignment.reviewerOrganisationId,
                  assignedAt: view.assignment.assignedAt,
                }
              : null,
          },
          200,
          { ...(view.assessment ? { etag: `"${view.assessment.revision}"` } : {}) },
        );
      },
    )
    .openapi(
      checklistRoute({
        method: 'put',
        path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}/draft',
        summary:
          'Save half-finished answers without submitting (contributors of the organisation); nothing is counted',
        request: {
          params: assessmentParams,
          body: { required: true, content: { 'application/json': { schema: AssessmentDraftInput } } },
        },
        responses: {
          200: json(AssessmentDraft, 'The saved answers; the to-do shows the checklist in progress'),
        },
      }),
      async (c) => {
        const { id, v, orgId } = c.req.valid('param');
        const input = c.req.valid('json');
        const context = await assessable(c, { checklistId: id, version: v }, orgId);
        // Unknown or repeated items are refused; missing ones are what "half-finished" means.
        const errors = assessmentErrors(context.version, { items: input.items }).filter(
          (e) => e.field !== 'items',
        );
        if (errors.length > 0) throw badRequest('Some answers do not match this version.', errors);
        const viewer = c.get('viewer');
        const draft = {
          ...input,
          checklistId: id,
          version: v,
          organisationId: orgId,
          savedAt: c.get('deps').now().toISOString(),
          savedBy: viewer.memberId,
        };
        const subject = { type: 'assessment', id: `${id}/${v}/${orgId}` } as const;
        await c
          .get('deps')
          .checklists.saveAssessmentDraft(
            draft,
            auditEvent(c, 'assessment.draft_saved', subject, orgId, { answered: input.items.length }),
          );
        return c.json(draft, 200);
      },
    )
    .openapi(
      checklistRoute({
        method: 'get',
        path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}/draft',
        summary: "The organisation's half-finished answers (its own members only)",
        request: { params: assessmentParams },
        responses: {
          200: json(z.object({ draft: AssessmentDraft.nullable() }), 'The saved answers, or null'),
        },
      }),
      async (c) => {
        const { id, v, orgId } = c.req.valid('param');
        if (c.get('viewer').organisationId !== orgId) {
          throw forbidden('Only the organisation itself sees its unsubmitted answers.');
        }
        const draft = await c
          .get('deps')
          .checklists.getAssessmentDraft({ checklistId: id, version: v }, orgId);
        return c.json({ draft }, 200);
      },
    );
