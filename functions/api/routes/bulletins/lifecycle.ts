import type { Context } from 'hono';
import { requireReadyAttachments } from '../../../../shared/attachment';
import {
  Bulletin,
  BulletinContent,
  BulletinDraftPatch,
  checkedContent,
  NewRevision,
  Withdrawal,
} from '../../../../shared/bulletin';
import {
  type Change,
  changedFields,
  editDraft,
  namedFields,
  publish,
  Refusal,
  requireDraft,
  revise,
  withdraw,
} from '../../../../shared/shared-item';
import { checkAddressing } from '../../addressing';
import type { AppEnv } from '../../env';
import { revisionNamed, writeHeaders } from '../../headers';
import { fieldErrors } from '../../problems';
import { publishOnce, publishToken } from '../../publish-once';
import { jsonBody as body, jsonResponse as json, newRouter } from '../../router';
import { etag, itemEvent, itemRoute, retryOf } from '../../shared-items';
import { bulletinKind, idParams, lifecycleResponses, ownBulletin, revisionEntry } from './common';

const { noun } = bulletinKind;

/** A change now, by the revision the request's `If-Match` named. */
const changeNow = (c: Context<AppEnv>, ifMatch: string | undefined): Change => ({
  at: c.get('deps').now(),
  noun,
  expectedRevision: revisionNamed(ifMatch),
});

/** A bulletin's draft edits, publication, revisions and withdrawal: the state changes of shared/shared-item.ts. */
export const bulletinLifecycleRoutes = newRouter()
  .openapi(
    itemRoute(bulletinKind, {
      method: 'patch',
      path: '/api/v1/bulletins/{id}',
      summary: 'Edit a draft (author’s organisation)',
      request: { params: idParams, headers: writeHeaders, ...body(BulletinDraftPatch) },
      responses: { 200: json(Bulletin, 'The draft'), ...lifecycleResponses },
    }),
    async (c) => {
      const bulletin = await ownBulletin(c, c.req.valid('param').id);
      const change = changeNow(c, c.req.valid('header')['if-match']);
      // Checked before the content, so that a published bulletin's PATCH is a 409 whatever it says.
      requireDraft(bulletin, change);
      const patch = c.req.valid('json');
      const { id, status, revision, attachments, createdAt, updatedAt, publishedAt, ...current } = bulletin;
      // Safe parse: a draft stored before today's rules (a control character in its title) is
      // answered with a 400 naming the field to fix, not a 500.
      const content = BulletinContent.safeParse({
        ...Object.fromEntries(
          Object.keys(BulletinContent.shape).map((f) => [f, current[f as keyof typeof current]]),
        ),
        ...namedFields(patch),
      });
      const merged = content.success ? checkedContent(content.data) : content;
      if (!merged.success) {
        const errors = fieldErrors(merged.error.issues);
        throw new Refusal(
          'invalid',
          `Invalid body: ${errors.map((e) => `${e.field} (${e.message})`).join(', ')}`,
          errors,
        );
      }
      await checkAddressing(c, merged.data, bulletin.authorOrganisationId);
      const next = editDraft(bulletin, merged.data, change);
      await c
        .get('deps')
        .bulletins.saveDraft(
          next,
          revision,
          itemEvent(c, bulletinKind, id, 'edited', { fields: Object.keys(patch) }),
        );
      return c.json(next, 200, { etag: etag(next) });
    },
  )
  .openapi(
    itemRoute(bulletinKind, {
      method: 'post',
      path: '/api/v1/bulletins/{id}/publish',
      summary: 'Publish a draft: one transaction writes it, its inbox or feed entries and the audit event',
      request: { params: idParams, headers: writeHeaders },
      responses: {
        200: json(Bulletin, 'The published bulletin'),
        422: { description: 'The Idempotency-Key was used for another request' },
        ...lifecycleResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const headers = c.req.valid('header');
      const { bulletins, idempotency } = c.get('deps');
      const retry = retryOf(c, 'bulletin.publish', headers['idempotency-key']);
      // Stored with the publication, so that a retry after a stall finds its own publish (publish-once.ts).
      const token = publishToken(retry.memberId, retry.key);
      const attempt = idempotency.once(retry, { id }, async () => {
        const bulletin = await ownBulletin(c, id);
        const next = publish(bulletin, changeNow(c, headers['if-match']));
        requireReadyAttachments(bulletin);
        await bulletins.publish(
          next,
          bulletin.revision,
          revisionEntry(c, next, 'published', 'Published', false, []),
          itemEvent(c, bulletinKind, id, 'published', {
            tlp: next.tlp,
            recipients: next.recipients.organisations.length,
          }),
          token,
        );
        return next;
      });
      const published = await publishOnce(bulletins, id, token, attempt);
      return c.json(published, 200, { etag: etag(published) });
    },
  )
  .openapi(
    itemRoute(bulletinKind, {
      method: 'post',
      path: '/api/v1/bulletins/{id}/revisions',
      summary: 'Revise a published bulletin; a material revision asks for acknowledgement again',
      request: { params: idParams, headers: writeHeaders, ...body(NewRevision) },
      responses: { 201: json(Bulletin, 'The revised bulletin'), ...lifecycleResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const bulletin = await ownBulletin(c, id);
      const changes = namedFields(input.changes);
      const fields = changedFields(bulletin, changes);
      const next = revise<Bulletin>(
        bulletin,
        { changes, material: input.material, dueDateField: 'changes.acknowledgeBy' },
        changeNow(c, c.req.valid('header')['if-match']),
      );
      await c
        .get('deps')
        .bulletins.replacePublished(
          bulletin,
          next,
          revisionEntry(c, next, 'revised', input.note, input.material, fields),
          itemEvent(c, bulletinKind, id, 'revised', { material: input.material, fields }),
        );
      return c.json(next, 201, { etag: etag(next) });
    },
  )
  .openapi(
    itemRoute(bulletinKind, {
      method: 'post',
      path: '/api/v1/bulletins/{id}/withdraw',
      summary: 'Withdraw a published bulletin; it stays visible as withdrawn, with the reason',
      request: { params: idParams, headers: writeHeaders, ...body(Withdrawal) },
      responses: { 200: json(Bulletin, 'The withdrawn bulletin'), ...lifecycleResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const bulletin = await ownBulletin(c, id);
      const next = withdraw(bulletin, reason, changeNow(c, c.req.valid('header')['if-match']));
      await c
        .get('deps')
        .bulletins.replacePublished(
          bulletin,
          next,
          revisionEntry(c, next, 'withdrawn', reason, false, ['status']),
          itemEvent(c, bulletinKind, id, 'withdrawn', { reason }),
        );
      return c.json(next, 200, { etag: etag(next) });
    },
  );
