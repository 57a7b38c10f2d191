import * as z from 'zod';
import { NewAcknowledgement, Receipts, receiptsOf } from '../../../../shared/acknowledgement';
import { restrictedReadActions } from '../../../../shared/audit';
import { canReadReceipts } from '../../../../shared/permissions';
import { Refusal, requireAcknowledgeable } from '../../../../shared/shared-item';
import { idempotencyHeaders } from '../../headers';
import { forbidden } from '../../problems';
import { jsonResponse as json, newRouter, problemResponses } from '../../router';
import { auditItemRead, itemEvent, itemRoute, optionalBody, retryOf, visibleOr404 } from '../../shared-items';
import { bulletinKind, idParams, visibleBulletinRecord } from './common';

const Receipt = z.object({
  bulletinId: z.string(),
  organisationId: z.string(),
  round: z.number().int(),
  organisationAcknowledgedAt: z.string().nullable(),
  readAt: z.string().nullable(),
});

/** Acknowledgements and read receipts: recorded by recipients, read by the author organisation. */
export const bulletinAcknowledgementRoutes = newRouter()
  .openapi(
    itemRoute(bulletinKind, {
      method: 'post',
      path: '/api/v1/bulletins/{id}/acknowledgements',
      summary:
        'Acknowledge on behalf of the organisation (recipient contributor), or mark read (any member who sees it)',
      request: {
        params: idParams,
        headers: idempotencyHeaders,
        body: { required: false, content: { 'application/json': { schema: NewAcknowledgement } } },
      },
      responses: {
        200: json(Receipt, 'The receipt (acknowledging twice changes nothing)'),
        409: { description: 'The bulletin is withdrawn or a draft' },
        422: { description: 'The Idempotency-Key was used for another request' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { kind } = optionalBody(c, () => c.req.valid('json'), NewAcknowledgement);
      const { bulletins, idempotency, now } = c.get('deps');
      const viewer = c.get('viewer');
      const retry = retryOf(c, 'bulletin.acknowledge', c.req.valid('header')['idempotency-key']);
      const receipt = await idempotency.once(retry, { id, kind }, async () => {
        const standing = await bulletins.getWithStanding(id, viewer.organisationId, viewer.memberId);
        const { acknowledgement, read } = standing;
        const bulletin = visibleOr404(c, standing.bulletin, bulletinKind);
        const acknowledge = kind === 'acknowledge';
        if (acknowledge) requireAcknowledgeable(viewer, bulletin, bulletinKind.noun);
        else if (bulletin.status !== 'published') {
          throw new Refusal('conflict', `A ${bulletin.status} bulletin takes no receipts.`);
        }
        const round = bulletin.acknowledgementRound;
        const needsAck = acknowledge && !(acknowledgement && acknowledgement.round === round);
        const needsRead = !read;
        const at = now().toISOString();
        if (needsAck || needsRead) {
          await bulletins.acknowledge({
            bulletin,
            organisationId: viewer.organisationId,
            member: { memberId: viewer.memberId, email: viewer.email },
            acknowledge: needsAck,
            markRead: needsRead,
            at,
            audit: itemEvent(c, bulletinKind, id, needsAck ? 'acknowledged' : 'marked_read', { round }),
          });
        }
        const current =
          acknowledgement && acknowledgement.round === round ? acknowledgement.acknowledgedAt : null;
        return {
          bulletinId: id,
          organisationId: viewer.organisationId,
          round,
          organisationAcknowledgedAt: needsAck ? at : current,
          readAt: read?.readAt ?? at,
        };
      });
      return c.json(receipt, 200);
    },
  )
  .openapi(
    itemRoute(bulletinKind, {
      method: 'get',
      path: '/api/v1/bulletins/{id}/acknowledgements',
      summary: "Receipts (author's organisation): who acknowledged, when, by whom; who has not; overdue",
      request: { params: idParams },
      responses: {
        200: json(Receipts, 'The receipts'),
        503: { description: 'Receipts of a TLP:RED bulletin could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const record = await visibleBulletinRecord(c, c.req.valid('param').id);
      const b = record.bulletin;
      if (!canReadReceipts(c.get('viewer'), b))
        throw forbidden("Receipts are for the author's organisation.");
      await auditItemRead(c, bulletinKind, b, restrictedReadActions.bulletinReceipts);
      return c.json(
        receiptsOf({
          recipientOrganisations: b.recipients.organisations,
          requiresAcknowledgement: b.requiresAcknowledgement,
          acknowledgeBy: b.acknowledgeBy,
          round: b.acknowledgementRound,
          acknowledgements: record.acknowledgements,
          reads: record.reads,
          now: c.get('deps').now(),
        }),
        200,
      );
    },
  );
