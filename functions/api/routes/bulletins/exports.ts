import type { Context } from 'hono';
import * as z from 'zod';
import { restrictedReadActions } from '../../../../shared/audit';
import type { Bulletin, FeedItem } from '../../../../shared/bulletin';
import type { AppEnv } from '../../env';
import { newRouter, problemResponses } from '../../router';
import { auditItemRead, itemRoute } from '../../shared-items';
import { type StixOrganisation, stixBundle, stixMediaType } from '../../stix';
import { bulletinKind, idParams, visibleBulletin } from './common';

/** The formats the feed and a bulletin are exported in besides JSON (docs/interoperability.md). */
export const ExportFormat = z.enum(['json', 'stix', 'csv']);

/**
 * The publishing organisations of the bulletins (public directory facts), one GetItem each in
 * parallel: a page names a handful of author organisations at most.
 */
export async function stixContext(c: Context<AppEnv>, bulletins: readonly Bulletin[]) {
  const { directory, publicBaseUrl } = c.get('deps');
  const ids = [...new Set(bulletins.map((b) => b.authorOrganisationId))];
  const found = await Promise.all(ids.map((id) => directory.getOrganisation(id)));
  const organisations = new Map<string, StixOrganisation>();
  for (const o of found) if (o) organisations.set(o.id, o);
  return { baseUrl: publicBaseUrl, organisation: (id: string) => organisations.get(id) };
}

/** A STIX 2.1 bundle of bulletins the viewer may see, as the answer. */
export async function stixAnswer(c: Context<AppEnv>, bulletins: readonly Bulletin[]) {
  const bundle = stixBundle(bulletins, await stixContext(c, bulletins));
  return c.body(JSON.stringify(bundle), 200, { 'content-type': stixMediaType });
}

/** The feed's CSV columns, one row per bulletin (shared/progress.ts `toCsv` defuses formulas). */
export const feedCsvColumns = [
  'id',
  'publishedAt',
  'title',
  'summary',
  'severity',
  'tlp',
  'categories',
  'ports',
  'authorOrganisationId',
  'requiresAcknowledgement',
  'acknowledgeBy',
  'needsAcknowledgement',
  'overdue',
  'unread',
] as const satisfies readonly (keyof FeedItem)[];

export const stixContent = {
  [stixMediaType]: { schema: z.object({ type: z.literal('bundle'), id: z.string() }) },
};

/** One bulletin as STIX 2.1. */
export const bulletinExportRoutes = newRouter().openapi(
  itemRoute(bulletinKind, {
    method: 'get',
    path: '/api/v1/bulletins/{id}/stix',
    summary: 'A bulletin as a STIX 2.1 bundle (report, publisher identity, locations, TLP 2.0 marking)',
    request: { params: idParams },
    responses: {
      200: { description: 'The STIX 2.1 bundle', content: stixContent },
      503: { description: 'A TLP:RED read could not be audited' },
      ...problemResponses,
    },
  }),
  async (c) => {
    const bulletin = await visibleBulletin(c, c.req.valid('param').id);
    await auditItemRead(c, bulletinKind, bulletin, restrictedReadActions.bulletin, { format: 'stix' });
    return stixAnswer(c, [bulletin]);
  },
);
