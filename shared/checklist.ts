import * as z from 'zod';
import { type Organisation, OrganisationId, OrganisationKind } from './organisation';
import { appliesToKind } from './permissions';
import { ItemReview, ReviewLogEntry } from './review';
import { MultiLineText, SingleLineText } from './text';

/** Checklist ids are readable slugs, like organisation ids: they appear in URLs and keys. */
export const ChecklistId = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/, 'lowercase letters, digits and dashes, 1–60 characters');
export type ChecklistId = z.infer<typeof ChecklistId>;

/** Item ids are stable across versions; they key answers and counters. */
export const ChecklistItemId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'letters, digits, dot, dash or underscore, 1–40 characters');

export const VersionNumber = z.coerce.number().int().min(1).max(9999);

/** Control areas of the harmonized checklists. */
export const ControlArea = z.enum([
  'access_control',
  'container_scanning',
  'personnel_vetting',
  'it_security',
  'seal_integrity',
  'cargo_release',
  'perimeter_security',
  'information_sharing',
]);
export type ControlArea = z.infer<typeof ControlArea>;

export const controlAreaLabels: Record<ControlArea, string> = {
  access_control: 'Access control',
  container_scanning: 'Container scanning',
  personnel_vetting: 'Personnel vetting',
  it_security: 'IT security',
  seal_integrity: 'Seal integrity',
  cargo_release: 'Cargo release',
  perimeter_security: 'Perimeter security',
  information_sharing: 'Information sharing',
};

export const ItemLevel = z.enum(['mandatory', 'recommended']);
export type ItemLevel = z.infer<typeof ItemLevel>;

export const ItemStatus = z.enum(['implemented', 'in_progress', 'not_implemented', 'not_applicable']);
export type ItemStatus = z.infer<typeof ItemStatus>;

/** The Commission does not assess itself: checklists apply to the other kinds. */
export const AssessedKind = OrganisationKind.exclude(['commission']);
export type AssessedKind = z.infer<typeof AssessedKind>;

/** A checklist holds at most this many items (keeps one submission's counter update within DynamoDB's limits). */
export const maxChecklistItems = 100;

export const ChecklistItem = z.strictObject({
  id: ChecklistItemId,
  text: MultiLineText.trim().min(3).max(500),
  guidance: MultiLineText.trim().max(2000).default(''),
  level: ItemLevel,
  area: ControlArea,
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

/** On input an item may come without an id: the server assigns one that no version used before. */
export const ChecklistItemInput = ChecklistItem.extend({ id: ChecklistItemId.optional() });
export type ChecklistItemInput = z.infer<typeof ChecklistItemInput>;

const uniqueKinds = (kinds: readonly string[]) => new Set(kinds).size === kinds.length;

function refineItemIds(items: readonly { id?: string | undefined }[] | undefined, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  items?.forEach((item, index) => {
    if (!item.id) return;
    if (seen.has(item.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['items', index, 'id'],
        message: `item id ${item.id} is used twice`,
      });
    }
    seen.add(item.id);
  });
}

const draftFields = {
  title: SingleLineText.trim().min(3).max(200),
  description: MultiLineText.trim().max(5000).default(''),
  appliesTo: z.array(AssessedKind).min(1).refine(uniqueKinds, 'each kind once'),
  dueAt: z.iso.datetime({ offset: true }),
  items: z.array(ChecklistItemInput).max(maxChecklistItems),
};

/** `POST /api/v1/checklists`: a new draft (items may still be empty; publishing needs one). */
export const NewChecklist = z
  .strictObject({ id: ChecklistId.optional(), ...draftFields })
  .superRefine((draft, ctx) => refineItemIds(draft.items, ctx));
export type NewChecklist = z.infer<typeof NewChecklist>;

/** `PATCH /api/v1/checklists/{id}`: changes to the working draft. */
export const ChecklistDraftPatch = z
  .strictObject({
    title: draftFields.title.optional(),
    description: MultiLineText.trim().max(5000).optional(),
    appliesTo: draftFields.appliesTo.optional(),
    dueAt: draftFields.dueAt.optional(),
    items: draftFields.items.optional(),
  })
  .superRefine((patch, ctx) => refineItemIds(patch.items, ctx))
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change');
export type ChecklistDraftPatch = z.infer<typeof ChecklistDraftPatch>;

/** The working draft the Commission edits; publishing freezes a copy of it as a version. */
export const ChecklistDraft = z.object({
  title: z.string(),
  description: z.string(),
  appliesTo: z.array(AssessedKind),
  dueAt: z.string(),
  items: z.array(ChecklistItem),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type ChecklistDraft = z.infer<typeof ChecklistDraft>;

export const ItemChange = z.enum(['new', 'changed', 'unchanged']);
export type ItemChange = z.infer<typeof ItemChange>;

export const VersionItem = ChecklistItem.extend({ change: ItemChange });
export type VersionItem = z.infer<typeof VersionItem>;

/** A published, immutable version. */
export const ChecklistVersion = z.object({
  checklistId: ChecklistId,
  version: z.number().int(),
  title: z.string(),
  description: z.string(),
  appliesTo: z.array(AssessedKind),
  dueAt: z.string(),
  items: z.array(VersionItem),
  removedItemIds: z.array(z.string()),
  publishedAt: z.string(),
  publishedBy: z.string(),
});
export type ChecklistVersion = z.infer<typeof ChecklistVersion>;

/** What lists show of the current version, kept on the checklist's own record. */
export const VersionSummary = z.object({
  version: z.number().int(),
  title: z.string(),
  appliesTo: z.array(AssessedKind),
  dueAt: z.string(),
  itemCount: z.number().int(),
  mandatoryCount: z.number().int(),
  /** Lets lists compute an organisation's own share without reading the whole version. */
  mandatoryItemIds: z.array(z.string()),
  changedCount: z.number().int(),
  publishedAt: z.string(),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

export const versionSummaryOf = (version: ChecklistVersion): VersionSummary => ({
  version: version.version,
  title: version.title,
  appliesTo: version.appliesTo,
  dueAt: version.dueAt,
  itemCount: version.items.length,
  mandatoryCount: version.items.filter((i) => i.level === 'mandatory').length,
  mandatoryItemIds: version.items.filter((i) => i.level === 'mandatory').map((i) => i.id),
  changedCount: version.items.filter((i) => i.change !== 'unchanged').length,
  publishedAt: version.publishedAt,
});

/** The checklist's own record: its revision guards draft edits and publishing. */
export const ChecklistRecord = z.object({
  id: ChecklistId,
  title: z.string(),
  revision: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  current: VersionSummary.nullable(),
  /** Every item id any version or the draft ever used, so a new item never takes an old id. */
  usedItemIds: z.array(z.string()),
});
export type ChecklistRecord = z.infer<typeof ChecklistRecord>;

// ---------------------------------------------------------------------------------------------
// Assessments

/** A file uploaded through `POST …/assessments/{orgId}/evidence`, named by the id that call returned. */
export const EvidenceRef = z.strictObject({
  id: z.uuid(),
  fileName: SingleLineText.trim().min(1).max(200),
});
export type EvidenceRef = z.infer<typeof EvidenceRef>;

export const AnswerInput = z.strictObject({
  itemId: ChecklistItemId,
  status: ItemStatus,
  note: MultiLineText.trim().max(2000).optional(),
  evidence: EvidenceRef.optional(),
});
export type AnswerInput = z.infer<typeof AnswerInput>;

/** `PUT …/assessments/{orgId}`: one answer per item of the version. */
export const AssessmentInput = z.strictObject({
  items: z.array(AnswerInput).min(1).max(maxChecklistItems),
  statement: MultiLineText.trim().max(5000).optional(),
});
export type AssessmentInput = z.infer<typeof AssessmentInput>;

/** `PUT …/assessments/{orgId}/draft`: answers saved without submitting; any subset of the items. */
export const AssessmentDraftInput = z.strictObject({
  items: z.array(AnswerInput).max(maxChecklistItems),
  statement: MultiLineText.trim().max(5000).optional(),
});
export type AssessmentDraftInput = z.infer<typeof AssessmentDraftInput>;

export const AssessmentDraft = AssessmentDraftInput.extend({
  checklistId: z.string(),
  version: z.number().int(),
  organisationId: z.string(),
  savedAt: z.string(),
  savedBy: z.string(),
});
export type AssessmentDraft = z.infer<typeof AssessmentDraft>;

export const Assessment = z.object({
  checklistId: ChecklistId,
  version: z.number().int(),
  organisationId: OrganisationId,
  /** Kept with the answers so counters can be taken back exactly as they were added. */
  organisationKind: AssessedKind,
  country: z.string(),
  /** Each answer with its review, once reviewed (shared/review.ts). */
  items: z.array(AnswerInput.extend({ review: ItemReview.optional() })),
  statement: z.string().optional(),
  revision: z.number().int(),
  submittedAt: z.string(),
  submittedBy: z.string(),
  /** Every review step, oldest first; carried over by resubmissions. */
  reviewLog: z.array(ReviewLogEntry).optional(),
  /** Raised by each review: a write made from an older read of the answers' reviews loses (docs/review.md). */
  reviewSeq: z.number().int().optional(),
});
export type Assessment = z.infer<typeof Assessment>;

/** What the route checks beyond the schema: the answers must match the version's items one to one. */
export function assessmentErrors(
  version: Pick<ChecklistVersion, 'items'>,
  input: AssessmentInput,
): { field: string; message: string }[] {
  const known = new Set(version.items.map((i) => i.id));
  const seen = new Set<string>();
  const errors: { field: string; message: string }[] = [];
  input.items.forEach((answer, index) => {
    if (!known.has(answer.itemId)) {
      errors.push({ field: `items.${index}.itemId`, message: `unknown item id ${answer.itemId}` });
    } else if (seen.has(answer.itemId)) {
      errors.push({ field: `items.${index}.itemId`, message: `item ${answer.itemId} is answered twice` });
    }
    seen.add(answer.itemId);
  });
  const missing = version.items.filter((i) => !seen.has(i.id)).map((i) => i.id);
  if (missing.length > 0) {
    errors.push({ field: 'items', message: `answers missing for ${missing.join(', ')}` });
  }
  return errors;
}

/** Answers of items that did not change since the previous version: a new version starts from them. */
export function prefillAnswers(
  version: Pick<ChecklistVersion, 'items'>,
  previous: Pick<Assessment, 'items'> | null,
): AnswerInput[] {
  if (!previous) return [];
  const unchanged = new Set(version.items.filter((i) => i.change === 'unchanged').map((i) => i.id));
  return previous.items.filter((a) => unchanged.has(a.itemId));
}

const sameItem = (a: ChecklistItem, b: ChecklistItem) =>
  a.text === b.text && a.guidance === b.guidance && a.level === b.level && a.area === b.area;

/** Marks each item of the next version new, changed or unchanged against the previous one. */
export function diffItems(
  previous: readonly ChecklistItem[] | null,
  next: readonly ChecklistItem[],
): { items: VersionItem[]; removedItemIds: string[] } {
  const before = new Map((previous ?? []).map((i) => [i.id, i]));
  const items = next.map((item): VersionItem => {
    const old = before.get(item.id);
    const change: ItemChange = !previous
      ? 'unchanged'
      : !old
        ? 'new'
        : sameItem(old, item)
          ? 'unchanged'
          : 'changed';
    return { ...item, change };
  });
  const kept = new Set(next.map((i) => i.id));
  return { items, removedItemIds: [...before.keys()].filter((id) => !kept.has(id)) };
}

/** True when publishing the draft would give a version identical to the current one. */
export function draftEqualsVersion(draft: ChecklistDraft, version: ChecklistVersion | null): boolean {
  if (!version) return false;
  const { items, removedItemIds } = diffItems(version.items, draft.items);
  return (
    draft.title === version.title &&
    draft.description === version.description &&
    draft.dueAt === version.dueAt &&
    [...draft.appliesTo].sort().join() === [...version.appliesTo].sort().join() &&
    removedItemIds.length === 0 &&
    items.every((i) => i.change === 'unchanged') &&
    items.map((i) => i.id).join() === version.items.map((i) => i.id).join()
  );
}

/** Gives every item without an id one that no earlier draft or version used ("item-7"). */
export function assignItemIds(
  items: readonly ChecklistItemInput[],
  usedItemIds: readonly string[],
): ChecklistItem[] {
  const used = new Set([...usedItemIds, ...items.flatMap((i) => (i.id ? [i.id] : []))]);
  let n = 1;
  return items.map((item) => {
    if (item.id) return { ...item, id: item.id, guidance: item.guidance ?? '' };
    while (used.has(`item-${n}`)) n++;
    const id = `item-${n}`;
    used.add(id);
    return { ...item, id, guidance: item.guidance ?? '' };
  });
}

type Kinded = Pick<Organisation, 'kind'>;

/** Who may do what with checklists is in permissions.ts; this is the version's own fact. */
export const appliesToOrganisation = (version: Pick<ChecklistVersion, 'appliesTo'>, organisation: Kinded) =>
  appliesToKind(version.appliesTo, organisation.kind);
