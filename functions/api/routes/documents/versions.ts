import * as z from 'zod';
import { restrictedReadActions } from '../../../../shared/audit';
import {
  Document as DocumentSchema,
  DocumentUpload,
  DocumentVersion,
  NewDocumentVersion,
  requireNewVersion,
  requireNextVersion,
  withCurrentVersion,
} from '../../../../shared/document';
import type { StoredVersion } from '../../../ports';
import { attachmentKey, checkedUpload } from '../../attachments';
import { jsonBody as body, jsonResponse as json, newRouter, problemResponses } from '../../router';
import { auditItemRead, etag, itemEvent, itemRoute, requireChanger } from '../../shared-items';
import {
  documentKind,
  idParams,
  ownVersion,
  pendingVersion,
  presignVersionUpload,
  shownVersions,
  stateResponses,
  unfinishedVersion,
  versionParams,
  visibleDocument,
  visibleDocumentRecord,
} from './common';

/** A document's versions: started, uploaded, made current, or discarded while unfinished. */
export const documentVersionRoutes = newRouter()
  .openapi(
    itemRoute(documentKind, {
      method: 'get',
      path: '/api/v1/documents/{id}/versions',
      summary: 'The versions of a document, newest first; superseded ones marked',
      request: { params: idParams },
      responses: {
        200: json(z.object({ items: z.array(DocumentVersion) }), 'The versions'),
        503: { description: 'A TLP:RED read could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const record = await visibleDocumentRecord(c, c.req.valid('param').id);
      await auditItemRead(c, documentKind, record.document, restrictedReadActions.documentVersions);
      return c.json({ items: shownVersions(c, record.document, record.versions) }, 200);
    },
  )
  .openapi(
    itemRoute(documentKind, {
      method: 'post',
      path: '/api/v1/documents/{id}/versions',
      summary:
        "Start a new version (publishing organisation's contributors): a change note, the material flag and a presigned POST for its file",
      request: { params: idParams, ...body(NewDocumentVersion) },
      responses: { 201: json(DocumentUpload, 'Where and how to upload'), ...stateResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const { documents, now } = c.get('deps');
      const document = await visibleDocument(c, id);
      requireChanger(c, document, documentKind);
      requireNewVersion(document, input, now());
      const at = now().toISOString();
      const version: StoredVersion = {
        ...pendingVersion(c, document.currentVersion + 1, input.file, input.changeNote, input.material, at),
        ...(input.acknowledgeBy ? { acknowledgeBy: new Date(input.acknowledgeBy).toISOString() } : {}),
      };
      await documents.prepareVersion(
        document,
        version,
        itemEvent(c, documentKind, id, 'version_started', {
          version: version.version,
          material: version.material,
          contentType: version.contentType,
          size: version.size,
        }),
      );
      return c.json(await presignVersionUpload(c, id, version), 201);
    },
  )
  .openapi(
    itemRoute(documentKind, {
      method: 'post',
      path: '/api/v1/documents/{id}/versions/{version}/complete',
      summary:
        'After the upload: the server checks the file in S3 (size, type), computes its SHA-256 and makes the version current, in one transaction with the audit event',
      request: { params: versionParams },
      responses: { 200: json(DocumentSchema, 'The document with this version current'), ...stateResponses },
    }),
    async (c) => {
      const { id, version: n } = c.req.valid('param');
      const { documents, files, now } = c.get('deps');
      const { document, version } = await ownVersion(c, id, n);
      // Completing twice (a retry) answers the same document.
      if (version.uploadedAt !== null) return c.json(document, 200);
      requireNextVersion(document, n);
      const digest = await checkedUpload(
        files,
        attachmentKey('documents', id, version.fileId),
        version,
        'exact',
      );
      const next = withCurrentVersion(document, version, digest.sha256, {
        at: now(),
        noun: documentKind.noun,
      });
      const completed: StoredVersion = {
        ...version,
        sha256: digest.sha256,
        uploadedAt: next.updatedAt,
        superseded: false,
      };
      const first = n === 1;
      await documents.completeVersion(
        document,
        next,
        completed,
        itemEvent(c, documentKind, id, first ? 'published' : 'version_published', {
          version: n,
          material: !first && version.material,
          sha256: digest.sha256,
          tlp: next.tlp,
        }),
      );
      return c.json(next, 200, { etag: etag(next) });
    },
  )
  .openapi(
    itemRoute(documentKind, {
      method: 'post',
      path: '/api/v1/documents/{id}/versions/{version}/upload',
      summary:
        "Upload an unfinished version again (publishing organisation's contributors): a fresh presigned POST for the same server-chosen key, type and size",
      request: { params: versionParams },
      responses: { 200: json(DocumentUpload, 'Where and how to upload'), ...stateResponses },
    }),
    async (c) => {
      const { id, version: n } = c.req.valid('param');
      const { version } = await unfinishedVersion(c, id, n);
      return c.json(await presignVersionUpload(c, id, version), 200);
    },
  )
  .openapi(
    itemRoute(documentKind, {
      method: 'delete',
      path: '/api/v1/documents/{id}/versions/{version}',
      summary:
        "Discard an unfinished version (publishing organisation's contributors) and its uploaded file, if any; for version 1 the whole draft document. A complete version cannot be discarded (409)",
      request: { params: versionParams },
      responses: { 204: { description: 'Discarded' }, ...stateResponses },
    }),
    async (c) => {
      const { id, version: n } = c.req.valid('param');
      const { documents, files } = c.get('deps');
      const { document, version } = await unfinishedVersion(c, id, n);
      await documents.discardVersion(
        document,
        version,
        itemEvent(c, documentKind, id, n === 1 ? 'draft_discarded' : 'version_discarded', {
          version: n,
          fileName: version.fileName,
          title: document.title,
        }),
      );
      // After the records are gone, so a failed transaction never loses a file a version still names.
      await files.remove(attachmentKey('documents', id, version.fileId));
      return c.body(null, 204);
    },
  );
