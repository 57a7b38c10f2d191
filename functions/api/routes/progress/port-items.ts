/**
 * `?view=port-items` of a version's scoreboard (docs/review.md): the port-by-item grid. The
 * Commission reads every assessment of the version; a member gets its own row only, so no other
 * organisation's assessment is read.
 */
import type { Context } from 'hono';
import { seesEveryAssessment } from '../../../../shared/permissions';
import { portItemCellText, portItemRows } from '../../../../shared/port-grid';
import { toCsv } from '../../../../shared/progress';
import type { VersionRef } from '../../../ports';
import type { AppEnv } from '../../env';
import { notFound } from '../../problems';
import { viewerOrganisation } from '../../viewer';

export async function portItemsView(c: Context<AppEnv>, ref: VersionRef) {
  const { checklists } = c.get('deps');
  const viewer = c.get('viewer');
  const organisation = await viewerOrganisation(c);
  const all = seesEveryAssessment(organisation.kind);
  const [progress, assessments] = await Promise.all([
    checklists.versionProgress(ref, viewer.organisationId),
    all ? checklists.allAssessments(ref) : Promise.resolve(null),
  ]);
  if (!progress.version) throw notFound('checklist version');
  const rows = portItemRows({
    version: progress.version,
    assessments: assessments ?? (progress.ownAssessment ? [progress.ownAssessment] : []),
    directory: all ? progress.directory : progress.directory.filter((o) => o.id === viewer.organisationId),
  });
  return {
    view: 'port-items' as const,
    checklistId: ref.checklistId,
    version: ref.version,
    items: progress.version.items.map((i) => ({ itemId: i.id, text: i.text, level: i.level })),
    rows,
  };
}

/** One row per organisation, one column per item: `implemented+accepted`, empty without an answer. */
export function portItemsCsv(view: Awaited<ReturnType<typeof portItemsView>>): string {
  const ids = view.items.map((i) => i.itemId);
  return toCsv(
    ['organisationId', 'name', 'kind', 'country', 'acknowledged', ...ids],
    view.rows.map((r) => ({
      ...r,
      ...Object.fromEntries(r.cells.map((cell) => [cell.itemId, portItemCellText(cell)])),
    })),
  );
}
