import type { Context } from 'hono';
import { restrictedReadActions } from '../../../../shared/audit';
import { type Document, DocumentDownload } from '../../../../shared/document';
import { malwareFoundAction } from '../../../../shared/malware-scan';
import type { StoredVersion } from '../../../ports';
import { presignAttachmentDownload } from '../../attachments';
import { auditEvent } from '../../audit';
import type { AppEnv } from '../../env';
import { notFound } from '../../problems';
import { jsonResponse as json, newRouter, problemResponses } from '../../router';
import { auditItemRead, itemRoute } from '../../shared-items';
import { documentKind, idParams, versionParams, visibleDocument, visibleVersion } from './common';

async function download(c: Context<AppEnv>, document: Document, version: StoredVersion | null) {
  if (!version || version.uploadedAt === null || version.sha256 === null) throw notFound('version');
  const { files, now } = c.get('deps');
  await auditItemRead(c, documentKind, document, restrictedReadActions.documentDownload, {
    version: version.version,
    sha256: version.sha256,
  });
  const link = await presignAttachmentDownload(
    files,
    'documents',
    document.id,
    { id: version.fileId, fileName: version.fileName },
    now(),
    () =>
      documentKind.recordAudit(c)(
        auditEvent(
          c,
          malwareFoundAction,
          { type: 'document', id: document.id },
          document.authorOrganisationId,
          {
            version: version.version,
            fileName: version.fileName,
          },
        ),
      ),
  );
  const superseded = version.version < document.currentVersion;
  const result = {
    ...link,
    version: version.version,
    fileName: version.fileName,
    sha256: version.sha256,
    superseded,
    currentVersion: document.currentVersion,
  };
  // Scripts that only look at headers learn it too.
  return c.json(result, 200, {
    'x-document-version': String(version.version),
    'x-superseded': String(superseded),
  });
}

const downloadResponses = {
  200: json(DocumentDownload, 'Where to download'),
  503: { description: 'A TLP:RED download could not be audited' },
  ...problemResponses,
};

/** Downloads of a version's file or the current one, audited when restricted. */
export const documentDownloadRoutes = newRouter()
  .openapi(
    itemRoute(documentKind, {
      method: 'get',
      path: '/api/v1/documents/{id}/versions/{version}/download',
      summary:
        'A short-lived presigned GET for one version’s file; says whether it is superseded (body and `x-superseded` header). AMBER and RED downloads are audited',
      request: { params: versionParams },
      responses: downloadResponses,
    }),
    async (c) => {
      const { id, version: n } = c.req.valid('param');
      const { document, version } = await visibleVersion(c, id, n);
      return download(c, document, version);
    },
  )
  .openapi(
    itemRoute(documentKind, {
      method: 'get',
      path: '/api/v1/documents/{id}/download',
      summary: 'A short-lived presigned GET for the current version’s file',
      request: { params: idParams },
      responses: downloadResponses,
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const document = await visibleDocument(c, id);
      if (document.currentVersion === 0) throw notFound('version');
      const { version } = await visibleVersion(c, id, document.currentVersion);
      return download(c, document, version);
    },
  );
