import type { Context } from 'hono';
import {
  type Document,
  DocumentWithUpload,
  NewDocument,
  UnfinishedUpload,
} from '../../../../shared/document';
import { canContribute } from '../../../../shared/permissions';
import { PageQuery, pageOf } from '../../../../shared/problem';
import { draftFields } from '../../../../shared/shared-item';
import { checkAddressing } from '../../addressing';
import type { AppEnv } from '../../env';
import { idempotencyHeaders } from '../../headers';
import { conflict, forbidden, ProblemError } from '../../problems';
import { keyedId } from '../../publish-once';
import { jsonBody as body, jsonResponse as json, newRouter, problemResponses } from '../../router';
import { draftVisible, itemEvent, itemRoute, retryOf } from '../../shared-items';
import { viewerOrganisation } from '../../viewer';
import { visiblePage } from '../../visible-page';
import { documentKind, pendingVersion, presignVersionUpload } from './common';

/**
 * What an earlier attempt with the same key created, when its answer was lost (a stall past the
 * deadline, the idempotency record gone): the same document and a fresh upload for its first file,
 * as long as that file is still to come. The same key with another request is refused, as the
 * idempotency record would.
 */
async function earlierAttempt(c: Context<AppEnv>, id: string, input: NewDocument) {
  const { document, version } = await c.get('deps').documents.getWithVersion(id, 1);
  if (!document) return null;
  const same =
    document.authorId === c.get('viewer').memberId &&
    document.title === input.title &&
    version?.fileName === input.file.fileName &&
    version.size === input.file.size;
  if (!same) {
    throw new ProblemError(
      422,
      'Unprocessable content',
      'This Idempotency-Key was used for a different request; use a new key.',
      [{ field: 'Idempotency-Key', message: 'used for a different request' }],
    );
  }
  if (version.uploadedAt !== null)
    throw conflict('The document is published already; open it from the library.');
  return { document, upload: await presignVersionUpload(c, id, version) };
}

/** Publishing a document (a draft until its first file arrives) and the organisation's unfinished uploads. */
export const documentPublishingRoutes = newRouter()
  .openapi(
    itemRoute(documentKind, {
      method: 'post',
      path: '/api/v1/documents',
      summary:
        'Publish a document (contributor): records it with its first version and answers a presigned POST for the file',
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
      const { documents, idempotency, newId, now } = c.get('deps');
      const retry = retryOf(c, 'document.create', c.req.valid('header')['idempotency-key']);
      // A keyed create names its document after the key, so a retry after a stall finds it.
      const id = retry.key === undefined ? newId() : keyedId(retry.operation, retry.memberId, retry.key);
      const created = await idempotency.once(retry, input, async () => {
        const earlier = retry.key === undefined ? null : await earlierAttempt(c, id, input);
        if (earlier) return earlier;
        await checkAddressing(c, input, viewer.organisationId);
        const organisation = await viewerOrganisation(c);
        const at = now();
        const { file, ...metadata } = input;
        const document: Document = {
          ...metadata,
          ...draftFields(id, viewer, at),
          authorOrganisationKind: organisation.kind,
          currentVersion: 0,
          currentFile: null,
          versionAt: null,
        };
        const first = pendingVersion(c, 1, file, 'First version', false, at.toISOString());
        await documents.create(
          document,
          first,
          itemEvent(c, documentKind, document.id, 'drafted', {
            tlp: document.tlp,
            contentType: file.contentType,
            size: file.size,
          }),
        );
        return { document, upload: await presignVersionUpload(c, document.id, first) };
      });
      return c.json(created, 201, { location: `/api/v1/documents/${created.document.id}` });
    },
  )
  .openapi(
    itemRoute(documentKind, {
      // Registered before `/api/v1/documents/{id}` so that `drafts` is never read as an id.
      method: 'get',
      path: '/api/v1/documents/drafts',
      summary:
        "The viewer organisation's unfinished uploads (contributors): documents and versions whose file never arrived, newest first, to upload again or discard",
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
        (e) => e.upload.createdBy.memberId === viewer.memberId || draftVisible(viewer, e),
        limit,
        cursors.openPosition(scope, cursor),
      );
      const items = page.items.map((e) => e.upload);
      return c.json({ items, nextCursor: cursors.sealPosition(scope, page.next) }, 200);
    },
  );
