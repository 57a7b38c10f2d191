/**
 * Behind the scoreboard's numbers (docs/review.md): the organisations behind a cell, and one row
 * per organisation for the port view. Pure functions of assessments, the version and the directory
 * summary; who may see which rows is decided in the routes with shared/permissions.ts.
 */
import * as z from 'zod';
import { type Assessment, type ChecklistVersion, ItemStatus } from './checklist';
import type { DirectoryEntry } from './progress';
import { ItemReview, ReviewState, reviewStateOf } from './review';

/** `?kind&country&organisationId&itemId&status&review`: the cell clicked on the scoreboard. */
export const DrillDownFilter = z.strictObject({
  kind: z.string().max(40).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code such as NL')
    .optional(),
  organisationId: z.string().max(60).optional(),
  itemId: z.string().max(40).optional(),
  status: ItemStatus.optional(),
  review: ReviewState.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});
export type DrillDownFilter = z.infer<typeof DrillDownFilter>;

export const DrillDownRow = z.object({
  organisationId: z.string(),
  name: z.string(),
  kind: z.string(),
  country: z.string(),
  revision: z.number().int(),
  submittedAt: z.string(),
  mandatoryImplemented: z.number().int(),
  mandatoryCount: z.number().int(),
  /** Answers a reviewer accepted that declare the item implemented. */
  verified: z.number().int(),
  /** With `itemId`: that item's answer and review. */
  answer: z
    .object({ status: ItemStatus, review: ItemReview.nullable(), reviewState: ReviewState })
    .nullable(),
});
export type DrillDownRow = z.infer<typeof DrillDownRow>;

const mandatoryIds = (version: Pick<ChecklistVersion, 'items'>) =>
  new Set(version.items.filter((i) => i.level === 'mandatory').map((i) => i.id));

/** Mandatory answers implemented, and implemented answers a reviewer accepted. */
export function answerCounts(version: Pick<ChecklistVersion, 'items'>, assessment: Assessment) {
  const mandatory = mandatoryIds(version);
  return {
    mandatoryImplemented: assessment.items.filter(
      (a) => mandatory.has(a.itemId) && a.status === 'implemented',
    ).length,
    mandatoryCount: mandatory.size,
    verified: assessment.items.filter((a) => a.status === 'implemented' && a.review?.decision === 'accepted')
      .length,
  };
}

/** Whether an assessment belongs behind the cell (kind, country and organisation are filtered in the store). */
export const matchesCell = (
  assessment: Assessment,
  filter: Pick<DrillDownFilter, 'itemId' | 'status' | 'review'>,
) => {
  if (!filter.itemId) return true;
  const answer = assessment.items.find((a) => a.itemId === filter.itemId);
  if (!answer) return false;
  if (filter.status && answer.status !== filter.status) return false;
  if (filter.review && reviewStateOf(answer) !== filter.review) return false;
  return true;
};

export function drillDownRow(
  version: Pick<ChecklistVersion, 'items'>,
  assessment: Assessment,
  directory: ReadonlyMap<string, DirectoryEntry>,
  itemId: string | undefined,
): DrillDownRow {
  const answer = itemId ? assessment.items.find((a) => a.itemId === itemId) : undefined;
  return {
    organisationId: assessment.organisationId,
    name: directory.get(assessment.organisationId)?.name ?? assessment.organisationId,
    kind: assessment.organisationKind,
    country: assessment.country,
    revision: assessment.revision,
    submittedAt: assessment.submittedAt,
    ...answerCounts(version, assessment),
    answer: answer
      ? { status: answer.status, review: answer.review ?? null, reviewState: reviewStateOf(answer) }
      : null,
  };
}

export const Trend = z.enum(['up', 'down', 'same', 'new']);

export const PortRow = z.object({
  organisationId: z.string(),
  name: z.string(),
  kind: z.string(),
  country: z.string(),
  acknowledged: z.boolean(),
  mandatoryImplemented: z.number().int(),
  mandatoryCount: z.number().int(),
  verified: z.number().int(),
  overdue: z.boolean(),
  /** The share of mandatory items implemented against the previous version's; `new` without one. */
  trend: Trend,
});
export type PortRow = z.infer<typeof PortRow>;

export const PortView = z.object({
  view: z.literal('ports'),
  checklistId: z.string(),
  version: z.number().int(),
  rows: z.array(PortRow),
});
export type PortView = z.infer<typeof PortView>;

const share = (implemented: number, count: number) => (count === 0 ? 1 : implemented / count);

/** One row per applicable organisation, sorted by country then name. */
export function portRows(input: {
  version: Pick<ChecklistVersion, 'items' | 'appliesTo' | 'dueAt'>;
  previousVersion: Pick<ChecklistVersion, 'items'> | null;
  assessments: readonly Assessment[];
  previous: readonly Assessment[];
  directory: readonly DirectoryEntry[];
  now: Date;
}): PortRow[] {
  const kinds = new Set<string>(input.version.appliesTo);
  const current = new Map(input.assessments.map((a) => [a.organisationId, a]));
  const before = new Map(input.previous.map((a) => [a.organisationId, a]));
  const overdue = input.now.getTime() > Date.parse(input.version.dueAt);
  return input.directory
    .filter((o) => kinds.has(o.kind))
    .sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : a.name.localeCompare(b.name)))
    .map((o) => {
      const a = current.get(o.id);
      const counts = a
        ? answerCounts(input.version, a)
        : { mandatoryImplemented: 0, mandatoryCount: mandatoryIds(input.version).size, verified: 0 };
      const old = before.get(o.id);
      let trend: PortRow['trend'] = 'new';
      if (old && input.previousVersion) {
        const then = answerCounts(input.previousVersion, old);
        const was = share(then.mandatoryImplemented, then.mandatoryCount);
        const is = share(counts.mandatoryImplemented, counts.mandatoryCount);
        trend = is > was ? 'up' : is < was ? 'down' : 'same';
      }
      return {
        organisationId: o.id,
        name: o.name,
        kind: o.kind,
        country: o.country,
        acknowledged: Boolean(a),
        ...counts,
        overdue: !a && overdue,
        trend,
      };
    });
}
