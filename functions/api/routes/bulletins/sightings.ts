import * as z from 'zod';
import { restrictedReadActions } from '../../../../shared/audit';
import { toCsv } from '../../../../shared/progress';
import {
  BulletinSightings,
  NewSighting,
  recordSighting,
  Sighting,
  seesSightingDetails,
  sightingCsvColumns,
  sightingCsvRow,
  sightingsFor,
  sightingTrail,
} from '../../../../shared/sighting';
import { idempotencyHeaders } from '../../headers';
import { jsonResponse as json, newRouter, problemResponses } from '../../router';
import { auditItemRead, itemEvent, itemRoute, retryOf } from '../../shared-items';
import { viewerOrganisation } from '../../viewer';
import { csvResponse, jsonOrCsv } from '../progress/common';
import { bulletinKind, idParams, visibleBulletin } from './common';

/**
 * Sightings, "seen here too" (docs/waterbed.md): a contributor who may see a published bulletin
 * records that its method was seen at a port. The author organisation and the Commission read
 * every sighting; other members who see the bulletin, how many and at which ports.
 */
export const bulletinSightingRoutes = newRouter()
  .openapi(
    itemRoute(bulletinKind, {
      method: 'post',
      path: '/api/v1/bulletins/{id}/sightings',
      summary: 'Record that the method was seen at a port too (contributors who may see the bulletin)',
      request: {
        params: idParams,
        headers: idempotencyHeaders,
        body: { required: true, content: { 'application/json': { schema: NewSighting } } },
      },
      responses: {
        201: json(Sighting, 'The sighting (a retry with the same Idempotency-Key: the same one)'),
        409: { description: 'The bulletin is a draft or withdrawn' },
        422: { description: 'The Idempotency-Key was used for another request' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const viewer = c.get('viewer');
      const { waterbed, now, newId, idempotency } = c.get('deps');
      // A retried POST (a lost answer) must not count the method twice at the port.
      const retry = retryOf(c, 'bulletin.sighting', c.req.valid('header')['idempotency-key']);
      const sighting = await idempotency.once(retry, { id, ...input }, async () => {
        const bulletin = await visibleBulletin(c, id);
        const recorded = recordSighting(bulletin, viewer, input, { id: newId(), at: now() });
        await waterbed.recordSighting(
          recorded,
          bulletin,
          itemEvent(c, bulletinKind, id, 'sighting_recorded', sightingTrail(recorded)),
        );
        return recorded;
      });
      return c.json(sighting, 201);
    },
  )
  .openapi(
    itemRoute(bulletinKind, {
      method: 'get',
      path: '/api/v1/bulletins/{id}/sightings',
      summary:
        'Sightings of a bulletin: all of them for the author organisation and the Commission, the count and ports for others; `format=csv` exports them',
      request: {
        params: idParams,
        query: z.strictObject({ format: z.enum(['json', 'csv']).default('json') }),
      },
      responses: { 200: jsonOrCsv(BulletinSightings, 'The sightings'), ...problemResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { format } = c.req.valid('query');
      const [bulletin, all, own] = await Promise.all([
        visibleBulletin(c, id),
        c.get('deps').waterbed.listSightings(id),
        viewerOrganisation(c),
      ]);
      await auditItemRead(c, bulletinKind, bulletin, restrictedReadActions.bulletinSightings);
      const answer = sightingsFor(id, all, seesSightingDetails(c.get('viewer'), own.kind, bulletin));
      if (format === 'csv') {
        const rows = answer.sightings
          ? answer.sightings.map(sightingCsvRow)
          : answer.ports.map((p) => ({ port: p.port, bulletinId: id, id: `${p.count} sightings` }));
        return csvResponse(c, `sightings-${id}.csv`, toCsv(sightingCsvColumns, rows));
      }
      return c.json(answer, 200);
    },
  );
