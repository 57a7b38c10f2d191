import type { Context } from 'hono';
import {
  AttachmentDownload,
  AttachmentUpload,
  attachmentIsReady,
  attachmentLimits,
  NewAttachment,
  replacedAttachment,
} from '../../../../shared/attachment';
import { restrictedReadActions } from '../../../../shared/audit';
import { Bulletin } from '../../../../shared/bulletin';
import { malwareFoundAction } from '../../../../shared/malware-scan';
import { canChangeItem } from '../../../../shared/permissions';
import { nextRevision, Refusal, requireRevision } from '../../../../shared/shared-item';
import {
  attachmentKey,
  checkedUpload,
  presignAttachmentDownload,
  presignAttachmentUpload,
} from '../../attachments';
import { auditEvent } from '../../audit';
import type { AppEnv } from '../../env';
import { ifMatchHeaders, revisionNamed } from '../../headers';
import { conflict, notFound } from '../../problems';
import { jsonBody as body, jsonResponse as json, newRouter, problemResponses } from '../../router';
import { auditItemRead, etag, itemEvent, itemRoute } from '../../shared-items';
import {
  attachmentParams,
  bulletinKind,
  idParams,
  lifecycleResponses,
  ownBulletin,
  visibleBulletin,
} from './common';

function requireNotWithdrawn(bulletin: Bulletin) {
  if (bulletin.status === 'withdrawn')
    throw new Refusal('conflict', 'A withdrawn bulletin takes no attachments.');
}

/** An attachment the viewer's organisation finishes or discards: 404 unless both exist for them, 403 for others. */
async function ownAttachment(c: Context<AppEnv>, id: string, attachmentId: string) {
  const bulletin = await ownBulletin(c, id);
  const attachment = bulletin.attachments.find((a) => a.id === attachmentId);
  if (!attachment) throw notFound('attachment');
  requireNotWithdrawn(bulletin);
  return { bulletin, attachment };
}

/** Attachments: pending from their upload URL until the server has checked the file (docs/attachments.md). */
export const bulletinAttachmentRoutes = newRouter()
  .openapi(
    itemRoute(bulletinKind, {
      method: 'post',
      path: '/api/v1/bulletins/{id}/attachments',
      summary: "Presigned POST for an attachment (author's organisation), under a key the server chose",
      request: { params: idParams, ...body(NewAttachment) },
      responses: { 201: json(AttachmentUpload, 'Where and how to upload'), ...lifecycleResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const bulletin = await ownBulletin(c, id);
      requireNotWithdrawn(bulletin);
      if (bulletin.attachments.length >= attachmentLimits.perItem) {
        throw conflict(`A bulletin holds at most ${attachmentLimits.perItem} attachments.`);
      }
      const { bulletins, files, newId, now } = c.get('deps');
      const attachmentId = newId();
      const at = now();
      const attachment = {
        id: attachmentId,
        ...input,
        createdAt: at.toISOString(),
        createdBy: c.get('viewer').memberId,
        status: 'pending' as const,
      };
      const next = nextRevision(bulletin, at, { attachments: [...bulletin.attachments, attachment] });
      await bulletins.attach(
        next,
        bulletin.revision,
        itemEvent(c, bulletinKind, id, 'attachment_added', {
          attachmentId,
          contentType: input.contentType,
          size: input.size,
        }),
      );
      const upload = await presignAttachmentUpload(files, 'bulletins', id, attachmentId, input, at);
      return c.json(upload, 201, { etag: etag(next) });
    },
  )
  .openapi(
    itemRoute(bulletinKind, {
      method: 'get',
      path: '/api/v1/bulletins/{id}/attachments/{attachmentId}',
      summary:
        'A short-lived presigned GET for a ready attachment of a bulletin the viewer may see (a pending one: 404, or 409 for the author organisation’s contributors)',
      request: { params: attachmentParams },
      responses: { 200: json(AttachmentDownload, 'Where to download'), ...problemResponses },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const bulletin = await visibleBulletin(c, id);
      const attachment = bulletin.attachments.find((a) => a.id === attachmentId);
      if (!attachment) throw notFound('attachment');
      if (!attachmentIsReady(attachment)) {
        if (!canChangeItem(c.get('viewer'), bulletin)) throw notFound('attachment');
        throw conflict(`${attachment.fileName} is not uploaded yet; upload it again or remove it.`);
      }
      await auditItemRead(c, bulletinKind, bulletin, restrictedReadActions.bulletinAttachment, {
        attachmentId,
      });
      const { files, now } = c.get('deps');
      const malwareFound = () =>
        bulletinKind.recordAudit(c)(
          auditEvent(c, malwareFoundAction, { type: 'bulletin', id }, bulletin.authorOrganisationId, {
            attachmentId,
            fileName: attachment.fileName,
          }),
        );
      return c.json(
        await presignAttachmentDownload(files, 'bulletins', id, attachment, now(), malwareFound),
        200,
      );
    },
  )
  .openapi(
    itemRoute(bulletinKind, {
      method: 'post',
      path: '/api/v1/bulletins/{id}/attachments/{attachmentId}/complete',
      summary:
        "After the upload (author's organisation): the server checks the file in the store (there, 1 byte to the declared size, the declared type), computes its SHA-256 and marks the attachment ready, in one transaction with the audit event",
      request: { params: attachmentParams, headers: ifMatchHeaders },
      responses: { 200: json(Bulletin, 'The bulletin with the attachment ready'), ...lifecycleResponses },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const { bulletins, files, now } = c.get('deps');
      const { bulletin, attachment } = await ownAttachment(c, id, attachmentId);
      // Completing twice (a retry) answers the same bulletin.
      if (attachmentIsReady(attachment)) return c.json(bulletin, 200, { etag: etag(bulletin) });
      requireRevision(bulletin, {
        noun: 'bulletin',
        expectedRevision: revisionNamed(c.req.valid('header')['if-match']),
      });
      const digest = await checkedUpload(
        files,
        attachmentKey('bulletins', id, attachmentId),
        attachment,
        'at-most',
      );
      const ready = { ...attachment, status: 'ready' as const, size: digest.size, sha256: digest.sha256 };
      const next = nextRevision(bulletin, now(), {
        attachments: replacedAttachment(bulletin, attachmentId, ready),
      });
      await bulletins.attach(
        next,
        bulletin.revision,
        itemEvent(c, bulletinKind, id, 'attachment_completed', {
          attachmentId,
          size: digest.size,
          sha256: digest.sha256,
        }),
      );
      return c.json(next, 200, { etag: etag(next) });
    },
  )
  .openapi(
    itemRoute(bulletinKind, {
      method: 'post',
      path: '/api/v1/bulletins/{id}/attachments/{attachmentId}/upload',
      summary:
        "Upload a pending attachment again (author's organisation): a fresh presigned POST for the same server-chosen key, type and size",
      request: { params: attachmentParams },
      responses: { 200: json(AttachmentUpload, 'Where and how to upload'), ...lifecycleResponses },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const { attachment } = await ownAttachment(c, id, attachmentId);
      if (attachmentIsReady(attachment)) {
        throw conflict(
          `${attachment.fileName} is uploaded and checked already; remove it and attach the new file instead.`,
        );
      }
      const { files, now } = c.get('deps');
      return c.json(
        await presignAttachmentUpload(files, 'bulletins', id, attachmentId, attachment, now()),
        200,
      );
    },
  )
  .openapi(
    itemRoute(bulletinKind, {
      method: 'delete',
      path: '/api/v1/bulletins/{id}/attachments/{attachmentId}',
      summary:
        "Discard an attachment and its file (author's organisation): a pending one, or any on a draft. A ready attachment of a published bulletin stays (409)",
      request: { params: attachmentParams, headers: ifMatchHeaders },
      responses: { 204: { description: 'Discarded' }, ...lifecycleResponses },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const { bulletins, files, now } = c.get('deps');
      const { bulletin, attachment } = await ownAttachment(c, id, attachmentId);
      if (bulletin.status !== 'draft' && attachmentIsReady(attachment)) {
        throw conflict(
          `${attachment.fileName} was published with the bulletin and stays; revise the bulletin to say it is outdated.`,
        );
      }
      requireRevision(bulletin, {
        noun: 'bulletin',
        expectedRevision: revisionNamed(c.req.valid('header')['if-match']),
      });
      await bulletins.attach(
        nextRevision(bulletin, now(), { attachments: replacedAttachment(bulletin, attachmentId, null) }),
        bulletin.revision,
        itemEvent(c, bulletinKind, id, 'attachment_discarded', {
          attachmentId,
          status: attachment.status ?? 'ready',
        }),
      );
      // After the record is gone, so a failed transaction never loses a file an attachment still names.
      await files.remove(attachmentKey('bulletins', id, attachmentId));
      return c.body(null, 204);
    },
  );
