/**
 * The checklist lifecycle as pure functions (docs/checklists.md): each takes the current state and
 * returns the next one, or throws a `Refusal` saying why not. Routes read, call one of
 * these, and write what it returns; who may call them is decided in permissions.ts. A refusal is
 * the `Refusal` of shared items (shared/shared-item.ts), answered in one place (functions/api/problems.ts).
 */
import {
  type Assessment,
  type AssessmentInput,
  assessmentErrors,
  assignItemIds,
  type ChecklistDraft,
  type ChecklistDraftPatch,
  type ChecklistRecord,
  type ChecklistVersion,
  diffItems,
  draftEqualsVersion,
  type NewChecklist,
  versionSummaryOf,
} from './checklist';
import { type Organisation, organisationIdFromName } from './organisation';
import { appliesToKind } from './permissions';
import type { OwnStatus } from './progress';
import { carryReviews } from './review';
import { Refusal } from './shared-item';

/** A checklist's record and its working draft. */
export interface ChecklistState {
  record: ChecklistRecord;
  draft: ChecklistDraft;
}

/** Refuses (`stale`) unless the client named no revision (If-Match) or the current one. */
export function expectRevision(what: string, current: number, expected: number | undefined): void {
  if (expected === undefined || expected === current) return;
  throw new Refusal('stale', `The ${what} is at revision ${current}, not ${expected}.`);
}

/** Who changes the state, and when. */
export interface Change {
  by: string;
  now: Date;
}

/** A new checklist: revision 1, never published, its draft as sent (ids assigned to new items). */
export function draftChecklist(input: NewChecklist, change: Change): ChecklistState {
  const at = change.now.toISOString();
  const id = input.id ?? organisationIdFromName(input.title).slice(0, 60).replace(/-+$/, '');
  const items = assignItemIds(input.items, []);
  return {
    record: {
      id,
      title: input.title,
      revision: 1,
      createdAt: at,
      createdBy: change.by,
      current: null,
      usedItemIds: items.map((i) => i.id),
    },
    draft: {
      title: input.title,
      description: input.description,
      appliesTo: input.appliesTo,
      dueAt: new Date(input.dueAt).toISOString(),
      items,
      updatedAt: at,
      updatedBy: change.by,
    },
  };
}

/**
 * The draft with the patch applied and the record one revision on. Published versions never
 * change; new items get ids no earlier draft or version used. Stale when `expected` is not current.
 */
export function editDraft(
  state: ChecklistState,
  patch: ChecklistDraftPatch,
  expected: number | undefined,
  change: Change,
): ChecklistState {
  expectRevision('checklist', state.record.revision, expected);
  const items = patch.items ? assignItemIds(patch.items, state.record.usedItemIds) : state.draft.items;
  return {
    draft: {
      ...state.draft,
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.appliesTo !== undefined ? { appliesTo: patch.appliesTo } : {}),
      ...(patch.dueAt !== undefined ? { dueAt: new Date(patch.dueAt).toISOString() } : {}),
      items,
      updatedAt: change.now.toISOString(),
      updatedBy: change.by,
    },
    record: {
      ...state.record,
      revision: state.record.revision + 1,
      usedItemIds: [...new Set([...state.record.usedItemIds, ...items.map((i) => i.id)])],
    },
  };
}

/**
 * The draft frozen as the next version, each item marked against the previous version, and the
 * record pointing at it. Refused when stale, when the draft has no item (invalid), or when it
 * equals the current version (conflict: publishing would make a version that changes nothing).
 */
export function publishDraft(
  state: ChecklistState & { versions: readonly ChecklistVersion[] },
  expected: number | undefined,
  change: Change,
): { record: ChecklistRecord; version: ChecklistVersion } {
  const { record, draft } = state;
  expectRevision('checklist', record.revision, expected);
  if (draft.items.length === 0) {
    throw new Refusal('invalid', 'A checklist needs at least one item to be published.', [
      { field: 'items', message: 'add at least one item' },
    ]);
  }
  const previous = state.versions.at(-1) ?? null;
  if (draftEqualsVersion(draft, previous)) {
    throw new Refusal(
      'conflict',
      `The draft equals version ${previous?.version}; change it before publishing again.`,
    );
  }
  const version: ChecklistVersion = {
    checklistId: record.id,
    version: (previous?.version ?? 0) + 1,
    title: draft.title,
    description: draft.description,
    appliesTo: draft.appliesTo,
    dueAt: draft.dueAt,
    ...diffItems(previous?.items ?? null, draft.items),
    publishedAt: change.now.toISOString(),
    publishedBy: change.by,
  };
  return {
    record: {
      ...record,
      title: version.title,
      revision: record.revision + 1,
      current: versionSummaryOf(version),
    },
    version,
  };
}

/** Only the current version is assessed: an older one is a conflict that names the current one. */
export function requireCurrentVersion(record: Pick<ChecklistRecord, 'current'>, version: number): void {
  if (record.current && record.current.version !== version) {
    throw new Refusal(
      'conflict',
      `Version ${version} is no longer current; assess version ${record.current.version}.`,
    );
  }
}

/** The answers must match the version's items one to one (invalid, naming each offending answer). */
export function checkAnswers(version: Pick<ChecklistVersion, 'version' | 'items'>, input: AssessmentInput) {
  const errors = assessmentErrors(version, input);
  if (errors.length > 0) {
    throw new Refusal(
      'invalid',
      `The answers do not match version ${version.version}: ${errors.map((e) => e.message).join('; ')}`,
      errors,
    );
  }
}

/**
 * The organisation's next assessment of a version (checked with `checkAnswers`): revision 1, or
 * one past the one it replaces, which the store keeps in its history. Stale when `expected` is
 * not the current revision (0 before the first submission).
 */
export function assess(
  input: {
    version: Pick<ChecklistVersion, 'checklistId' | 'version'>;
    organisation: Pick<Organisation, 'id' | 'kind' | 'country'>;
    previous: Assessment | null;
    answers: AssessmentInput;
  },
  expected: number | undefined,
  change: Change,
): Assessment {
  const { version, organisation, previous, answers } = input;
  const revision = previous?.revision ?? 0;
  expectRevision('assessment', revision, expected);
  return {
    checklistId: version.checklistId,
    version: version.version,
    organisationId: organisation.id,
    // The caller has checked that the version applies to this kind, so it is never the Commission.
    organisationKind: organisation.kind as Assessment['organisationKind'],
    country: organisation.country,
    // An unchanged answer keeps its review; a new one goes back to review (shared/review.ts).
    ...carryReviews(previous, answers.items),
    ...(answers.statement ? { statement: answers.statement } : {}),
    revision: revision + 1,
    submittedAt: change.now.toISOString(),
    submittedBy: change.by,
  };
}

/**
 * An organisation's standing towards a checklist's current version: not applicable to its kind,
 * acknowledged (it assessed this version), or pending, and overdue once the due date has passed.
 * `acknowledgedPreviousVersion` asks it to acknowledge again after a new version.
 */
export function standingOf(
  current: { dueAt: string; appliesTo: readonly string[] },
  organisation: Pick<Organisation, 'kind'>,
  assessment: Assessment | undefined | null,
  previous: Assessment | undefined | null,
  now: Date,
) {
  const applicable = appliesToKind(current.appliesTo, organisation.kind);
  return {
    applicable,
    status: (!applicable ? 'not_applicable' : assessment ? 'acknowledged' : 'pending') satisfies OwnStatus,
    overdue: applicable && !assessment && now.getTime() > Date.parse(current.dueAt),
    submittedAt: assessment?.submittedAt ?? null,
    revision: assessment?.revision ?? null,
    acknowledgedPreviousVersion: Boolean(previous),
  };
}

/**
 * What publishing the draft now would make, without making it: the next version as members will
 * see it and the diff against the current one (added, changed with the text before, removed),
 * or why it cannot be published. The web shows it and asks for confirmation, then publishes with
 * If-Match set to `revision`, so what was previewed is exactly what is published (else 412).
 */
export function previewPublication(
  state: ChecklistState & { versions: readonly ChecklistVersion[] },
  change: Change,
) {
  const previous = state.versions.at(-1) ?? null;
  const before = new Map((previous?.items ?? []).map((i) => [i.id, i]));
  let version: ChecklistVersion | null = null;
  let refusal: string | null = null;
  try {
    version = publishDraft(state, undefined, change).version;
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    refusal = err.message;
  }
  const { items, removedItemIds } = diffItems(previous?.items ?? null, state.draft.items);
  return {
    revision: state.record.revision,
    publishable: refusal === null,
    refusal,
    version,
    previousVersion: previous?.version ?? null,
    added: items.filter((i) => i.change === 'new').map((i) => ({ id: i.id, text: i.text })),
    changed: items
      .filter((i) => i.change === 'changed')
      .map((i) => ({ id: i.id, before: before.get(i.id)?.text ?? '', after: i.text })),
    removed: removedItemIds.map((id) => ({ id, text: before.get(id)?.text ?? '' })),
  };
}
