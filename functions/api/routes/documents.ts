import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import {
  acknowledgeByIssues,
  isOverdue,
  type OrganisationAcknowledgement,
  receiptsOf,
} from '../../../shared/acknowledgement';
import { restrictedReadActions } from '../../../shared/audit';
import {
  type Attestation,
  Attestation as AttestationSchema,
  type Document,
  DocumentDetail,
  DocumentDownload,
  type DocumentFile,
  DocumentId,
  DocumentReceipts,
  Document as DocumentSchema,
  type DocumentStanding,
  DocumentUpload,
  DocumentVersion,
  DocumentVersionNumber,
  DocumentWithUpload,
  documentAsksToAcknowledge,
  LibraryFilter,
  LibraryItem,
  NewAttestation,
  NewDocument,
  NewDocumentVersion,
  UnfinishedUpload,
} from '../../../shared/document';
import {
  canAcknowledge,
  canChangeItem,
  canContribute,
  canReadReceipts,
  isRecipientOrganisation,
} from '../../../shared/permissions';
import { PageQuery, pageOf } from '../../../shared/problem';
import { canSee } from '../../../shared/tlp';
import type { Viewer } from '../../../shared/viewer';
import type { DocumentRecord, LibraryEntry, StoredVersion } from '../../ports';
import { auditRestrictedItems, auditRestrictedRead, checkAddressing } from '../addressing';
import {
  attachmentKey,
  checkedUpload,
  presignAttachmentDownload,
  presignAttachmentUpload,
} from '../attachments';
import { auditEvent } from '../audit';
import type { AppEnv } from '../env';
import { IdempotencyKeyHeader } from '../idempotency-header';
import { badRequest, conflict, forbidden, notFound } from '../problems';
import {
  bearerSecurity,
  jsonBody as body,
  jsonResponse as json,
  newRouter,
  problemResponses,
} from '../router';
import { viewerOrganisation } from '../viewer';
import { visiblePage } from '../visible-page';

const idParams = z.object({ id: DocumentId });
const versionParams = z.object({ id: DocumentId, version: DocumentVersionNumber });
const idempotencyHeaders = z.object({ 'idempotency-key': IdempotencyKeyHeader });
const stateResponses = {
  409: { description: 'Not in a state that allows this (e.g. the file is not uploaded yet)' },
  ...problemResponses,
};

/** Only the author's organisation's contributors change a document; others who can see it get 403. */
function requireAuthorContributor(viewer: Viewer, document: Document) {
  if (!canChangeItem(viewer, document)) {
    throw forbidden('Only contributors of the publishing organisation change this document.');
  }
}

/** A version as clients see it: without the storage id, and superseded once a newer one is current. */
const publicVersion = (v: StoredVersion, currentVersion: number): DocumentVersion => {
  const { fileId, acknowledgeBy, ...rest } = v;
  return { ...rest, superseded: v.uploadedAt !== null && v.version < currentVersion };
};

/** A version whose file the server is about to let the browser upload, under a key it chose. */
function pendingVersion(
  c: Context<AppEnv>,
  version: number,
  file: DocumentFile,
  changeNote: string,
  material: boolean,
  at: string,
): StoredVersion {
  const viewer = c.get('viewer');
  return {
    version,
    changeNote,
    material,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.size,
    sha256: null,
    uploadedAt: null,
    superseded: false,
    createdAt: at,
    createdBy: { memberId: viewer.memberId, email: viewer.email },
    fileId: `v${version}/${c.get('deps').newId()}`,
  };
}

async function presignVersionUpload(c: Context<AppEnv>, documentId: string, version: StoredVersion) {
  const { files, now } = c.get('deps');
  const upload = await presignAttachmentUpload(
    files,
    'documents',
    documentId,
    version.fileId,
    version,
    now(),
  );
  return {
    version: version.version,
    url: upload.url,
    fields: upload.fields,
    expiresAt: upload.expiresAt,
    maxBytes: upload.maxBytes,
  };
}

/**
 * A version of the viewer organisation's document whose upload is not complete, for a contributor
 * who retries or discards it: 404 for what the viewer cannot see or a version that does not
 * exist, 403 for others' documents, 409 once the upload is complete.
 */
async function unfinishedVersion(c: Context<AppEnv>, id: string, n: number) {
  const { document, version } = await visibleVersion(c, id, n);
  requireAuthorContributor(c.get('viewer'), document);
  if (!version) throw notFound('version');
  if (version.uploadedAt !== null) throw conflict(`Version ${n} is complete; it stays as published.`);
  return { document, version };
}

/** The latest attestation per organisation, as the shared receipt table reads acknowledgements. */
function latestAcknowledgements(attestations: readonly Attestation[]): OrganisationAcknowledgement[] {
  const latest = new Map<string, Attestation>();
  for (const a of attestations) {
    const seen = latest.get(a.organisationId);
    if (!seen || a.round > seen.round || (a.round === seen.round && a.attestedAt > seen.attestedAt)) {
      latest.set(a.organisationId, a);
    }
  }
  return [...latest.values()].map((a) => ({
    organisationId: a.organisationId,
    round: a.round,
    acknowledgedAt: a.attestedAt,
    acknowledgedBy: { memberId: a.memberId, email: a.email },
  }));
}

function standing(viewer: Viewer, record: DocumentRecord): DocumentStanding {
  const d = record.document;
  const attestation =
    record.attestations
      .filter((a) => a.organisationId === viewer.organisationId && a.round === d.acknowledgementRound)
      .sort((a, b) => b.version - a.version)[0] ?? null;
  const recipient = isRecipientOrganisation(viewer, d);
  return {
    recipient,
    attestation,
    needsAcknowledgement: documentAsksToAcknowledge(d, viewer.organisationId) && !attestation,
    mayAcknowledge: canAcknowledge(viewer, d) && d.status === 'published',
    mayPublishVersion: canChangeItem(viewer, d) && d.status === 'published',
  };
}

function libraryItem(viewer: Viewer, entry: LibraryEntry, now: Date): LibraryItem {
  const s = entry.summary;
  const needsAcknowledgement =
    documentAsksToAcknowledge(s, viewer.organisationId) &&
    (entry.acknowledgedRound ?? 0) < s.acknowledgementRound;
  return {
    id: s.id,
    title: s.title,
    summary: s.summary,
    tags: s.tags,
    areas: s.areas,
    tlp: s.tlp,
    authorOrganisationId: s.authorOrganisationId,
    authorOrganisationKind: s.authorOrganisationKind,
    currentVersion: s.currentVersion,
    currentFile: s.currentFile,
    publishedAt: s.publishedAt!,
    versionAt: s.versionAt!,
    requiresAcknowledgement: s.requiresAcknowledgement,
    acknowledgeBy: s.acknowledgeBy,
    needsAcknowledgement,
    overdue: needsAcknowledgement && isOverdue(s.acknowledgeBy, now),
  };
}

/** A draft's unfinished upload names no recipients: canSee decides a draft by its author and label alone. */
const noRecipients = { organisations: [], members: [] };

/** Reads of a restricted document's sub-resources are audited like the document itself. */
const auditDocumentRead = (c: Context<AppEnv>, document: Document, action: string) =>
  auditRestrictedRead(c, document, { type: 'document', id: document.id }, action, (event) =>
    c.get('deps').documents.recordAudit(event),
  );

/** Loads a document and one version for a viewer who may see the document (404 otherwise). */
async function visibleVersion(c: Context<AppEnv>, id: string, n: number) {
  const { document, version } = await c.get('deps').documents.getWithVersion(id, n);
  if (!document || !canSee(c.get('viewer'), document)) throw notFound('document');
  return { document, version };
}

async function download(c: Context<AppEnv>, document: Document, version: StoredVersion | null) {
  if (!version || version.uploadedAt === null || version.sha256 === null) throw notFound('version');
  const { documents, files, now } = c.get('deps');
  await auditRestrictedRead(
    c,
    document,
    { type: 'document', id: document.id },
    restrictedReadActions.documentDownload,
    (event) => documents.recordAudit(event),
    { version: version.version, sha256: version.sha256 },
  );
  const link = await presignAttachmentDownload(
    files,
    'documents',
    document.id,
    { id: version.fileId, fileName: version.fileName },
    now(),
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

export const documentRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/documents',
      tags: ['documents'],
      summary:
        'Publish a document (contributor): records it with its first version and answers a presigned POST for the file',
      security: bearerSecurity,
      request: { headers: idempotencyHeaders, ...body(NewDocument) },
      responses: {
        201: json(
          DocumentWithUpload,
          'The document (a draft until the upload is complete) and where to upload',
        ),
        422: { description: 'The Idempotency-Key was used for another request' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      if (!canContribute(viewer)) throw forbidden('Only contributors publish documents.');
      const input = c.req.valid('json');
      const { documents, idempotency, now } = c.get('deps');
      const result = await idempotency.once(c, 'document.create', input, async () => {
        await checkAddressing(c, input, viewer.organisationId);
        const organisation = await viewerOrganisation(c);
        const at = now().toISOString();
        const { file, ...metadata } = input;
        const document: Document = {
          ...metadata,
          id: c.get('deps').newId(),
          status: 'draft',
          revision: 1,
          acknowledgementRound: 1,
          authorId: viewer.memberId,
          authorEmail: viewer.email,
          authorOrganisationId: viewer.organisationId,
          authorOrganisationKind: organisation.kind,
          currentVersion: 0,
          currentFile: null,
          createdAt: at,
          updatedAt: at,
          publishedAt: null,
          versionAt: null,
        };
        const first = pendingVersion(c, 1, file, 'First version', false, at);
        await documents.create(
          document,
          first,
          auditEvent(c, 'document.drafted', { type: 'document', id: document.id }, viewer.organisationId, {
            tlp: document.tlp,
            contentType: file.contentType,
            size: file.size,
          }),
        );
        return { status: 201, body: { document, upload: await presignVersionUpload(c, document.id, first) } };
      });
      const created = result.body as { document: Document };
      return c.json(result.body as never, 201, { location: `/api/v1/documents/${created.document.id}` });
    },
  )
  .openapi(
    createRoute({
      // Registered before `/api/v1/documents/{id}` so that `drafts` is never read as an id.
      method: 'get',
      path: '/api/v1/documents/drafts',
      tags: ['documents'],
      summary:
        "The viewer organisation's unfinished uploads (contributors): documents and versions whose file never arrived, newest first, to upload again or discard",
      security: bearerSecurity,
      request: { query: PageQuery },
      responses: { 200: json(pageOf(UnfinishedUpload), 'A page of unfinished uploads'), ...problemResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      if (!canContribute(viewer)) throw forbidden('Unfinished uploads are for contributors.');
      const { limit, cursor } = c.req.valid('query');
      const { documents, cursors } = c.get('deps');
      // Bound to the member: a TLP:RED draft is its author's alone.
      const scope = `document-drafts|${viewer.organisationId}|${viewer.memberId}`;
      const page = await visiblePage(
        (after, n) => documents.unfinished(viewer.organisationId, { limit: n, after }),
        (e) =>
          e.upload.createdBy.memberId === viewer.memberId ||
          canSee(viewer, { ...e, status: 'draft', recipients: noRecipients }),
        limit,
        cursors.openPosition(scope, cursor),
      );
      const items = page.items.map((e) => e.upload);
      return c.json({ items, nextCursor: cursors.sealPosition(scope, page.next) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/documents',
      tags: ['documents'],
      summary:
        "The viewer's library, newest version first: community documents and their organisation's; search by title and tag, filter by area, organisation, kind of publisher",
      security: bearerSecurity,
      request: { query: LibraryFilter.extend(PageQuery.shape) },
      responses: {
        200: json(pageOf(LibraryItem), 'A page of the library'),
        503: { description: 'A page with TLP:RED titles could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { limit, cursor, ...filter } = c.req.valid('query');
      const { documents, cursors, now } = c.get('deps');
      // Bound to the member (RED filtering is per member) and to the filters.
      const scope = `documents|${viewer.organisationId}|${viewer.memberId}|${JSON.stringify(filter)}`;
      const page = await visiblePage(
        (after, n) => documents.library(viewer.organisationId, filter, { limit: n, after }),
        (e) => e.summary.status === 'published' && canSee(viewer, e.summary),
        limit,
        cursors.openPosition(scope, cursor),
        // The tag is an index of its own; the other filters are filter expressions.
        { filtered: [filter.q, filter.area, filter.organisation, filter.kind].some((f) => f !== undefined) },
      );
      await auditRestrictedItems(
        c,
        page.items.map((e) => e.summary),
        'document',
        restrictedReadActions.documentsListed,
        (events) => documents.recordAudit(...events),
      );
      const at = now();
      const items = page.items.map((e) => libraryItem(viewer, e, at));
      return c.json({ items, nextCursor: cursors.sealPosition(scope, page.next) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/documents/{id}',
      tags: ['documents'],
      summary: 'A document with its versions and the viewer’s standing (404 when not visible)',
      security: bearerSecurity,
      request: { params: idParams },
      responses: {
        200: json(DocumentDetail, 'The document'),
        503: { description: 'A TLP:RED read could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { documents } = c.get('deps');
      const record = await documents.getRecord(c.req.valid('param').id);
      if (!record || !canSee(viewer, record.document)) throw notFound('document');
      const d = record.document;
      await auditRestrictedRead(
        c,
        d,
        { type: 'document', id: d.id },
        restrictedReadActions.document,
        (event) => documents.recordAudit(event),
      );
      const own = viewer.organisationId === d.authorOrganisationId;
      const detail: DocumentDetail = {
        ...d,
        versions: record.versions
          .filter((v) => own || v.uploadedAt !== null)
          .map((v) => publicVersion(v, d.currentVersion)),
        viewer: standing(viewer, record),
      };
      return c.json(detail, 200, { etag: `"${d.revision}"` });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/documents/{id}/versions',
      tags: ['documents'],
      summary: 'The versions of a document, newest first; superseded ones marked',
      security: bearerSecurity,
      request: { params: idParams },
      responses: {
        200: json(z.object({ items: z.array(DocumentVersion) }), 'The versions'),
        503: { description: 'A TLP:RED read could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const record = await c.get('deps').documents.getRecord(c.req.valid('param').id);
      if (!record || !canSee(viewer, record.document)) throw notFound('document');
      const d = record.document;
      const own = viewer.organisationId === d.authorOrganisationId;
      await auditDocumentRead(c, d, restrictedReadActions.documentVersions);
      return c.json(
        {
          items: record.versions
            .filter((v) => own || v.uploadedAt !== null)
            .map((v) => publicVersion(v, d.currentVersion)),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/documents/{id}/versions',
      tags: ['documents'],
      summary:
        "Start a new version (publishing organisation's contributors): a change note, the material flag and a presigned POST for its file",
      security: bearerSecurity,
      request: { params: idParams, ...body(NewDocumentVersion) },
      responses: { 201: json(DocumentUpload, 'Where and how to upload'), ...stateResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const { documents, now } = c.get('deps');
      const document = await documents.get(id);
      if (!document || !canSee(viewer, document)) throw notFound('document');
      requireAuthorContributor(viewer, document);
      if (document.status !== 'published') {
        throw conflict('The first version is not uploaded yet; complete it before adding another.');
      }
      if (input.acknowledgeBy !== undefined) {
        if (!input.material || !document.requiresAcknowledgement) {
          throw badRequest('Invalid body', [
            {
              field: 'acknowledgeBy',
              message:
                'a new due date goes with a material version of a document that asks for acknowledgement',
            },
          ]);
        }
        const late = acknowledgeByIssues(input.acknowledgeBy, now());
        if (late.length) throw badRequest('Invalid body', late);
      }
      const at = now().toISOString();
      const version: StoredVersion = {
        ...pendingVersion(c, document.currentVersion + 1, input.file, input.changeNote, input.material, at),
        ...(input.acknowledgeBy ? { acknowledgeBy: new Date(input.acknowledgeBy).toISOString() } : {}),
      };
      await documents.prepareVersion(
        document,
        version,
        auditEvent(c, 'document.version_started', { type: 'document', id }, viewer.organisationId, {
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
    createRoute({
      method: 'post',
      path: '/api/v1/documents/{id}/versions/{version}/complete',
      tags: ['documents'],
      summary:
        'After the upload: the server checks the file in S3 (size, type), computes its SHA-256 and makes the version current, in one transaction with the audit event',
      security: bearerSecurity,
      request: { params: versionParams },
      responses: { 200: json(DocumentSchema, 'The document with this version current'), ...stateResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { id, version: n } = c.req.valid('param');
      const { documents, files, now } = c.get('deps');
      const { document, version } = await visibleVersion(c, id, n);
      requireAuthorContributor(viewer, document);
      if (!version) throw notFound('version');
      // Completing twice (a retry) answers the same document.
      if (version.uploadedAt !== null) return c.json(document, 200);
      if (n !== document.currentVersion + 1) throw conflict(`Version ${n} is not the next version.`);
      const digest = await checkedUpload(
        files,
        attachmentKey('documents', id, version.fileId),
        version,
        'exact',
      );
      const first = n === 1;
      if (first) {
        const late = acknowledgeByIssues(document.acknowledgeBy, now());
        if (late.length)
          throw badRequest('The acknowledgement due date has passed; publish the document again.', late);
      }
      const at = now().toISOString();
      const completed: StoredVersion = {
        ...version,
        sha256: digest.sha256,
        uploadedAt: at,
        superseded: false,
      };
      const material = !first && version.material;
      const next: Document = {
        ...document,
        status: 'published',
        revision: document.revision + 1,
        currentVersion: n,
        currentFile: {
          fileName: version.fileName,
          contentType: version.contentType,
          size: version.size,
          sha256: digest.sha256,
        },
        acknowledgementRound: document.acknowledgementRound + (material ? 1 : 0),
        acknowledgeBy: material && version.acknowledgeBy ? version.acknowledgeBy : document.acknowledgeBy,
        updatedAt: at,
        publishedAt: document.publishedAt ?? at,
        versionAt: at,
      };
      await documents.completeVersion(
        document,
        next,
        completed,
        auditEvent(
          c,
          first ? 'document.published' : 'document.version_published',
          { type: 'document', id },
          viewer.organisationId,
          { version: n, material, sha256: digest.sha256, tlp: next.tlp },
        ),
      );
      return c.json(next, 200, { etag: `"${next.revision}"` });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/documents/{id}/versions/{version}/upload',
      tags: ['documents'],
      summary:
        "Upload an unfinished version again (publishing organisation's contributors): a fresh presigned POST for the same server-chosen key, type and size",
      security: bearerSecurity,
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
    createRoute({
      method: 'delete',
      path: '/api/v1/documents/{id}/versions/{version}',
      tags: ['documents'],
      summary:
        "Discard an unfinished version (publishing organisation's contributors) and its uploaded file, if any; for version 1 the whole draft document. A complete version cannot be discarded (409)",
      security: bearerSecurity,
      request: { params: versionParams },
      responses: { 204: { description: 'Discarded' }, ...stateResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { id, version: n } = c.req.valid('param');
      const { documents, files } = c.get('deps');
      const { document, version } = await unfinishedVersion(c, id, n);
      await documents.discardVersion(
        document,
        version,
        auditEvent(
          c,
          n === 1 ? 'document.draft_discarded' : 'document.version_discarded',
          { type: 'document', id },
          viewer.organisationId,
          { version: n, fileName: version.fileName, title: document.title },
        ),
      );
      // After the records are gone, so a failed transaction never loses a file a version still names.
      await files.remove(attachmentKey('documents', id, version.fileId));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/documents/{id}/versions/{version}/download',
      tags: ['documents'],
      summary:
        'A short-lived presigned GET for one version’s file; says whether it is superseded (body and `x-superseded` header). AMBER and RED downloads are audited',
      security: bearerSecurity,
      request: { params: versionParams },
      responses: {
        200: json(DocumentDownload, 'Where to download'),
        503: { description: 'A TLP:RED download could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id, version: n } = c.req.valid('param');
      const { document, version } = await visibleVersion(c, id, n);
      return download(c, document, version);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/documents/{id}/download',
      tags: ['documents'],
      summary: 'A short-lived presigned GET for the current version’s file',
      security: bearerSecurity,
      request: { params: idParams },
      responses: {
        200: json(DocumentDownload, 'Where to download'),
        503: { description: 'A TLP:RED download could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const document = await c.get('deps').documents.get(id);
      if (!document || !canSee(c.get('viewer'), document)) throw notFound('document');
      if (document.currentVersion === 0) throw notFound('version');
      const { version } = await visibleVersion(c, id, document.currentVersion);
      return download(c, document, version);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/documents/{id}/acknowledgements',
      tags: ['documents'],
      summary:
        'Acknowledge (attest) the current version on behalf of the organisation (recipient contributor); keeps member, organisation, time, version and the file’s SHA-256',
      security: bearerSecurity,
      request: {
        params: idParams,
        headers: idempotencyHeaders,
        body: { required: false, content: { 'application/json': { schema: NewAttestation } } },
      },
      responses: {
        200: json(AttestationSchema, 'The attestation (acknowledging twice changes nothing)'),
        409: { description: 'Not published, or the version is superseded' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const raw = c.req.header('content-type')?.includes('application/json')
        ? c.req.valid('json')
        : undefined;
      const input = NewAttestation.parse(raw ?? {});
      const { documents, idempotency, now } = c.get('deps');
      const result = await idempotency.once(c, 'document.attest', { id, ...input }, async () => {
        const viewer = c.get('viewer');
        const document = await documents.get(id);
        if (!document || !canSee(viewer, document)) throw notFound('document');
        if (document.status !== 'published' || !document.currentFile) {
          throw conflict('A document is acknowledged once its first version is published.');
        }
        if (!isRecipientOrganisation(viewer, document)) {
          throw forbidden('Only recipient organisations acknowledge this document.');
        }
        if (!canAcknowledge(viewer, document)) {
          throw forbidden('A contributor acknowledges on behalf of the organisation.');
        }
        const version = input.version ?? document.currentVersion;
        if (version > document.currentVersion) {
          throw badRequest('Invalid body', [
            { field: 'version', message: `no version ${version} of this document` },
          ]);
        }
        if (version < document.currentVersion) {
          throw conflict(
            `Version ${version} is superseded by version ${document.currentVersion}; read and acknowledge the current one.`,
          );
        }
        const attestation: Attestation = {
          organisationId: viewer.organisationId,
          memberId: viewer.memberId,
          email: viewer.email,
          attestedAt: now().toISOString(),
          version,
          sha256: document.currentFile.sha256,
          round: document.acknowledgementRound,
        };
        const recorded = await documents.attest(
          document,
          attestation,
          auditEvent(c, 'document.acknowledged', { type: 'document', id }, viewer.organisationId, {
            version,
            sha256: attestation.sha256,
            round: attestation.round,
          }),
        );
        if (recorded) return { status: 200, body: attestation };
        const record = await documents.getRecord(id);
        const earlier = record?.attestations.find(
          (a) => a.organisationId === viewer.organisationId && a.version === version,
        );
        return { status: 200, body: earlier ?? attestation };
      });
      return c.json(result.body as Attestation, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/documents/{id}/acknowledgements',
      tags: ['documents'],
      summary:
        'Attestations (publishing organisation): who acknowledged which version and file, who has not, who is overdue',
      security: bearerSecurity,
      request: { params: idParams },
      responses: {
        200: json(DocumentReceipts, 'The receipts'),
        503: { description: 'A TLP:RED read could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const record = await c.get('deps').documents.getRecord(c.req.valid('param').id);
      if (!record || !canSee(viewer, record.document)) throw notFound('document');
      const d = record.document;
      if (!canReadReceipts(viewer, d)) {
        throw forbidden('Attestations are for the publishing organisation.');
      }
      await auditDocumentRead(c, d, restrictedReadActions.documentAttestations);
      const receipts = receiptsOf({
        recipientOrganisations: d.recipients.organisations,
        requiresAcknowledgement: d.requiresAcknowledgement,
        acknowledgeBy: d.acknowledgeBy,
        round: d.acknowledgementRound,
        acknowledgements: latestAcknowledgements(record.attestations),
        reads: [],
        now: c.get('deps').now(),
      });
      const attestations = [...record.attestations].sort((a, b) => b.attestedAt.localeCompare(a.attestedAt));
      return c.json({ ...receipts, attestations }, 200);
    },
  );
