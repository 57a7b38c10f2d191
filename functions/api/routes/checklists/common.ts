/**
 * What the checklist routes (one file per sub-resource in this folder) share: path parameters,
 * response schemas and the checks that run before a write. The rules themselves are pure
 * functions in shared/checklist-lifecycle.ts.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import {
  AnswerInput,
  Assessment,
  type AssessmentInput,
  ChecklistDraft,
  ChecklistId,
  ChecklistRecord,
  ChecklistVersion,
  VersionNumber,
  type VersionSummary,
} from '../../../../shared/checklist';
import { requireCurrentVersion, standingOf } from '../../../../shared/checklist-lifecycle';
import { type Organisation, OrganisationId } from '../../../../shared/organisation';
import { assessRefusal, canDraftChecklists, canReadAssessment } from '../../../../shared/permissions';
import { OwnStatus } from '../../../../shared/progress';
import { ConflictError, refKey, type VersionRef } from '../../../ports';
import { attachmentKey } from '../../attachments';
import type { AppEnv } from '../../env';
import { forbidden, notFound, preconditionFailed } from '../../problems';
import { protectedRoute } from '../../router';
import { stillAMember, viewerOrganisation } from '../../viewer';

/** `createRoute` for the checklist routes: tagged `checklists`, behind the bearer token. */
export const checklistRoute = protectedRoute('checklists');

/** What a write that names a revision in If-Match may answer besides its own responses. */
export const staleResponse = { 412: { description: 'If-Match names a revision that is no longer current' } };

export const idParams = z.object({ id: ChecklistId });
export const versionParams = z.object({ id: ChecklistId, v: VersionNumber });
export const assessmentParams = versionParams.extend({ orgId: OrganisationId });

/** The viewer organisation's standing towards one checklist's current version (`standingOf`). */
export const ViewerStanding = z.object({
  applicable: z.boolean(),
  status: OwnStatus,
  overdue: z.boolean(),
  submittedAt: z.string().nullable(),
  revision: z.number().int().nullable(),
  /** True when the organisation acknowledged the previous version: it is asked to acknowledge again. */
  acknowledgedPreviousVersion: z.boolean(),
});

export const ChecklistListItem = ChecklistRecord.pick({
  id: true,
  title: true,
  createdAt: true,
  current: true,
}).extend({
  viewer: ViewerStanding.nullable(),
});

export const ChecklistDetail = ChecklistRecord.pick({
  id: true,
  title: true,
  revision: true,
  createdAt: true,
}).extend({
  current: ChecklistVersion.nullable(),
  versions: z.array(
    z.object({ version: z.number().int(), publishedAt: z.string(), changed: z.number().int() }),
  ),
  /** The working draft: Commission drafters only. */
  draft: ChecklistDraft.nullable(),
  /** True when the draft differs from the current version (publishing would make a new one). */
  draftPending: z.boolean().nullable(),
  viewer: ViewerStanding.extend({
    assessment: Assessment.nullable(),
    /** Answers of unchanged items carried over from the previous version's assessment. */
    prefill: z.array(AnswerInput),
  }).nullable(),
});

/** The current and the previous version of each checklist, for the viewer's standing in one batch. */
export const standingRefs = (records: readonly ChecklistRecord[]): VersionRef[] =>
  records.flatMap((r) =>
    r.current
      ? [
          { checklistId: r.id, version: r.current.version },
          ...(r.current.version > 1 ? [{ checklistId: r.id, version: r.current.version - 1 }] : []),
        ]
      : [],
  );

/** The viewer organisation's standing towards a published checklist, from the assessments `standing` read. */
export const standingTowards = (
  record: { id: string; current: VersionSummary },
  organisation: Organisation,
  assessments: ReadonlyMap<string, Assessment>,
  now: Date,
) =>
  standingOf(
    record.current,
    organisation,
    assessments.get(refKey({ checklistId: record.id, version: record.current.version })),
    assessments.get(refKey({ checklistId: record.id, version: record.current.version - 1 })),
    now,
  );

/** A lost race answers 412 when the client named a revision, 409 otherwise (retry after reloading). */
export async function guarded<T>(expected: number | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof ConflictError && expected !== undefined) throw preconditionFailed(err.message);
    throw err;
  }
}

export async function requireDrafter(c: Context<AppEnv>): Promise<Organisation> {
  const organisation = await viewerOrganisation(c);
  if (!canDraftChecklists(c.get('viewer'), organisation.kind)) {
    throw forbidden('Only Commission contributors draft and publish checklists.');
  }
  return organisation;
}

/** Evidence lives under the checklist and organisation, not the version: prefilled answers keep their files. */
const evidenceKey = (checklistId: string, organisationId: string, evidenceId: string) =>
  attachmentKey('assessments', `${checklistId}/${organisationId}`, evidenceId);

/**
 * What submitting (or uploading evidence for) `orgId`'s assessment of a version needs, after the
 * checks: only a contributor of that organisation, of a kind the version applies to, on the
 * current version.
 */
export async function assessable(c: Context<AppEnv>, ref: VersionRef, orgId: string) {
  const viewer = c.get('viewer');
  // Decided from the token alone, before anything is read: only one's own organisation.
  if (viewer.organisationId !== orgId) {
    throw forbidden('You may submit only your own organisation’s assessment.');
  }
  const context = await c.get('deps').checklists.submissionContext(ref, orgId);
  if (!context.version || !context.record) throw notFound('checklist version');
  const organisation = stillAMember(context.organisation);
  const refusal = assessRefusal(viewer, organisation.kind, orgId, context.version.appliesTo);
  if (refusal) throw forbidden(refusal);
  requireCurrentVersion(context.record, ref.version);
  return { ...context, version: context.version, organisation };
}

/**
 * `orgId`'s assessment of a version with its history, read only by the Commission, the
 * organisation itself and the peer reviewer the Commission assigned to it (shared/review.ts).
 */
export async function visibleAssessment(c: Context<AppEnv>, ref: VersionRef, orgId: string) {
  const viewer = c.get('viewer');
  const view = await c.get('deps').checklists.assessmentView(ref, viewer.organisationId, orgId);
  const kind = stillAMember(view.viewerOrganisation).kind;
  if (!canReadAssessment(viewer, kind, orgId, view.assignment)) {
    throw forbidden(
      'Only the Commission, the organisation itself and its assigned reviewer see its answers.',
    );
  }
  return { ...view, viewerKind: kind };
}

/** Evidence named in the answers must have been uploaded (files already in the previous revision were). */
export async function missingEvidence(
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
