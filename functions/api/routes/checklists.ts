import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import { AttachmentDownload, AttachmentUpload, NewAttachment } from '../../../shared/attachment';
import {
  AnswerInput,
  Assessment,
  AssessmentInput,
  appliesToOrganisation,
  assessmentErrors,
  assignItemIds,
  type ChecklistDraft,
  ChecklistDraftPatch,
  ChecklistDraft as ChecklistDraftSchema,
  ChecklistId,
  type ChecklistRecord,
  ChecklistVersion,
  diffItems,
  draftEqualsVersion,
  NewChecklist,
  prefillAnswers,
  VersionNumber,
  VersionSummary,
  versionSummaryOf,
} from '../../../shared/checklist';
import { type Organisation, OrganisationId, organisationIdFromName } from '../../../shared/organisation';
import {
  assessRefusal,
  canDraftChecklists,
  canSeeAssessment,
  seesEveryAssessment,
} from '../../../shared/permissions';
import { PageQuery, pageOf } from '../../../shared/problem';
import { OwnStatus } from '../../../shared/progress';
import { ConflictError, refKey, type VersionRef } from '../../ports';
import { attachmentKey, presignAttachmentDownload, presignAttachmentUpload } from '../attachments';
import { auditEvent } from '../audit';
import type { AppEnv } from '../env';
import { badRequest, conflict, forbidden, notFound, ProblemError } from '../problems';
import { bearerSecurity, jsonResponse as json, newRouter, problemResponses } from '../router';
import { viewerOrganisation } from '../viewer';

const preconditionFailed = (detail: string) => new ProblemError(412, 'Precondition failed', detail);

/** `If-Match: "3"` (or 3): the revision the client last saw; absent means "whatever is current". */
export function ifMatchRevision(c: Context<AppEnv>): number | undefined {
  const header = c.req.header('if-match');
  if (header === undefined) return undefined;
  const match = header.trim().match(/^(?:W\/)?"?(\d{1,9})"?$/);
  if (!match) {
    throw badRequest('If-Match must carry a revision number such as "3".', [
      { field: 'If-Match', message: 'revision number' },
    ]);
  }
  return Number(match[1]);
}

/** A lost race answers 412 when the client named a revision, 409 otherwise (retry after reloading). */
async function guarded<T>(expected: number | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof ConflictError && expected !== undefined) throw preconditionFailed(err.message);
    throw err;
  }
}

async function requireDrafter(c: Context<AppEnv>): Promise<Organisation> {
  const organisation = await viewerOrganisation(c);
  if (!canDraftChecklists(c.get('viewer'), organisation.kind)) {
    throw forbidden('Only Commission contributors draft and publish checklists.');
  }
  return organisation;
}

const idParams = z.object({ id: ChecklistId });
const versionParams = z.object({ id: ChecklistId, v: VersionNumber });
const assessmentParams = versionParams.extend({ orgId: OrganisationId });

/** The viewer organisation's standing towards one checklist's current version. */
const ViewerStanding = z.object({
  applicable: z.boolean(),
  status: OwnStatus,
  overdue: z.boolean(),
  submittedAt: z.string().nullable(),
  revision: z.number().int().nullable(),
  /** True when the organisation acknowledged the previous version: it is asked to acknowledge again. */
  acknowledgedPreviousVersion: z.boolean(),
});

const ChecklistListItem = z.object({
  id: ChecklistId,
  title: z.string(),
  createdAt: z.string(),
  current: VersionSummary.nullable(),
  viewer: ViewerStanding.nullable(),
});

const ChecklistDetail = z.object({
  id: ChecklistId,
  title: z.string(),
  revision: z.number().int(),
  createdAt: z.string(),
  current: ChecklistVersion.nullable(),
  versions: z.array(
    z.object({ version: z.number().int(), publishedAt: z.string(), changed: z.number().int() }),
  ),
  /** The working draft: Commission drafters only. */
  draft: ChecklistDraftSchema.nullable(),
  /** True when the draft differs from the current version (publishing would make a new one). */
  draftPending: z.boolean().nullable(),
  viewer: ViewerStanding.extend({
    assessment: Assessment.nullable(),
    /** Answers of unchanged items carried over from the previous version's assessment. */
    prefill: z.array(AnswerInput),
  }).nullable(),
});

const TodoItem = z.object({
  checklistId: ChecklistId,
  version: z.number().int(),
  title: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  acknowledgedPreviousVersion: z.boolean(),
});

function standingOf(
  current: { version: number; dueAt: string; appliesTo: readonly string[] },
  organisation: Organisation,
  assessment: Assessment | undefined | null,
  previous: Assessment | undefined | null,
  now: Date,
): z.infer<typeof ViewerStanding> {
  const applicable = appliesToOrganisation({ appliesTo: current.appliesTo as never }, organisation);
  return {
    applicable,
    status: !applicable ? 'not_applicable' : assessment ? 'acknowledged' : 'pending',
    overdue: applicable && !assessment && now.getTime() > Date.parse(current.dueAt),
    submittedAt: assessment?.submittedAt ?? null,
    revision: assessment?.revision ?? null,
    acknowledgedPreviousVersion: Boolean(previous),
  };
}

/** The current and the previous version of each checklist, for the viewer's standing in one batch. */
const standingRefs = (records: readonly ChecklistRecord[]): VersionRef[] =>
  records.flatMap((r) =>
    r.current
      ? [
          { checklistId: r.id, version: r.current.version },
          ...(r.current.version > 1 ? [{ checklistId: r.id, version: r.current.version - 1 }] : []),
        ]
      : [],
  );

/** How many checklists the to-do looks at: one page of the checklist index. */
const todoScope = 100;

/** Evidence lives under the checklist and organisation, not the version: prefilled answers keep their files. */
const evidenceKey = (checklistId: string, organisationId: string, evidenceId: string) =>
  attachmentKey('assessments', `${checklistId}/${organisationId}`, evidenceId);

/**
 * What submitting (or uploading evidence for) `orgId`'s assessment of a version needs, after the
 * checks: only a contributor of that organisation, of a kind the version applies to, on the
 * current version.
 */
async function assessable(c: Context<AppEnv>, ref: VersionRef, orgId: string) {
  const viewer = c.get('viewer');
  // Decided from the token alone, before anything is read: only one's own organisation.
  if (viewer.organisationId !== orgId) {
    throw forbidden('You may submit only your own organisation’s assessment.');
  }
  const context = await c.get('deps').checklists.submissionContext(ref, orgId);
  if (!context.version || !context.record) throw notFound('checklist version');
  if (!context.organisation)
    throw forbidden('Your organisation is not (or no longer) a member of the alliance.');
  const refusal = assessRefusal(viewer, context.organisation.kind, orgId, context.version.appliesTo);
  if (refusal) throw forbidden(refusal);
  if (context.record.current && context.record.current.version !== ref.version) {
    throw conflict(
      `Version ${ref.version} is no longer current; assess version ${context.record.current.version}.`,
    );
  }
  return { ...context, version: context.version, organisation: context.organisation };
}

/** Evidence named in the answers must have been uploaded (files already in the previous revision were). */
async function missingEvidence(
  c: Context<AppEnv>,
  ref: VersionRef,
  orgId: string,
  input: AssessmentInput,
  previous: Assessment | null,
) {
  const known = new Set(previous?.items.flatMap((a) => (a.evidence ? [a.evidence.id] : [])) ?? []);
  const { files } = c.get('deps');
  const checks = await Promise.all(
    input.items.map(async (answer, index) => {
      if (!answer.evidence || known.has(answer.evidence.id)) return null;
      const found = await files.describe(evidenceKey(ref.checklistId, orgId, answer.evidence.id));
      return found
        ? null
        : { field: `items.${index}.evidence`, message: 'no such uploaded file: upload it first' };
    }),
  );
  return checks.filter((e): e is { field: string; message: string } => e !== null);
}

export const checklistRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/checklists',
      tags: ['checklists'],
      summary: 'Draft a harmonized checklist (Commission contributors)',
      security: bearerSecurity,
      request: { body: { required: true, content: { 'application/json': { schema: NewChecklist } } } },
      responses: {
        201: json(ChecklistDetail, 'The draft was created'),
        409: { description: 'The id is taken' },
        ...problemResponses,
      },
    }),
    async (c) => {
      await requireDrafter(c);
      const input = c.req.valid('json');
      const viewer = c.get('viewer');
      const at = c.get('deps').now().toISOString();
      const id = input.id ?? organisationIdFromName(input.title).slice(0, 60).replace(/-+$/, '');
      const items = assignItemIds(input.items, []);
      const record: ChecklistRecord = {
        id,
        title: input.title,
        revision: 1,
        createdAt: at,
        createdBy: viewer.memberId,
        current: null,
        usedItemIds: items.map((i) => i.id),
      };
      const draft: ChecklistDraft = {
        title: input.title,
        description: input.description,
        appliesTo: input.appliesTo,
        dueAt: new Date(input.dueAt).toISOString(),
        items,
        updatedAt: at,
        updatedBy: viewer.memberId,
      };
      await c
        .get('deps')
        .checklists.create(
          record,
          draft,
          auditEvent(c, 'checklist.drafted', { type: 'checklist', id }, viewer.organisationId),
        );
      return c.json(
        {
          id,
          title: record.title,
          revision: record.revision,
          createdAt: at,
          current: null,
          versions: [],
          draft,
          draftPending: true,
          viewer: null,
        },
        201,
        { location: `/api/v1/checklists/${id}`, etag: `"${record.revision}"` },
      );
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/checklists/{id}',
      tags: ['checklists'],
      summary: 'Edit the working draft (the published versions never change)',
      security: bearerSecurity,
      request: {
        params: idParams,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: { required: true, content: { 'application/json': { schema: ChecklistDraftPatch } } },
      },
      responses: {
        200: json(ChecklistDraftSchema, 'The saved draft'),
        409: { description: 'Changed meanwhile (no If-Match)' },
        412: { description: 'If-Match names a revision that is no longer current' },
        ...problemResponses,
      },
    }),
    async (c) => {
      await requireDrafter(c);
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      const expected = ifMatchRevision(c);
      const { checklists, now } = c.get('deps');
      const found = await checklists.get(id);
      if (!found) throw notFound('checklist');
      if (expected !== undefined && expected !== found.record.revision) {
        throw preconditionFailed(`The checklist is at revision ${found.record.revision}, not ${expected}.`);
      }
      const viewer = c.get('viewer');
      const items = patch.items ? assignItemIds(patch.items, found.record.usedItemIds) : found.draft.items;
      const draft: ChecklistDraft = {
        ...found.draft,
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.appliesTo !== undefined ? { appliesTo: patch.appliesTo } : {}),
        ...(patch.dueAt !== undefined ? { dueAt: new Date(patch.dueAt).toISOString() } : {}),
        items,
        updatedAt: now().toISOString(),
        updatedBy: viewer.memberId,
      };
      const record: ChecklistRecord = {
        ...found.record,
        revision: found.record.revision + 1,
        usedItemIds: [...new Set([...found.record.usedItemIds, ...items.map((i) => i.id)])],
      };
      await guarded(expected, () =>
        checklists.saveDraft(
          record,
          draft,
          found.record.revision,
          auditEvent(c, 'checklist.draft_saved', { type: 'checklist', id }, viewer.organisationId, {
            revision: record.revision,
          }),
        ),
      );
      return c.json(draft, 200, { etag: `"${record.revision}"` });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/checklists/{id}/publish',
      tags: ['checklists'],
      summary: 'Publish the draft as the next immutable version',
      security: bearerSecurity,
      request: { params: idParams, headers: z.object({ 'if-match': z.string().optional() }) },
      responses: {
        201: json(ChecklistVersion, 'The new version'),
        409: { description: 'Nothing changed since the current version, or changed meanwhile' },
        412: { description: 'If-Match names a revision that is no longer current' },
        ...problemResponses,
      },
    }),
    async (c) => {
      await requireDrafter(c);
      const { id } = c.req.valid('param');
      const expected = ifMatchRevision(c);
      const { checklists, now } = c.get('deps');
      const found = await checklists.get(id);
      if (!found) throw notFound('checklist');
      if (expected !== undefined && expected !== found.record.revision) {
        throw preconditionFailed(`The checklist is at revision ${found.record.revision}, not ${expected}.`);
      }
      const { draft } = found;
      if (draft.items.length === 0) {
        throw badRequest('A checklist needs at least one item to be published.', [
          { field: 'items', message: 'add at least one item' },
        ]);
      }
      const previous = found.versions.at(-1) ?? null;
      if (draftEqualsVersion(draft, previous)) {
        throw conflict(`The draft equals version ${previous?.version}; change it before publishing again.`);
      }
      const viewer = c.get('viewer');
      const at = now().toISOString();
      const version: ChecklistVersion = {
        checklistId: id,
        version: (previous?.version ?? 0) + 1,
        title: draft.title,
        description: draft.description,
        appliesTo: draft.appliesTo,
        dueAt: draft.dueAt,
        ...diffItems(previous?.items ?? null, draft.items),
        publishedAt: at,
        publishedBy: viewer.memberId,
      };
      const record: ChecklistRecord = {
        ...found.record,
        title: version.title,
        revision: found.record.revision + 1,
        current: versionSummaryOf(version),
      };
      await guarded(expected, () =>
        checklists.publish(
          record,
          version,
          found.record.revision,
          auditEvent(c, 'checklist.published', { type: 'checklist', id }, viewer.organisationId, {
            version: version.version,
            changedItems: version.items.filter((i) => i.change !== 'unchanged').map((i) => i.id),
          }),
        ),
      );
      return c.json(version, 201, {
        location: `/api/v1/checklists/${id}/versions/${version.version}`,
        etag: `"${record.revision}"`,
      });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/checklists',
      tags: ['checklists'],
      summary: "Checklists with their current versions and the viewer organisation's standing",
      security: bearerSecurity,
      request: { query: PageQuery },
      responses: { 200: json(pageOf(ChecklistListItem), 'A page of checklists'), ...problemResponses },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const { checklists, cursors, now } = c.get('deps');
      const viewer = c.get('viewer');
      const scope = `checklists|${viewer.organisationId}`;
      const page = await checklists.list({ limit, after: cursors.open(scope, cursor) });
      const { organisation, assessments } = await checklists.standing(
        viewer.organisationId,
        standingRefs(page.items),
      );
      if (!organisation) throw forbidden('Your organisation is not (or no longer) a member of the alliance.');
      const drafter = canDraftChecklists(viewer, organisation.kind);
      const items = page.items
        // Never-published drafts are the Commission's work in progress.
        .filter((r) => r.current || drafter)
        .map((r) => ({
          id: r.id,
          title: r.title,
          createdAt: r.createdAt,
          current: r.current,
          viewer: r.current
            ? standingOf(
                r.current,
                organisation,
                assessments.get(refKey({ checklistId: r.id, version: r.current.version })),
                assessments.get(refKey({ checklistId: r.id, version: r.current.version - 1 })),
                now(),
              )
            : null,
        }));
      return c.json({ items, nextCursor: cursors.seal(scope, page.next) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/me/todo',
      tags: ['checklists'],
      summary: 'Checklists my organisation still has to acknowledge, overdue first',
      security: bearerSecurity,
      responses: { 200: json(z.object({ items: z.array(TodoItem) }), 'The to-do'), ...problemResponses },
    }),
    async (c) => {
      const { checklists, now } = c.get('deps');
      const viewer = c.get('viewer');
      const page = await checklists.list({ limit: todoScope });
      const { organisation, assessments } = await checklists.standing(
        viewer.organisationId,
        standingRefs(page.items),
      );
      if (!organisation) throw forbidden('Your organisation is not (or no longer) a member of the alliance.');
      const at = now();
      const items = page.items.flatMap((r) => {
        if (!r.current) return [];
        const standing = standingOf(
          r.current,
          organisation,
          assessments.get(refKey({ checklistId: r.id, version: r.current.version })),
          assessments.get(refKey({ checklistId: r.id, version: r.current.version - 1 })),
          at,
        );
        if (standing.status !== 'pending') return [];
        return [
          {
            checklistId: r.id,
            version: r.current.version,
            title: r.current.title,
            dueAt: r.current.dueAt,
            overdue: standing.overdue,
            acknowledgedPreviousVersion: standing.acknowledgedPreviousVersion,
          },
        ];
      });
      // Overdue first (longest overdue on top), then the nearest due date.
      items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/checklists/{id}',
      tags: ['checklists'],
      summary: "A checklist's current version, history, and the viewer organisation's assessment",
      security: bearerSecurity,
      request: { params: idParams },
      responses: { 200: json(ChecklistDetail, 'The checklist'), ...problemResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { checklists, now } = c.get('deps');
      const viewer = c.get('viewer');
      const found = await checklists.get(id);
      const current = found?.versions.at(-1) ?? null;
      const previousNumber = current && current.version > 1 ? current.version - 1 : null;
      const { organisation, assessments } = await checklists.standing(viewer.organisationId, [
        ...(current ? [{ checklistId: id, version: current.version }] : []),
        ...(previousNumber ? [{ checklistId: id, version: previousNumber }] : []),
      ]);
      if (!organisation) throw forbidden('Your organisation is not (or no longer) a member of the alliance.');
      const drafter = canDraftChecklists(viewer, organisation.kind);
      if (!found || (!current && !drafter)) throw notFound('checklist');
      const assessment = current
        ? (assessments.get(refKey({ checklistId: id, version: current.version })) ?? null)
        : null;
      const previous = previousNumber
        ? (assessments.get(refKey({ checklistId: id, version: previousNumber })) ?? null)
        : null;
      return c.json(
        {
          id,
          title: found.record.title,
          revision: found.record.revision,
          createdAt: found.record.createdAt,
          current,
          versions: found.versions.map((v) => ({
            version: v.version,
            publishedAt: v.publishedAt,
            changed: v.items.filter((i) => i.change !== 'unchanged').length + v.removedItemIds.length,
          })),
          draft: drafter ? found.draft : null,
          draftPending: drafter ? !draftEqualsVersion(found.draft, current) : null,
          viewer: current
            ? {
                ...standingOf(current, organisation, assessment, previous, now()),
                assessment,
                prefill: assessment ? [] : prefillAnswers(current, previous),
              }
            : null,
        },
        200,
        { etag: `"${found.record.revision}"` },
      );
    },
  )
  .openapi(
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
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}',
      tags: ['checklists'],
      summary: "Submit or replace the organisation's assessment (acknowledges on its behalf)",
      security: bearerSecurity,
      request: {
        params: assessmentParams,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: { required: true, content: { 'application/json': { schema: AssessmentInput } } },
      },
      responses: {
        200: json(Assessment, 'The assessment replaced the previous one (kept in its history)'),
        201: json(Assessment, 'The first assessment of this version'),
        409: { description: 'Another submission got there first, or the version is no longer current' },
        412: { description: 'If-Match names a revision that is no longer current' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id, v, orgId } = c.req.valid('param');
      const input = c.req.valid('json');
      const expected = ifMatchRevision(c);
      const viewer = c.get('viewer');
      const { checklists, now } = c.get('deps');
      const ref = { checklistId: id, version: v };
      const context = await assessable(c, ref, orgId);
      const errors = assessmentErrors(context.version, input);
      if (errors.length > 0) {
        throw badRequest(
          `The answers do not match version ${v}: ${errors.map((e) => e.message).join('; ')}`,
          errors,
        );
      }
      const evidenceErrors = await missingEvidence(c, ref, orgId, input, context.assessment);
      if (evidenceErrors.length > 0)
        throw badRequest('Some evidence files were not uploaded.', evidenceErrors);
      const previous = context.assessment;
      if (expected !== undefined && expected !== (previous?.revision ?? 0)) {
        throw preconditionFailed(
          `The assessment is at revision ${previous?.revision ?? 0}, not ${expected}.`,
        );
      }
      const next: Assessment = {
        checklistId: id,
        version: v,
        organisationId: orgId,
        organisationKind: context.organisation.kind as Assessment['organisationKind'],
        country: context.organisation.country,
        items: input.items,
        ...(input.statement ? { statement: input.statement } : {}),
        revision: (previous?.revision ?? 0) + 1,
        submittedAt: now().toISOString(),
        submittedBy: viewer.memberId,
      };
      await guarded(expected, () =>
        checklists.submit({
          version: context.version,
          previous,
          next,
          audit: auditEvent(
            c,
            'assessment.submitted',
            { type: 'assessment', id: `${id}/${v}/${orgId}` },
            orgId,
            {
              revision: next.revision,
            },
          ),
        }),
      );
      return c.json(next, previous ? 200 : 201, { etag: `"${next.revision}"` });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/checklists/{id}/versions/{v}/assessments',
      tags: ['checklists'],
      summary: 'Assessments of a version: the Commission sees all, an organisation its own',
      security: bearerSecurity,
      request: { params: versionParams, query: PageQuery },
      responses: { 200: json(pageOf(Assessment), 'A page of assessments'), ...problemResponses },
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
      if (!context.organisation)
        throw forbidden('Your organisation is not (or no longer) a member of the alliance.');
      if (seesEveryAssessment(context.organisation.kind)) {
        return c.json({ items: page.items, nextCursor: cursors.seal(scope, page.next) }, 200);
      }
      return c.json({ items: context.assessment ? [context.assessment] : [], nextCursor: null }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}',
      tags: ['checklists'],
      summary: "One organisation's assessment and its history (the Commission, and the organisation itself)",
      security: bearerSecurity,
      request: { params: assessmentParams },
      responses: {
        200: json(
          z.object({ assessment: Assessment.nullable(), history: z.array(Assessment) }),
          'The assessment (null when not yet submitted) and the ones it replaced, newest first',
        ),
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id, v, orgId } = c.req.valid('param');
      const viewer = c.get('viewer');
      const view = await c
        .get('deps')
        .checklists.assessmentView({ checklistId: id, version: v }, viewer.organisationId, orgId);
      if (!view.viewerOrganisation)
        throw forbidden('Your organisation is not (or no longer) a member of the alliance.');
      if (!canSeeAssessment(viewer, view.viewerOrganisation.kind, orgId)) {
        throw forbidden('Only the Commission and the organisation itself see its answers.');
      }
      if (!view.version) throw notFound('checklist version');
      return c.json({ assessment: view.assessment, history: view.history }, 200, {
        ...(view.assessment ? { etag: `"${view.assessment.revision}"` } : {}),
      });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}/evidence',
      tags: ['checklists'],
      summary:
        'Presigned POST for an evidence file (contributors of the organisation), under a key the server chose',
      security: bearerSecurity,
      request: {
        params: assessmentParams,
        body: { required: true, content: { 'application/json': { schema: NewAttachment } } },
      },
      responses: {
        201: json(AttachmentUpload, 'Where and how to upload; name the id in the answer'),
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id, v, orgId } = c.req.valid('param');
      const input = c.req.valid('json');
      await assessable(c, { checklistId: id, version: v }, orgId);
      const { files, now } = c.get('deps');
      const evidenceId = c.get('deps').newId();
      // The file counts only once an assessment names it; that submission carries the audit event.
      const upload = await presignAttachmentUpload(
        files,
        'assessments',
        `${id}/${orgId}`,
        evidenceId,
        input,
        now(),
      );
      return c.json(upload, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}/evidence/{evidenceId}',
      tags: ['checklists'],
      summary: 'A short-lived presigned GET for evidence (the Commission, and the organisation itself)',
      security: bearerSecurity,
      request: { params: assessmentParams.extend({ evidenceId: z.uuid() }) },
      responses: { 200: json(AttachmentDownload, 'Where to download'), ...problemResponses },
    }),
    async (c) => {
      const { id, v, orgId, evidenceId } = c.req.valid('param');
      const viewer = c.get('viewer');
      const view = await c
        .get('deps')
        .checklists.assessmentView({ checklistId: id, version: v }, viewer.organisationId, orgId);
      if (!view.viewerOrganisation)
        throw forbidden('Your organisation is not (or no longer) a member of the alliance.');
      if (!canSeeAssessment(viewer, view.viewerOrganisation.kind, orgId)) {
        throw forbidden('Only the Commission and the organisation itself see its answers.');
      }
      const evidence = [view.assessment, ...view.history]
        .flatMap((a) => a?.items ?? [])
        .find((answer) => answer.evidence?.id === evidenceId)?.evidence;
      if (!evidence) throw notFound('evidence');
      const { files, now } = c.get('deps');
      return c.json(
        await presignAttachmentDownload(files, 'assessments', `${id}/${orgId}`, evidence, now()),
        200,
      );
    },
  );
