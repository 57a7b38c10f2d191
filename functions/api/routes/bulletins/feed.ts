import * as z from 'zod';
import { isOverdue } from '../../../../shared/acknowledgement';
import { shownAttachments } from '../../../../shared/attachment';
import { restrictedReadActions } from '../../../../shared/audit';
import {
  BulletinDetail,
  type BulletinSummary,
  FeedFilter,
  FeedItem,
  type ViewerStanding,
} from '../../../../shared/bulletin';
import { canChangeItem } from '../../../../shared/permissions';
import { PageQuery, pageOf } from '../../../../shared/problem';
import { toCsv } from '../../../../shared/progress';
import { asksToAcknowledge, standingOf } from '../../../../shared/shared-item';
import type { Viewer } from '../../../../shared/viewer';
import type { BulletinRecord, FeedEntry } from '../../../ports';
import { jsonResponse as json, newRouter, problemResponses } from '../../router';
import { auditedPage, auditItemRead, etag, itemRoute } from '../../shared-items';
import { bulletinKind, idParams, visibleBulletinRecord } from './common';
import { ExportFormat, feedCsvColumns, stixAnswer, stixContent } from './exports';

function feedItem(viewer: Viewer, entry: FeedEntry, now: Date): FeedItem {
  const s: BulletinSummary = entry.summary;
  const needsAcknowledgement =
    asksToAcknowledge(s, viewer.organisationId) &&
    (entry.state?.acknowledgedRound ?? 0) < s.acknowledgementRound;
  return {
    id: s.id,
    status: s.status,
    title: s.title,
    summary: s.summary,
    severity: s.severity,
    tlp: s.tlp,
    categories: s.categories,
    ports: s.ports,
    authorOrganisationId: s.authorOrganisationId,
    publishedAt: s.publishedAt!,
    requiresAcknowledgement: s.requiresAcknowledgement,
    acknowledgeBy: s.acknowledgeBy,
    unread: s.authorId !== viewer.memberId && !(entry.state?.readBy.includes(viewer.memberId) ?? false),
    needsAcknowledgement,
    overdue: needsAcknowledgement && isOverdue(s.acknowledgeBy, now),
  };
}

function standing(viewer: Viewer, record: BulletinRecord): ViewerStanding {
  const b = record.bulletin;
  const ack = record.acknowledgements.find((a) => a.organisationId === viewer.organisationId);
  const current = ack && ack.round === b.acknowledgementRound ? ack : undefined;
  const read = record.reads.find(
    (r) => r.organisationId === viewer.organisationId && r.memberId === viewer.memberId,
  );
  const { recipient, needsAcknowledgement, mayAcknowledge } = standingOf(viewer, b, current !== undefined);
  return {
    readAt: read?.readAt ?? null,
    recipient,
    organisationAcknowledgedAt: current?.acknowledgedAt ?? null,
    needsAcknowledgement,
    mayAcknowledge,
    mayEdit: canChangeItem(viewer, b) && b.status !== 'withdrawn',
  };
}

/** The member's feed and one bulletin as they see it. */
export const bulletinFeedRoutes = newRouter()
  .openapi(
    itemRoute(bulletinKind, {
      method: 'get',
      path: '/api/v1/bulletins',
      summary: "The viewer's feed, newest first: community bulletins and their organisation's inbox",
      request: { query: FeedFilter.extend(PageQuery.shape).extend({ format: ExportFormat.optional() }) },
      responses: {
        200: {
          description:
            'A page of the feed: JSON (next page: `nextCursor`), a STIX 2.1 bundle or CSV (next page: the `Link` header)',
          content: {
            ...json(pageOf(FeedItem), '').content,
            ...stixContent,
            'text/csv': { schema: z.string() },
          },
        },
        503: { description: 'A page with TLP:RED titles could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { limit, cursor, format, ...filter } = c.req.valid('query');
      const { bulletins, now } = c.get('deps');
      const at = now();
      // What the member still has to do is known per entry, so these two filter the visible entries.
      const wanted = (e: FeedEntry) => {
        if (!filter.unread && !filter.needsAcknowledgement) return true;
        const item = feedItem(viewer, e, at);
        return (!filter.unread || item.unread) && (!filter.needsAcknowledgement || item.needsAcknowledgement);
      };
      const page = await auditedPage(c, bulletinKind, {
        // Bound to the member (RED filtering is per member) and to the filters.
        scope: `bulletins|${viewer.organisationId}|${viewer.memberId}|${filter.port ?? ''}|${filter.category ?? ''}|${filter.severity ?? ''}|${filter.unread ?? ''}|${filter.needsAcknowledgement ?? ''}`,
        read: (after, n) =>
          filter.port
            ? bulletins.byPort(filter.port, viewer.organisationId, filter, { limit: n, after })
            : bulletins.feed(viewer.organisationId, filter, { limit: n, after }),
        itemOf: (entry) => entry.summary,
        wanted,
        limit,
        cursor,
        filtered: [filter.category, filter.severity, filter.unread, filter.needsAcknowledgement].some(
          (f) => f !== undefined,
        ),
        // A STIX bundle carries whole bulletins: audited as reads of them, not as a list of titles.
        action: format === 'stix' ? restrictedReadActions.bulletin : restrictedReadActions.bulletinsListed,
      });
      const items = page.entries.map((e) => feedItem(viewer, e, at));
      if (format === 'stix' || format === 'csv') {
        // The next page of an export is a link, so spreadsheet and TAXII-less tools can follow it.
        const next = new URL(c.req.url);
        if (page.nextCursor) next.searchParams.set('cursor', page.nextCursor);
        const link: Record<string, string> = page.nextCursor
          ? { link: `<${next.pathname}${next.search}>; rel="next"` }
          : {};
        if (format === 'csv') {
          return c.body(toCsv(feedCsvColumns, items), 200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': 'attachment; filename="bulletins.csv"',
            ...link,
          });
        }
        // One BatchGetItem: the page's entries carry summaries, the bundle whole bulletins.
        const full = await bulletins.getMany(items.map((i) => i.id));
        const response = await stixAnswer(c, full);
        if (link.link) response.headers.set('link', link.link);
        return response;
      }
      return c.json({ items, nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    itemRoute(bulletinKind, {
      method: 'get',
      path: '/api/v1/bulletins/{id}',
      summary: 'A bulletin with its history and the viewer’s standing (404 when not visible)',
      request: { params: idParams },
      responses: {
        200: json(BulletinDetail, 'The bulletin'),
        503: { description: 'A TLP:RED read could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const record = await visibleBulletinRecord(c, c.req.valid('param').id);
      const bulletin = record.bulletin;
      await auditItemRead(c, bulletinKind, bulletin, restrictedReadActions.bulletin);
      const detail: BulletinDetail = {
        ...bulletin,
        attachments: shownAttachments(bulletin, canChangeItem(viewer, bulletin)),
        revisions: record.revisions,
        viewer: standing(viewer, record),
      };
      return c.json(detail, 200, { etag: etag(bulletin) });
    },
  );
