/**
 * `GET /api/v1/progress/checklists/{id}/versions/{v}`: one version's scoreboard for the
 * Commission; own status and anonymous averages for everyone else.
 */
import * as z from 'zod';
import { appliesToOrganisation, ChecklistId, VersionNumber } from '../../../../shared/checklist';
import { seesEveryAssessment } from '../../../../shared/permissions';
import {
  MemberProgress,
  memberProgress,
  VersionScoreboard,
  versionScoreboard,
} from '../../../../shared/progress';
import type { AreaRouter } from '../../areas';
import { notFound } from '../../problems';
import { stillAMember } from '../../viewer';
import {
  csvResponse,
  formatQuery,
  jsonOrCsv,
  memberCsv,
  progressRoute,
  versionCsv,
  versionViews,
} from './common';

const VersionQuery = formatQuery(versionViews, 'items');

export const versionProgressRoutes = (router: AreaRouter) =>
  router.openapi(
    progressRoute({
      method: 'get',
      path: '/api/v1/progress/checklists/{id}/versions/{v}',
      summary:
        'One version: acknowledged/applicable by kind and country, per-item counts, deficit, daily trend, laggards (Commission); own status and anonymous averages for everyone else',
      request: { params: z.object({ id: ChecklistId, v: VersionNumber }), query: VersionQuery },
      responses: {
        200: jsonOrCsv(z.discriminatedUnion('view', [VersionScoreboard, MemberProgress]), 'The scoreboard'),
      },
    }),
    async (c) => {
      const { id, v } = c.req.valid('param');
      const { format, view } = c.req.valid('query');
      const { checklists, now } = c.get('deps');
      const viewer = c.get('viewer');
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
