import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { restrictedReadActions } from '../../../shared/audit';
import { Unlocode } from '../../../shared/organisation';
import { toCsv } from '../../../shared/progress';
import {
  PortSightings,
  portSightingsFor,
  seesSightingDetails,
  sightingCsvColumns,
  sightingCsvRow,
} from '../../../shared/sighting';
import { canSee } from '../../../shared/tlp';
import { bearerSecurity, newRouter, problemResponses } from '../router';
import { auditItemRead } from '../shared-items';
import { viewerOrganisation } from '../viewer';
import { bulletinKind } from './bulletins/common';
import { csvResponse, jsonOrCsv } from './progress/common';

/**
 * Sightings listed per port (docs/waterbed.md, "Sightings"): every sighting recorded at a port,
 * grouped per bulletin, of the bulletins the viewer may see only; in full for the bulletin's
 * author organisation and the Commission, the count for other recipients, as on the bulletin.
 */
export const portSightingRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/ports/{locode}/sightings',
    tags: ['indicators'],
    summary:
      'Sightings at a port, per bulletin the viewer may see (in full for the author organisation and the Commission, the count for others); `format=csv` exports them',
    security: bearerSecurity,
    request: {
      params: z.object({ locode: Unlocode }),
      query: z.strictObject({ format: z.enum(['json', 'csv']).default('json') }),
    },
    responses: { 200: jsonOrCsv(PortSightings, 'The sightings at the port'), ...problemResponses },
  }),
  async (c) => {
    const { locode } = c.req.valid('param');
    const { format } = c.req.valid('query');
    const { waterbed, bulletins } = c.get('deps');
    const viewer = c.get('viewer');
    const [all, own] = await Promise.all([waterbed.sightingsAtPort(locode), viewerOrganisation(c)]);
    const sighted = await bulletins.getMany([...new Set(all.map((s) => s.bulletinId))]);
    const answer = portSightingsFor(
      locode,
      all,
      sighted,
      (b) => canSee(viewer, b),
      (b) => seesSightingDetails(viewer, own.kind, b),
    );
    // A read of restricted bulletins' sightings is audited, as on each bulletin (the writes in parallel).
    const shown = new Set(answer.bulletins.map((b) => b.bulletinId));
    await Promise.all(
      sighted
        .filter((bulletin) => shown.has(bulletin.id))
        .map((bulletin) =>
          auditItemRead(c, bulletinKind, bulletin, restrictedReadActions.bulletinSightings, { port: locode }),
        ),
    );
    if (format === 'csv') {
      const rows = answer.bulletins.flatMap((b) =>
        b.sightings
          ? b.sightings.map(sightingCsvRow)
          : [{ port: locode, bulletinId: b.bulletinId, id: `${b.count} sightings`, quarter: b.lastSeenIn }],
      );
      return csvResponse(c, `sightings-${locode}.csv`, toCsv(sightingCsvColumns, rows));
    }
    return c.json(answer, 200);
  },
);
