/**
 * What the progress routes share: their declaration, the `?format&view` query, and the CSV
 * exports (which columns each view's table has). The numbers come from shared/progress.ts; shares
 * are written with three decimals.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import type { PortRow } from '../../../../shared/drill-down';
import {
  type Laggard,
  type MemberProgress,
  type ProgressOverview,
  toCsv,
  type VersionScoreboard,
} from '../../../../shared/progress';
import type { AppEnv } from '../../env';
import { protectedRoute } from '../../router';

/** `createRoute` for the progress routes: tagged `progress`, behind the bearer token. */
export const progressRoute = protectedRoute('progress');

export const versionViews = [
  'items',
  'kinds',
  'countries',
  'trend',
  'laggards',
  'ports',
  'port-items',
] as const;
export const overviewViews = ['checklists', 'grid', 'laggards'] as const;

/** `?format=csv&view=…`: the format, and which table the CSV holds (the JSON always holds them all). */
export const formatQuery = <const V extends readonly [string, ...string[]]>(views: V, view: V[number]) =>
  z.strictObject({ format: z.enum(['json', 'csv']).default('json'), view: z.enum(views).default(view) });

/** A scoreboard answered as JSON, or as CSV with `?format=csv`. */
export const jsonOrCsv = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: {
    'application/json': { schema },
    'text/csv': { schema: z.string() },
  },
});

const share = (value: number | null | undefined) =>
  value === null || value === undefined ? null : value.toFixed(3);

export function csvResponse(c: Context<AppEnv>, fileName: string, body: string) {
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
  });
}

/** The columns naming a checklist version, first in the tables that have a row per version. */
const versionColumns = ['checklistId', 'version', 'title', 'dueAt', 'overdue'];
const laggardColumns = ['organisationId', 'name', 'kind', 'country', ...versionColumns];
const laggardRows = (laggards: readonly Laggard[]) => laggards.map((l) => ({ ...l }));

/** The port view (docs/review.md): one row per organisation. */
export const portCsv = (rows: readonly PortRow[]) =>
  toCsv(
    [
      'organisationId',
      'name',
      'kind',
      'country',
      'acknowledged',
      'mandatoryImplemented',
      'mandatoryCount',
      'verified',
      'overdue',
      'trend',
    ],
    rows,
  );

export function versionCsv(
  board: VersionScoreboard,
  view: Exclude<(typeof versionViews)[number], 'ports' | 'port-items'>,
): string {
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
          'accepted',
          'verifiedImplemented',
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

export function memberCsv(progress: MemberProgress): string {
  return toCsv(
    ['itemId', 'text', 'level', 'allianceImplementedShare'],
    (progress.alliance?.items ?? []).map((i) => ({
      ...i,
      allianceImplementedShare: share(i.implementedShare),
    })),
  );
}

export function overviewCsv(overview: ProgressOverview, view: (typeof overviewViews)[number]): string {
  switch (view) {
    case 'checklists':
      return toCsv(
        [...versionColumns, 'acknowledged', 'applicable', 'implementedShare', 'deficit'],
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

/** A member's overview: own status and the alliance averages of each checklist. */
export function memberOverviewCsv(rows: readonly MemberProgress[]): string {
  return toCsv(
    [
      ...versionColumns,
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
  );
}
