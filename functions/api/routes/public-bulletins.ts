import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { type BulletinSummary, Severity, ThreatCategory } from '../../../shared/bulletin';
import { PageQuery, pageOf } from '../../../shared/problem';
import { atomXml } from '../atom';
import { newRouter, problemResponses } from '../router';

/** What the public sees of a TLP:CLEAR bulletin: no recipients, no author member. */
export const PublicBulletin = z.object({
  id: z.string(),
  status: z.enum(['published', 'withdrawn']),
  title: z.string(),
  summary: z.string(),
  severity: Severity,
  tlp: z.literal('TLP:CLEAR'),
  categories: z.array(ThreatCategory),
  ports: z.array(z.string()),
  authorOrganisationId: z.string(),
  publishedAt: z.iso.datetime(),
  withdrawnAt: z.string().nullable(),
});
export type PublicBulletin = z.infer<typeof PublicBulletin>;

const publicView = (s: BulletinSummary): PublicBulletin => ({
  id: s.id,
  status: s.status === 'withdrawn' ? 'withdrawn' : 'published',
  title: s.title,
  summary: s.summary,
  severity: s.severity,
  tlp: 'TLP:CLEAR',
  categories: s.categories,
  ports: s.ports,
  authorOrganisationId: s.authorOrganisationId,
  publishedAt: s.publishedAt!,
  withdrawnAt: s.withdrawnAt,
});

/**
 * When the bulletin last changed for its readers: lists carry the time of its latest publication,
 * revision or withdrawal (`updatedAt`); entries written before they did fall back to the dates.
 */
const lastRevisedAt = (s: BulletinSummary): string =>
  (s as Partial<BulletinSummary>).updatedAt ?? s.withdrawnAt ?? s.publishedAt!;

/** TLP:CLEAR bulletins, for anyone: JSON pages and an Atom feed. */
export const publicBulletinRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/public/bulletins',
      tags: ['public'],
      summary: 'TLP:CLEAR bulletins, newest first; no sign-in',
      request: { query: PageQuery },
      responses: {
        200: {
          description: 'A page of public bulletins',
          content: { 'application/json': { schema: pageOf(PublicBulletin) } },
        },
        400: problemResponses[400],
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const { bulletins, cursors } = c.get('deps');
      const scope = 'public-bulletins';
      const page = await bulletins.publicFeed({ limit, after: cursors.open(scope, cursor) });
      // Only TLP:CLEAR is ever written to the public partition; the filter makes sure of it.
      const items = page.items.filter((s) => s.tlp === 'TLP:CLEAR').map(publicView);
      return c.json({ items, nextCursor: cursors.seal(scope, page.next) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/public/bulletins.atom',
      tags: ['public'],
      summary: 'TLP:CLEAR bulletins as an Atom feed; no sign-in',
      responses: {
        200: { description: 'Atom 1.0', content: { 'application/atom+xml': { schema: z.string() } } },
      },
    }),
    async (c) => {
      const { bulletins, publicBaseUrl: base } = c.get('deps');
      const page = await bulletins.publicFeed({ limit: 50 });
      // Ids and links from configuration: a forged Host header must not rewrite them.
      const self = `${base}/api/v1/public/bulletins.atom`;
      const xml = atomXml({
        id: self,
        title: 'Alliance portal: public incident bulletins (TLP:CLEAR)',
        selfLink: self,
        entries: page.items
          .filter((s) => s.tlp === 'TLP:CLEAR')
          .map((s) => ({
            id: `urn:uuid:${s.id}`,
            title: `${s.status === 'withdrawn' ? '[Withdrawn] ' : ''}TLP:CLEAR ${s.title}`,
            link: `${base}/bulletins/${s.id}`,
            published: s.publishedAt!,
            updated: lastRevisedAt(s),
            author: s.authorOrganisationId,
            categories: s.categories,
            summary: s.summary,
          })),
      });
      return c.body(xml, 200, { 'content-type': 'application/atom+xml; charset=utf-8' });
    },
  );
