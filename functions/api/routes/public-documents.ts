import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import type { DocumentSummary } from '../../../shared/document';
import { Organisation } from '../../../shared/organisation';
import { PageQuery, pageOf } from '../../../shared/problem';
import { presignAttachmentDownload } from '../attachments';
import { notFound } from '../problems';
import { jsonResponse as json, newRouter, problemResponses } from '../router';
import { visiblePage } from '../visible-page';

/**
 * What anyone may read without signing in besides the public bulletins: TLP:CLEAR documents
 * with their files, and the alliance's member organisations (never their people). TLP:CLEAR
 * means "anyone may see it, signed in or not" (shared/tlp.ts).
 */

/** What the public sees of a TLP:CLEAR document: no recipients, no author member, no rounds. */
export const PublicDocument = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  areas: z.array(z.string()),
  tlp: z.literal('TLP:CLEAR'),
  authorOrganisationId: z.string(),
  currentVersion: z.number().int(),
  file: z.object({ fileName: z.string(), contentType: z.string(), size: z.number().int() }).nullable(),
  /** The public download of the current version's file (a short-lived presigned link). */
  download: z.string(),
  publishedAt: z.iso.datetime(),
  versionAt: z.iso.datetime(),
});
export type PublicDocument = z.infer<typeof PublicDocument>;

/** The public directory: who the members are and where, nothing about their people. */
export const PublicOrganisation = Organisation.pick({
  id: true,
  name: true,
  kind: true,
  country: true,
  unlocode: true,
});
export type PublicOrganisation = z.infer<typeof PublicOrganisation>;

export const PublicDownload = z.object({
  url: z.string(),
  expiresAt: z.iso.datetime(),
  fileName: z.string(),
  version: z.number().int(),
  sha256: z.string(),
});

/**
 * The library read for nobody's organisation: the community list (TLP:GREEN and TLP:CLEAR
 * published documents) merged with an inbox no organisation has (`#` is never in an id), so
 * only community entries come back. One empty Query more a stretch than a read of the community
 * list alone; a store method of its own can spare it.
 */
const nobody = '#public';

const isPublic = (s: DocumentSummary) => s.status === 'published' && s.tlp === 'TLP:CLEAR';

const publicDocument = (s: DocumentSummary): PublicDocument => ({
  id: s.id,
  title: s.title,
  summary: s.summary,
  tags: s.tags,
  areas: s.areas,
  tlp: 'TLP:CLEAR',
  authorOrganisationId: s.authorOrganisationId,
  currentVersion: s.currentVersion,
  file: s.currentFile
    ? { fileName: s.currentFile.fileName, contentType: s.currentFile.contentType, size: s.currentFile.size }
    : null,
  download: `/api/v1/public/documents/${s.id}/download`,
  publishedAt: s.publishedAt!,
  versionAt: s.versionAt!,
});

const PublicPageQuery = PageQuery;

/** TLP:CLEAR documents and the organisations, for anyone (the bulletins are in public-bulletins.ts). */
export const publicDocumentRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/public/documents',
      tags: ['public'],
      summary: 'TLP:CLEAR documents, newest version first, each with its public download; no sign-in',
      request: { query: PublicPageQuery },
      responses: {
        200: json(pageOf(PublicDocument), 'A page of public documents'),
        400: problemResponses[400],
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const { documents, cursors } = c.get('deps');
      const scope = 'public-documents';
      // A page holds nothing that depends on the GREEN documents between the CLEAR ones
      // (functions/api/visible-page.ts; test/integration/public-two-worlds.test.ts).
      const page = await visiblePage(
        (after, n) => documents.library(nobody, {}, { limit: n, after }),
        (e) => isPublic(e.summary),
        limit,
        cursors.openPosition(scope, cursor),
      );
      const items = page.items.map((e) => publicDocument(e.summary));
      return c.json({ items, nextCursor: cursors.sealPosition(scope, page.next) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/public/documents/{id}/download',
      tags: ['public'],
      summary: 'A short-lived presigned GET for a TLP:CLEAR document’s current file; no sign-in',
      request: { params: z.object({ id: z.string().min(1).max(64) }) },
      responses: {
        200: json(PublicDownload, 'Where to download'),
        404: { description: 'No such TLP:CLEAR document' },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { documents, files, now } = c.get('deps');
      // One partition read: the document and its versions. Anything not CLEAR and published is
      // answered exactly as a missing one.
      const record = await documents.getRecord(id);
      if (record?.document.status !== 'published' || record.document.tlp !== 'TLP:CLEAR') {
        throw notFound('document');
      }
      const current = record.document.currentVersion;
      const version = record.versions.find((v) => v.version === current);
      if (!version || version.uploadedAt === null || version.sha256 === null) throw notFound('document');
      const link = await presignAttachmentDownload(
        files,
        'documents',
        id,
        { id: version.fileId, fileName: version.fileName },
        now(),
      );
      return c.json(
        { ...link, fileName: version.fileName, version: version.version, sha256: version.sha256 },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/public/organisations',
      tags: ['public'],
      summary: 'The alliance’s member organisations: names, kinds, countries, UN/LOCODEs; no sign-in',
      request: { query: PageQuery },
      responses: {
        200: json(pageOf(PublicOrganisation), 'A page of organisations'),
        400: problemResponses[400],
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const { directory, cursors } = c.get('deps');
      const scope = 'public-organisations';
      const page = await directory.listOrganisations({}, { limit, after: cursors.open(scope, cursor) });
      const items = page.items.map(
        (o): PublicOrganisation => ({
          id: o.id,
          name: o.name,
          kind: o.kind,
          country: o.country,
          ...(o.unlocode ? { unlocode: o.unlocode } : {}),
        }),
      );
      return c.json({ items, nextCursor: cursors.seal(scope, page.next) }, 200);
    },
  );
