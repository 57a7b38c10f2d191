import { isOverdue } from '../../../../shared/acknowledgement';
import { restrictedReadActions } from '../../../../shared/audit';
import {
  DocumentDetail,
  type DocumentStanding,
  LibraryFilter,
  LibraryItem,
} from '../../../../shared/document';
import { canChangeItem } from '../../../../shared/permissions';
import { PageQuery, pageOf } from '../../../../shared/problem';
import { asksToAcknowledge, standingOf } from '../../../../shared/shared-item';
import type { Viewer } from '../../../../shared/viewer';
import type { DocumentRecord, LibraryEntry } from '../../../ports';
import { jsonResponse as json, newRouter, problemResponses } from '../../router';
import { auditedPage, auditItemRead, etag, itemRoute } from '../../shared-items';
import { documentKind, idParams, shownVersions, visibleDocumentRecord } from './common';

function standing(viewer: Viewer, record: DocumentRecord): DocumentStanding {
  const d = record.document;
  const attestation =
    record.attestations
      .filter((a) => a.organisationId === viewer.organisationId && a.round === d.acknowledgementRound)
      .sort((a, b) => b.version - a.version)[0] ?? null;
  const { recipient, needsAcknowledgement, mayAcknowledge } = standingOf(viewer, d, attestation !== null);
  return {
    recipient,
    attestation,
    needsAcknowledgement,
    mayAcknowledge,
    mayPublishVersion: canChangeItem(viewer, d) && d.status === 'published',
  };
}

function libraryItem(viewer: Viewer, entry: LibraryEntry, now: Date): LibraryItem {
  const s = entry.summary;
  const needsAcknowledgement =
    asksToAcknowledge(s, viewer.organisationId) && (entry.acknowledgedRound ?? 0) < s.acknowledgementRound;
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

/** The member's library and one document as they see it. */
export const documentLibraryRoutes = newRouter()
  .openapi(
    itemRoute(documentKind, {
      method: 'get',
      path: '/api/v1/documents',
      summary:
        "The viewer's library, newest version first: community documents and their organisation's; search by title and tag, filter by area, organisation, kind of publisher",
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
      const { documents, now } = c.get('deps');
      const page = await auditedPage(c, documentKind, {
        // Bound to the member (RED filtering is per member) and to the filters.
        scope: `documents|${viewer.organisationId}|${viewer.memberId}|${JSON.stringify(filter)}`,
        read: (after, n) => documents.library(viewer.organisationId, filter, { limit: n, after }),
        itemOf: (entry) => entry.summary,
        limit,
        cursor,
        // The tag is an index of its own; the other filters are filter expressions.
        filtered: [filter.q, filter.area, filter.organisation, filter.kind].some((f) => f !== undefined),
        publishedOnly: true,
        action: restrictedReadActions.documentsListed,
      });
      const at = now();
      const items = page.entries.map((e) => libraryItem(viewer, e, at));
      return c.json({ items, nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    itemRoute(documentKind, {
      method: 'get',
      path: '/api/v1/documents/{id}',
      summary: 'A document with its versions and the viewer’s standing (404 when not visible)',
      request: { params: idParams },
      responses: {
        200: json(DocumentDetail, 'The document'),
        503: { description: 'A TLP:RED read could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const record = await visibleDocumentRecord(c, c.req.valid('param').id);
      const d = record.document;
      await auditItemRead(c, documentKind, d, restrictedReadActions.document);
      const detail: DocumentDetail = {
        ...d,
        versions: shownVersions(c, d, record.versions),
        viewer: standing(c.get('viewer'), record),
      };
      return c.json(detail, 200, { etag: etag(d) });
    },
  );
