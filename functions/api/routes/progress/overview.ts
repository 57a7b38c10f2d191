/**
 * `GET /api/v1/progress`: every checklist's current version at once. The Commission gets the
 * scoreboard; everyone else their own status and the anonymous alliance averages.
 */
import * as z from 'zod';
import { appliesToOrganisation } from '../../../../shared/checklist';
import { seesEveryAssessment } from '../../../../shared/permissions';
import {
  MemberOverview,
  memberProgress,
  ProgressOverview,
  progressOverview,
} from '../../../../shared/progress';
import { refKey } from '../../../ports';
import type { AreaRouter } from '../../areas';
import { stillAMember } from '../../viewer';
import {
  csvResponse,
  formatQuery,
  jsonOrCsv,
  memberOverviewCsv,
  overviewCsv,
  overviewViews,
  progressRoute,
} from './common';

const OverviewQuery = formatQuery(overviewViews, 'checklists');

/** How many checklists the overview covers: one page of the checklist index. */
const overviewScope = 90;

export const overviewRoutes = (router: AreaRouter) =>
  router.openapi(
    progressRoute({
      method: 'get',
      path: '/api/v1/progress',
      summary:
        "Harmonization scoreboard over every checklist's current version (Commission); own status and anonymous averages for everyone else",
      request: { query: OverviewQuery },
      responses: {
        200: jsonOrCsv(z.discriminatedUnion('view', [ProgressOverview, MemberOverview]), 'The scoreboard'),
      },
    }),
    async (c) => {
      const { format, view } = c.req.valid('query');
      const { checklists, now } = c.get('deps');
      const viewer = c.get('viewer');
      const page = await checklists.list({ limit: overviewScope });
      const published = page.items.flatMap((r) =>
        r.current ? [{ checklistId: r.id, current: r.current }] : [],
      );
      const refs = published.map((p) => ({ checklistId: p.checklistId, version: p.current.version }));
      const progress = await checklists.progressOf(refs, viewer.organisationId);
      const { directory, totals, ownAssessments } = progress;
      const organisation = stillAMember(progress.organisation);
      const at = now();
      if (seesEveryAssessment(organisation.kind)) {
        const overview = progressOverview({
          checklists: published.map((p) => {
            const t = totals.get(refKey({ checklistId: p.checklistId, version: p.current.version }));
            return {
              ...p,
              counters: t?.counters ?? {},
              acknowledgedBy: t?.acknowledgedBy ?? new Set<string>(),
            };
          }),
          directory,
          now: at,
          allLaggards: format === 'csv',
        });
        if (format === 'csv') return csvResponse(c, `progress-${view}.csv`, overviewCsv(overview, view));
        return c.json(overview, 200);
      }
      const rows = published.map((p) => {
        const key = refKey({ checklistId: p.checklistId, version: p.current.version });
        const own = ownAssessments.get(key) ?? null;
        return memberProgress({
          version: {
            checklistId: p.checklistId,
            version: p.current.version,
            title: p.current.title,
            dueAt: p.current.dueAt,
            items: p.current.mandatoryItemIds.map((id) => ({ id, text: '', level: 'mandatory' as const })),
          },
          includeItems: false,
          counters: totals.get(key)?.counters ?? {},
          applicable: directory.filter((o) => (p.current.appliesTo as readonly string[]).includes(o.kind))
            .length,
          own: { applicable: appliesToOrganisation(p.current, organisation), assessment: own },
          now: at,
        });
      });
      if (format === 'csv') return csvResponse(c, 'progress.csv', memberOverviewCsv(rows));
      return c.json({ view: 'member' as const, checklists: rows }, 200);
    },
  );
