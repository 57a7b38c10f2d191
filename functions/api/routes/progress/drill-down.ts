/**
 * `GET /api/v1/progress/checklists/{id}/versions/{v}/organisations`: the organisations behind a
 * scoreboard cell (kind, country, organisation, item and its status or review state), a page at a
 * time (docs/review.md). The Commission sees every organisation; a member only its own, so the
 * anonymous averages (docs/anonymous-averages.md) are never undone by a drill-down.
 */
import * as z from 'zod';
import { ChecklistId, VersionNumber } from '../../../../shared/checklist';
import { DrillDownFilter, DrillDownRow, drillDownRow, matchesCell } from '../../../../shared/drill-down';
import { seesEveryAssessment } from '../../../../shared/permissions';
import { pageOf } from '../../../../shared/problem';
import type { AreaRouter } from '../../areas';
import { notFound } from '../../problems';
import { jsonResponse as json } from '../../router';
import { viewerOrganisation } from '../../viewer';
import { progressRoute } from './common';

export const drillDownRoutes = (router: AreaRouter) =>
  router.openapi(
    progressRoute({
      method: 'get',
      path: '/api/v1/progress/checklists/{id}/versions/{v}/organisations',
      summary:
        'The organisations behind a scoreboard cell, a page at a time (Commission: all; members: their own)',
      request: { params: z.object({ id: ChecklistId, v: VersionNumber }), query: DrillDownFilter },
      responses: {
        200: json(
          pageOf(DrillDownRow),
          'A page of organisations; a page may hold fewer rows than asked when an item filter leaves some out — follow nextCursor',
        ),
      },
    }),
    async (c) => {
      const { id, v } = c.req.valid('param');
      const { limit, cursor, ...filter } = c.req.valid('query');
      const { checklists, cursors } = c.get('deps');
      const viewer = c.get('viewer');
      // Read with the token (functions/api/viewer.ts): deciding the scope costs no round trip.
      const organisation = await viewerOrganisation(c);
      const all = seesEveryAssessment(organisation.kind);
      // A member's query is pinned to its own organisation: nothing else is even read.
      const organisationId = all ? filter.organisationId : viewer.organisationId;
      if (!all && filter.organisationId && filter.organisationId !== viewer.organisationId) {
        return c.json({ items: [], nextCursor: null }, 200);
      }
      const ref = { checklistId: id, version: v };
      const scope = `drill|${id}|${v}|${viewer.organisationId}|${JSON.stringify(filter)}`;
      const after = cursors.open(scope, cursor);
      const read = await checklists.drillDown(
        ref,
        { kind: filter.kind, country: filter.country, organisationId },
        { limit, after },
      );
      if (!read.version) throw notFound('checklist version');
      const names = new Map(read.directory.map((o) => [o.id, o]));
      const version = read.version;
      const items = read.page.items
        .filter((a) => all || a.organisationId === viewer.organisationId)
        .filter((a) => matchesCell(a, filter))
        .map((a) => drillDownRow(version, a, names, filter.itemId));
      return c.json({ items, nextCursor: cursors.seal(scope, read.page.next) }, 200);
    },
  );
