import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import { appliesToOrganisation, ChecklistId, VersionNumber } from '../../../shared/checklist';
import { seesEveryAssessment } from '../../../shared/permissions';
import {
  type Laggard,
  MemberOverview,
  MemberProgress,
  memberProgress,
  ProgressOverview,
  progressOverview,
  toCsv,
  VersionScoreboard,
  versionScoreboard,
} from '../../../shared/progress';
import { refKey } from '../../ports';
import type { AppEnv } from '../env';
import { forbidden, notFound } from '../problems';
import { bearerSecurity, newRouter, problemResponses } from '../router';

const versionViews = ['items', 'kinds', 'countries', 'trend', 'laggards'] as const;
const overviewViews = ['checklists', 'grid', 'laggards'] as const;

const VersionQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  /** Which table the CSV holds; the JSON always holds them all. */
  view: z.enum(versionViews).default('items'),
});
const OverviewQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  view: z.enum(overviewViews).default('checklists'),
});

const jsonOrCsv = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: {
    'application/json': { schema },
    'text/csv': { schema: z.string() },
  },
});

const share = (value: number | null | undefined) =>
  value === null || value === undefined ? null : value.toFixed(3);

function csvResponse(c: Context<AppEnv>, fileName: string, body: string) {
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
  });
}

const laggardColumns = [
  'organisationId',
  'name',
  'kind',
  'country',
  'checklistId',
  'version',
  'title',
  'dueAt',
  'overdue',
];
const laggardRows = (laggards: readonly Laggard[]) => laggards.map((l) => ({ ...l }));

function versionCsv(board: VersionScoreboard, view: (typeof versionViews)[number]): string {
  switch (view) {
    case 'items':
      return toCsv(
        [
          'itemId',
          'text',
          'level',
          'area',
          'change',
          'implemented',
          'inProgress',
          'notImplemented',
          'notApplicable',
        ],
        board.items,
      );
    case 'kinds':
      return toCsv(
        ['kind', 'acknowledged', 'applicable', 'implementedShare', 'light'],
        board.byKind.map((k) => ({ ...k, implementedShare: share(k.implementedShare) })),
      );
    case 'countries':
      return toCsv(
        ['country', 'acknowledged', 'applicable', 'implementedShare', 'light'],
        board.byCountry.map((k) => ({ ...k, implementedShare: share(k.implementedShare) })),
      );
    case 'trend':
      return toCsv(['date', 'submissions', 'acknowledged', 'implementedMandatory'], board.trend);
    case 'laggards':
      return toCsv(laggardColumns, laggardRows(board.laggards));
  }
}

function memberCsv(progress: MemberProgress): string {
  return toCsv(
    ['itemId', 'text', 'level', 'allianceImplementedShare'],
    (progress.alliance?.items ?? []).map((i) => ({
      ...i,
      allianceImplementedShare: share(i.implementedShare),
    })),
  );
}

function overviewCsv(overview: ProgressOverview, view: (typeof overviewViews)[number]): string {
  switch (view) {
    case 'checklists':
      return toCsv(
        [
          'checklistId',
          'version',
          'title',
          'dueAt',
          'overdue',
          'acknowledged',
          'applicable',
          'implementedShare',
          'deficit',
        ],
        overview.checklists.map((r) => ({
          ...r,
          implementedShare: share(r.implementedShare),
          deficit: share(r.deficit.value),
        })),
      );
    case 'grid': {
      const ids = overview.checklists.map((r) => r.checklistId);
      return toCsv(
        ['country', ...ids],
        overview.grid.map((row) => ({
          country: row.country,
          ...Object.fromEntries(
            row.cells.map((cell) => [
              cell.checklistId,
              cell.light === 'none'
                ? ''
                : `${cell.light} ${cell.acknowledged}/${cell.applicable} ${share(cell.implementedShare)}`,
            ]),
          ),
        })),
      );
    }
    case 'laggards':
      return toCsv(laggardColumns, laggardRows(overview.laggards));
  }
}

/** How many checklists the overview covers: one page of the checklist index. */
const overviewScope = 90;

export const progressRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/progress',
      tags: ['progress'],
      summary:
        "Harmonization scoreboard over every checklist's current version (Commission); own status and anonymous averages for everyone else",
      security: bearerSecurity,
      request: { query: OverviewQuery },
      responses: {
        200: jsonOrCsv(z.discriminatedUnion('view', [ProgressOverview, MemberOverview]), 'The scoreboard'),
        ...problemResponses,
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
      const { organisation, directory, totals, ownAssessments } = await checklists.progressOf(
        refs,
        viewer.organisationId,
      );
      if (!organisation) throw forbidden('Your organisation is not (or no longer) a member of the alliance.');
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
      if (format === 'csv') {
        return csvResponse(
          c,
          'progress.csv',
          toCsv(
            [
              'checklistId',
              'version',
              'title',
              'dueAt',
              'overdue',
              'ownStatus',
              'ownImplementedShare',
              'allianceAcknowledgedShare',
              'allianceImplementedShare',
            ],
            rows.map((r) => ({
              ...r,
              ownStatus: r.own.status,
              ownImplementedShare: share(r.own.implementedShare),
              allianceAcknowledgedShare: share(r.alliance?.acknowledgedShare),
              allianceImplementedShare: share(r.alliance?.implementedShare),
            })),
          ),
        );
      }
      return c.json({ view: 'member' as const, checklists: rows }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/progress/checklists/{id}/versions/{v}',
      tags: ['progress'],
      summary:
        'One version: acknowledged/applicable by kind and country, per-item counts, deficit, daily trend, laggards (Commission); own status and anonymous averages for everyone else',
      security: bearerSecurity,
      request: { params: z.object({ id: ChecklistId, v: VersionNumber }), query: VersionQuery },
      responses: {
        200: jsonOrCsv(z.discriminatedUnion('view', [VersionScoreboard, MemberProgress]), 'The scoreboard'),
        ...problemResponses,
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
      if (!progress.organisation)
        throw forbidden('Your organisation is not (or no longer) a member of the alliance.');
      if (!progress.version) throw notFound('checklist version');
      const fileBase = `${id}-v${v}`;
      if (seesEveryAssessment(progress.organisation.kind)) {
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
          applicable: appliesToOrganisation(progress.version, progress.organisation),
          assessment: progress.ownAssessment,
        },
        now: now(),
      });
      if (format === 'csv') return csvResponse(c, `${fileBase}-alliance.csv`, memberCsv(result));
      return c.json(result, 200);
    },
  );
