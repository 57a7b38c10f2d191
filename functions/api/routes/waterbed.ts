import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { restrictedReadActions } from '../../../shared/audit';
import { ThreatCategory } from '../../../shared/bulletin';
import {
  maxWaterbedQuarters,
  Quarter,
  quarterOf,
  quarterPlus,
  quartersBetween,
} from '../../../shared/indicators';
import { toCsv } from '../../../shared/progress';
import {
  defaultShiftThreshold,
  figuresOf,
  type RestrictedFigureShown,
  Waterbed,
  waterbedCsvColumns,
  waterbedCsvRows,
  waterbedIndicators,
  waterbedView,
} from '../../../shared/waterbed';
import { auditFiguresShown } from '../figure-reads';
import { badRequest } from '../problems';
import { bearerSecurity, newRouter, problemResponses } from '../router';
import { viewerOrganisation } from '../viewer';
import { csvResponse, jsonOrCsv } from './progress/common';

const WaterbedQuery = z.strictObject({
  indicator: z.enum(waterbedIndicators).default('cocaineSeizedKg'),
  from: Quarter.optional(),
  to: Quarter.optional(),
  /** With `indicator=sightings` or `bulletins`: only bulletins filed under this category (and their sightings). */
  category: ThreatCategory.optional(),
  threshold: z.coerce.number().min(0).max(1).default(defaultShiftThreshold),
  format: z.enum(['json', 'csv']).default('json'),
  /** With `format=csv`: which table of the page (ports, shift signals, modus operandi spread, risk origins). */
  view: z.enum(['ports', 'signals', 'spread', 'origins']).default('ports'),
});

const signalColumns = ['from', 'to', 'rising', 'shareBefore', 'shareAfter', 'falling', 'text'];

/**
 * The waterbed (docs/waterbed.md): one indicator per port and quarter, and the shift signals,
 * computed only from what the viewer may see. Two Queries in parallel whatever the number of
 * ports and quarters: the ports' aggregates and the member ports of the directory.
 */
export const waterbedRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/waterbed',
    tags: ['indicators'],
    summary:
      'An indicator per port and quarter (figures the viewer may see only), each port’s harmonization deficit (own organisation or Commission) and shift signals; `format=csv` exports the ports (or `view=signals`, `spread`, `origins`)',
    security: bearerSecurity,
    request: { query: WaterbedQuery },
    responses: { 200: jsonOrCsv(Waterbed, 'The waterbed'), ...problemResponses },
  }),
  async (c) => {
    const query = c.req.valid('query');
    const { now, waterbed } = c.get('deps');
    const to = query.to ?? quarterOf(now().toISOString());
    const from = query.from ?? quarterPlus(to, -7);
    const quarters = from <= to ? quartersBetween(from, to) : [];
    if (quarters.length === 0)
      throw badRequest('`from` must not come after `to`.', [{ field: 'from', message: 'after `to`' }]);
    if (quarters.length > maxWaterbedQuarters)
      throw badRequest(`At most ${maxWaterbedQuarters} quarters at once.`, [
        { field: 'from', message: `more than ${maxWaterbedQuarters} quarters before \`to\`` },
      ]);
    if (query.category && query.indicator !== 'sightings' && query.indicator !== 'bulletins')
      throw badRequest('A category narrows sightings and bulletins only.', [
        { field: 'category', message: 'only with indicator=sightings or indicator=bulletins' },
      ]);
    const figures = figuresOf(query.indicator);
    const [{ aggregates, directory, harmonization }, own] = await Promise.all([
      waterbed.readWaterbed(figures.length > 0 ? { indicator: query.indicator, quarters } : undefined),
      viewerOrganisation(c),
    ]);
    const shown: RestrictedFigureShown[] = [];
    const view = waterbedView({
      shown,
      viewer: c.get('viewer'),
      viewerKind: own.kind,
      directory,
      aggregates,
      harmonization,
      indicator: query.indicator,
      category: query.category ?? null,
      quarters,
      threshold: query.threshold,
    });
    // AMBER figures on the page (or its export) are a restricted read, as AMBER titles in a feed.
    await auditFiguresShown(c, shown, restrictedReadActions.indicatorsListed);
    if (query.format === 'csv') {
      const name = `waterbed-${query.indicator}-${from}-${to}`;
      if (query.view === 'signals')
        return csvResponse(
          c,
          `${name}-signals.csv`,
          toCsv(
            signalColumns,
            view.signals.map((s) => ({
              ...s,
              rising: s.rising.locode,
              shareBefore: s.rising.shareBefore.toFixed(4),
              shareAfter: s.rising.shareAfter.toFixed(4),
              falling: s.falling.map((f) => f.locode),
            })),
          ),
        );
      if (query.view === 'spread')
        return csvResponse(
          c,
          `${name}-spread.csv`,
          toCsv(['category', 'quarter', 'ports', 'reported', 'seen'], view.spread),
        );
      if (query.view === 'origins')
        return csvResponse(
          c,
          `${name}-origins.csv`,
          toCsv(['quarter', 'country', 'bulletins', 'sightings'], view.origins),
        );
      return csvResponse(c, `${name}.csv`, toCsv(waterbedCsvColumns(quarters), waterbedCsvRows(view)));
    }
    return c.json(view, 200);
  },
);
