/**
 * The port-by-item grid (docs/review.md): one row per applicable organisation, one cell per item of
 * the version with the organisation's answer and its review state. A pure function of the version,
 * the assessments and the directory summary; who sees which rows is decided in the route.
 */
import * as z from 'zod';
import { type Assessment, type ChecklistVersion, ItemLevel, ItemStatus } from './checklist';
import type { DirectoryEntry } from './progress';
import { ReviewState, reviewStateOf } from './review';

export const PortItemCell = z.object({
  itemId: z.string(),
  /** The answer; null when the organisation has not submitted. */
  status: ItemStatus.nullable(),
  /** `awaiting_review` until a reviewer decides; null without an answer. */
  review: ReviewState.nullable(),
});
export type PortItemCell = z.infer<typeof PortItemCell>;

export const PortItemRow = z.object({
  organisationId: z.string(),
  name: z.string(),
  kind: z.string(),
  country: z.string(),
  acknowledged: z.boolean(),
  cells: z.array(PortItemCell),
});
export type PortItemRow = z.infer<typeof PortItemRow>;

export const PortItemsView = z.object({
  view: z.literal('port-items'),
  checklistId: z.string(),
  version: z.number().int(),
  items: z.array(z.object({ itemId: z.string(), text: z.string(), level: ItemLevel })),
  rows: z.array(PortItemRow),
});
export type PortItemsView = z.infer<typeof PortItemsView>;

/** One row per applicable organisation, sorted by country then name, cells in the version's item order. */
export function portItemRows(input: {
  version: Pick<ChecklistVersion, 'items' | 'appliesTo'>;
  assessments: readonly Assessment[];
  directory: readonly DirectoryEntry[];
}): PortItemRow[] {
  const kinds = new Set<string>(input.version.appliesTo);
  const byOrganisation = new Map(input.assessments.map((a) => [a.organisationId, a]));
  return input.directory
    .filter((o) => kinds.has(o.kind))
    .sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : a.name.localeCompare(b.name)))
    .map((o) => {
      const assessment = byOrganisation.get(o.id);
      const answers = new Map((assessment?.items ?? []).map((a) => [a.itemId, a]));
      return {
        organisationId: o.id,
        name: o.name,
        kind: o.kind,
        country: o.country,
        acknowledged: Boolean(assessment),
        cells: input.version.items.map((item) => {
          const answer = answers.get(item.id);
          return {
            itemId: item.id,
            status: answer?.status ?? null,
            review: answer ? reviewStateOf(answer) : null,
          };
        }),
      };
    });
}

/** A cell in the CSV: `implemented+accepted`, empty without an answer. */
export const portItemCellText = (cell: PortItemCell) => (cell.status ? `${cell.status}+${cell.review}` : '');
