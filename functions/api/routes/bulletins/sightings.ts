import * as z from 'zod';
import { restrictedReadActions } from '../../../../shared/audit';
import { quarterOf } from '../../../../shared/indicators';
import { canContribute } from '../../../../shared/permissions';
import { toCsv } from '../../../../shared/progress';
import { Refusal } from '../../../../shared/shared-item';
import {
  BulletinSightings,
  NewSighting,
  Sighting,
  seesSightingDetails,
  sightingCsvColumns,
  sightingCsvRow,
  sightingsFor,
} from '../../../../shared/sighting';
import { idempotencyHeaders } from '../../headers';
import { badRequest, forbidden } from '../../problems';
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
        if (!canContribute(viewer)) throw forbidden('Only contributors record sightings.');
        if (bulletin.status !== 'published')
          throw new Refusal('conflict', `A ${bulletin.status} bulletin takes no sightings.`);
        const at = now();
        if (input.seenOn > at.toISOString().slice(0, 10))
          throw badRequest('A sighting cannot be dated in the future.', [
            { field: 'seenOn', message: 'in the future' },
          ]);
        const recorded: Sighting = {
          id: newId(),
          bulletinId: id,
          port: input.port,
          seenOn: input.seenOn,
          quarter: quarterOf(input.seenOn),
          note: input.note,
          ...(input.ownBulletinId ? { ownBulletinId: input.ownBulletinId } : {}),
          organisationId: viewer.organisationId,
          recordedBy: { memberId: viewer.memberId, email: viewer.email },
          recordedAt: at.toISOString(),
        };
        await waterbed.recordSighting(
          recorded,
          bulletin,
          itemEvent(c, bulletinKind, id, 'sighting_recorded', {
            sightingId: recorded.id,
            port: recorded.port,
            seenOn: recorded.seenOn,
          }),
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
