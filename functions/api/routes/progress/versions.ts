/**
 * `GET /api/v1/progress/checklists/{id}/versions/{v}`: one version's scoreboard for the
 * Commission; own status and anonymous averages for everyone else.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import {
  type Assessment,
  appliesToOrganisation,
  ChecklistId,
  VersionNumber,
} from '../../../../shared/checklist';
import { PortView, portRows } from '../../../../shared/drill-down';
import { seesEveryAssessment } from '../../../../shared/permissions';
import { PortItemsView } from '../../../../shared/port-grid';
import {
  MemberProgress,
  memberProgress,
  VersionScoreboard,
  versionScoreboard,
} from '../../../../shared/progress';
import type { VersionRef } from '../../../ports';
import type { AreaRouter } from '../../areas';
import type { AppEnv } from '../../env';
import { notFound } from '../../problems';
import { stillAMember, viewerOrganisation } from '../../viewer';
import {
  csvResponse,
  formatQuery,
  jsonOrCsv,
  memberCsv,
  portCsv,
  progressRoute,
  versionCsv,
  versionViews,
} from './common';
import { portItemsCsv, portItemsView } from './port-items';

const VersionQuery = formatQuery(versionViews, 'items');

/**
 * One row per organisation: the Commission reads every assessment of the version and of the one
 * before (for the trend), a member only its own organisation's row, so nothing else is read.
 */
async function portView(c: Context<AppEnv>, ref: VersionRef) {
  const { checklists, now } = c.get('deps');
  const viewer = c.get('viewer');
  const organisation = await viewerOrganisation(c);
  const all = seesEveryAssessment(organisation.kind);
  const previousRef = { checklistId: ref.checklistId, version: ref.version - 1 };
  const [progress, assessments, previous, before] = await Promise.all([
    checklists.versionProgress(ref, viewer.organisationId),
    all ? checklists.allAssessments(ref) : Promise.resolve(null),
    ref.version > 1 && all ? checklists.allAssessments(previousRef) : Promise.resolve([]),
    ref.version > 1
      ? checklists.submissionContext(previousRef, viewer.organisationId)
      : Promise.resolve(null),
  ]);
  if (!progress.version) throw notFound('checklist version');
  const own = (list: Assessment[]) => list.filter((a) => a.organisationId === viewer.organisationId);
  return portRows({
    version: progress.version,
    previousVersion: before?.version ?? null,
    assessments: assessments ?? (progress.ownAssessment ? [progress.ownAssessment] : []),
    previous: all ? previous : own(before?.assessment ? [before.assessment] : []),
    directory: all ? progress.directory : progress.directory.filter((o) => o.id === viewer.organisationId),
    now: now(),
  });
}

export const versionProgressRoutes = (router: AreaRouter) =>
  router.openapi(
    progressRoute({
      method: 'get',
      path: '/api/v1/progress/checklists/{id}/versions/{v}',
      summary:
        'One version: acknowledged/applicable by kind and country, per-item counts, deficit, daily trend, laggards (Commission); own status and anonymous averages for everyone else',
      request: { params: z.object({ id: ChecklistId, v: VersionNumber }), query: VersionQuery },
      responses: {
        200: jsonOrCsv(
          z.discriminatedUnion('view', [VersionScoreboard, MemberProgress, PortView, PortItemsView]),
          'The scoreboard; with `view=ports` one row per organisation, with `view=port-items` one row per organisation and a cell per item (a member gets only its own)',
        ),
      },
    }),
    async (c) => {
      const { id, v } = c.req.valid('param');
      const { format, view } = c.req.valid('query');
      const { checklists, now } = c.get('deps');
      const viewer = c.get('viewer');
      if (view === 'ports') {
        const rows = await portView(c, { checklistId: id, version: v });
        if (format === 'csv') return csvResponse(c, `${id}-v${v}-ports.csv`, portCsv(rows));
        return c.json({ view: 'ports' as const, checklistId: id, version: v, rows }, 200);
      }
      if (view === 'port-items') {
        const grid = await portItemsView(c, { checklistId: id, version: v });
        if (format === 'csv') return csvResponse(c, `${id}-v${v}-port-items.csv`, portItemsCsv(grid));
        return c.json(grid, 200);
      }
      const progress = await checklists.versionProgress(
        { checklistId: id, version: v },
        viewer.organisationId,
      );
      const organisation = stillAMember(progress.organisation);
      if (!progress.version) throw notFound('checklist version');
      const fileBase = `${id}-v${v}`;
      if (seesEveryAssessment(organisation.kind)) {
        const board = versionScoreboard({
          version: progress.version,
          counters: progress.totals.counters,
          acknowledgedBy: progress.totals.acknowledgedBy,
          days: progress.days,
          directory: progress.directory,
          now: now(),
          allLaggards: format === 'csv',
        });
        if (format === 'csv') return csvResponse(c, `${fileBase}-${view}.csv`, versionCsv(board, view));
        return c.json(board, 200);
      }
      const kinds = progress.version.appliesTo as readonly string[];
      const result = memberProgress({
        version: progress.version,
        counters: progress.totals.counters,
        applicable: progress.directory.filter((o) => kinds.includes(o.kind)).length,
        own: {
          applicable: appliesToOrganisation(progress.version, organisation),
          assessment: progress.ownAssessment,
        },
        now: now(),
      });
      if (format === 'csv') return csvResponse(c, `${fileBase}-alliance.csv`, memberCsv(result));
      return c.json(result, 200);
    },
  );
