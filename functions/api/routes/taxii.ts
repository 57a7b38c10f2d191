/**
 * A read-only TAXII 2.1 server (docs/interoperability.md) over the bulletins the caller may see,
 * for members' MISP and OpenCTI: discovery, one API root, one collection per feed (the
 * organisation's restricted inbox, community GREEN, public CLEAR), objects and manifest with
 * `added_after`, `limit` and `next`. The same bearer auth as the API (a member's JWT or an API
 * token with `bulletins:read`), the same `canSee`, the same read audit.
 */
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import { restrictedReadActions } from '../../../shared/audit';
import type { BulletinSummary } from '../../../shared/bulletin';
import { canSee, isRestricted } from '../../../shared/tlp';
import { auditRestrictedItems } from '../addressing';
import { maxBodyBytes } from '../app';
import type { AppEnv } from '../env';
import { badRequest, notFound, ProblemError } from '../problems';
import { bearerSecurity, newRouter, problemResponses } from '../router';
import { bulletinObjects, type StixObject, stixIds, tlpMarking, uuidV5 } from '../stix';
import { bulletinKind } from './bulletins/common';
import { stixContext } from './bulletins/exports';

export const taxiiMediaType = 'application/taxii+json;version=2.1';
const stixMedia = 'application/stix+json;version=2.1';
export const taxiiRoot = '/taxii2/';
export const taxiiApiRoot = '/taxii2/api/';

/** TAXII collection ids are UUIDs; ours are fixed (UUIDv5 of the feed's name). */
const taxiiNamespace = '4c3b1d8e-6a35-5f0e-9d1a-3f1c2b7e9a10';

interface Collection {
  id: string;
  title: string;
  description: string;
  /** Which of the viewer's visible bulletins it holds. */
  holds: (b: Pick<BulletinSummary, 'tlp'>) => boolean;
}

export const taxiiCollections: Collection[] = [
  {
    id: uuidV5(taxiiNamespace, 'organisation'),
    title: 'Bulletins for my organisation',
    description:
      'TLP:AMBER, TLP:AMBER+STRICT and TLP:RED bulletins your organisation wrote or was sent (RED: only those naming you).',
    holds: (b) => isRestricted(b.tlp),
  },
  {
    id: uuidV5(taxiiNamespace, 'community-green'),
    title: 'Community TLP:GREEN',
    description: 'TLP:GREEN bulletins shared with every member of the alliance.',
    holds: (b) => b.tlp === 'TLP:GREEN',
  },
  {
    id: uuidV5(taxiiNamespace, 'public-clear'),
    title: 'Public TLP:CLEAR',
    description: 'TLP:CLEAR bulletins, public.',
    holds: (b) => b.tlp === 'TLP:CLEAR',
  },
];

const collectionInfo = (col: Collection) => ({
  id: col.id,
  title: col.title,
  description: col.description,
  can_read: true,
  can_write: false,
  media_types: [stixMedia],
});

/** TAXII answers in its own media type; a client that accepts neither it nor anything is told so (406). */
function taxii(c: Context<AppEnv>, body: unknown, headers: Record<string, string> = {}) {
  const accept = c.req.header('accept');
  if (accept && !/application\/taxii\+json|application\/\*|\*\/\*/.test(accept)) {
    throw new ProblemError(406, 'Not acceptable', `This TAXII server answers ${taxiiMediaType}.`);
  }
  return c.body(JSON.stringify(body), 200, { 'content-type': taxiiMediaType, ...headers });
}

const taxiiLimits = { defaultPage: 50, maxPage: 100, readStretch: 100 } as const;

const ObjectsQuery = z.strictObject({
  added_after: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(taxiiLimits.maxPage).optional(),
  next: z.string().max(500).optional(),
});

/** Where a page ends: the last entry's `date_added` and bulletin id, strictly after which the next page starts. */
const positionOf = (s: BulletinSummary) => `${s.publishedAt}#${s.id}`;

/**
 * One page of a collection, oldest `date_added` first (a bulletin's publication). The viewer's
 * feed is read newest first in stretches down to `added_after`, kept when the viewer may see it
 * (`canSee`, as every list) and the collection holds it, then paged from the sealed `next`
 * position. Cost: the feed's queries for the entries newer than `added_after`; clients that poll
 * with the last `date_added` they saw read only what is new.
 */
async function collectionPage(c: Context<AppEnv>, col: Collection, query: z.infer<typeof ObjectsQuery>) {
  const viewer = c.get('viewer');
  const { bulletins, cursors } = c.get('deps');
  const scope = `taxii|${col.id}|${viewer.organisationId}|${viewer.memberId}|${query.added_after ?? ''}`;
  let after: string | undefined;
  try {
    after = cursors.openPosition(scope, query.next);
  } catch {
    throw badRequest('Invalid query: next (not a position this server gave for this query)', [
      { field: 'next', message: 'not a position this server gave for this query', code: 'invalid' },
    ]);
  }
  const since = query.added_after ? new Date(query.added_after).toISOString() : '';
  const kept: BulletinSummary[] = [];
  let from: string | undefined;
  reading: do {
    const stretch = await bulletins.feed(
      viewer.organisationId,
      {},
      { limit: taxiiLimits.readStretch, after: from },
    );
    for (const { item } of stretch.entries) {
      const s = item.summary;
      if (!s.publishedAt || s.publishedAt <= since) break reading;
      if (s.status === 'published' || s.status === 'withdrawn') {
        if (canSee(viewer, s) && col.holds(s)) kept.push(s);
      }
    }
    from = stretch.next;
  } while (from);
  kept.sort((a, b) => positionOf(a).localeCompare(positionOf(b)));
  const rest = after ? kept.filter((s) => positionOf(s) > after) : kept;
  const limit = query.limit ?? taxiiLimits.defaultPage;
  const page = rest.slice(0, limit);
  const more = rest.length > page.length;
  const next = more ? cursors.sealPosition(scope, positionOf(page.at(-1)!)) : null;
  return { page, more, next };
}

function requireCollection(id: string): Collection {
  const col = taxiiCollections.find((x) => x.id === id);
  if (!col) throw notFound('collection');
  return col;
}

const dateHeaders = (page: BulletinSummary[]): Record<string, string> =>
  page.length > 0
    ? {
        'x-taxii-date-added-first': page[0]!.publishedAt!,
        'x-taxii-date-added-last': page.at(-1)!.publishedAt!,
      }
    : {};

const taxiiJson = (description: string) => ({
  description,
  content: { [taxiiMediaType]: { schema: z.object({}).passthrough() } },
});
const route = <P extends string, R extends NonNullable<RouteConfig['request']> = Record<never, never>>(
  path: P,
  summary: string,
  request: R = {} as R,
) =>
  createRoute({
    method: 'get' as const,
    path,
    tags: ['taxii'],
    summary,
    security: bearerSecurity,
    request,
    responses: {
      200: taxiiJson(summary),
      406: { description: 'The client accepts no TAXII 2.1 answer' },
      ...problemResponses,
    },
  });
const collectionParams = z.object({ collection: z.uuid() });

export const taxiiRoutes = newRouter()
  .openapi(route('/taxii2/', 'TAXII 2.1 discovery'), async (c) => {
    const base = c.get('deps').publicBaseUrl;
    return taxii(c, {
      title: 'European ports alliance: incident bulletins',
      description: 'Bulletins you may see, as STIX 2.1, under the same TLP rules as the portal.',
      default: `${base}${taxiiApiRoot}`,
      api_roots: [`${base}${taxiiApiRoot}`],
    });
  })
  .openapi(route('/taxii2/api/', 'TAXII 2.1 API root'), async (c) =>
    taxii(c, {
      title: 'Alliance bulletins',
      versions: [taxiiMediaType],
      max_content_length: maxBodyBytes,
    }),
  )
  .openapi(route('/taxii2/api/collections/', 'The collections the caller may read'), async (c) =>
    taxii(c, { collections: taxiiCollections.map(collectionInfo) }),
  )
  .openapi(
    route('/taxii2/api/collections/{collection}/', 'One collection', { params: collectionParams }),
    async (c) => taxii(c, collectionInfo(requireCollection(c.req.valid('param').collection))),
  )
  .openapi(
    route('/taxii2/api/collections/{collection}/objects/', 'A page of a collection’s STIX objects', {
      params: collectionParams,
      query: ObjectsQuery,
    }),
    async (c) => {
      const col = requireCollection(c.req.valid('param').collection);
      const { page, more, next } = await collectionPage(c, col, c.req.valid('query'));
      const full = await c.get('deps').bulletins.getMany(page.map((s) => s.id));
      // Whole bulletins leave: audited as reads, per author organisation (functions/api/addressing.ts).
      await auditRestrictedItems(c, full, bulletinKind.noun, restrictedReadActions.bulletin, (events) =>
        bulletinKind.recordAudit(c)(...events),
      );
      const ctx = await stixContext(c, full);
      // Each bulletin's report with what it refers to, so every page stands on its own.
      const objects = new Map<string, StixObject>();
      for (const b of full) {
        const own = bulletinObjects(b, ctx);
        for (const o of [tlpMarking(b.tlp), tlpMarking('TLP:CLEAR'), ...own])
          if (!objects.has(o.id)) objects.set(o.id, o);
      }
      return taxii(
        c,
        { more, ...(next ? { next } : {}), ...(objects.size > 0 ? { objects: [...objects.values()] } : {}) },
        dateHeaders(page),
      );
    },
  )
  .openapi(
    route('/taxii2/api/collections/{collection}/manifest/', 'The manifest of a page of a collection', {
      params: collectionParams,
      query: ObjectsQuery,
    }),
    async (c) => {
      const col = requireCollection(c.req.valid('param').collection);
      const { page, more, next } = await collectionPage(c, col, c.req.valid('query'));
      const objects = page.map((s) => ({
        id: stixIds.report(s.id),
        date_added: s.publishedAt,
        // The report's `modified` (functions/api/stix.ts reportOf).
        version: [s.publishedAt!, s.updatedAt].sort()[1],
        media_type: stixMedia,
      }));
      return taxii(
        c,
        { more, ...(next ? { next } : {}), ...(objects.length > 0 ? { objects } : {}) },
        dateHeaders(page),
      );
    },
  );
