import * as z from 'zod';
import { Bulletin, NewBulletin } from '../../../../shared/bulletin';
import { canContribute } from '../../../../shared/permissions';
import { PageQuery, pageOf } from '../../../../shared/problem';
import { draftFields } from '../../../../shared/shared-item';
import { checkAddressing } from '../../addressing';
import { forbidden } from '../../problems';
import { jsonBody as body, jsonResponse as json, newRouter, problemResponses } from '../../router';
import { draftVisible, etag, itemEvent, itemRoute } from '../../shared-items';
import { visiblePage } from '../../visible-page';
import { bulletinKind } from './common';

/** Starting a bulletin and the organisation's drafts. */
export const bulletinDraftRoutes = newRouter()
  .openapi(
    itemRoute(bulletinKind, {
      method: 'post',
      path: '/api/v1/bulletins',
      summary: 'Start a bulletin draft (contributor)',
      request: body(NewBulletin),
      responses: { 201: json(Bulletin, 'The draft'), ...problemResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      if (!canContribute(viewer)) throw forbidden('Only contributors write bulletins.');
      const content = c.req.valid('json');
      await checkAddressing(c, content, viewer.organisationId);
      const { bulletins, newId, now } = c.get('deps');
      const bulletin: Bulletin = {
        ...content,
        ...draftFields(newId(), viewer, now()),
        withdrawnAt: null,
        withdrawalReason: null,
        attachments: [],
      };
      await bulletins.createDraft(bulletin, itemEvent(c, bulletinKind, bulletin.id, 'drafted'));
      return c.json(bulletin, 201, { location: `/api/v1/bulletins/${bulletin.id}`, etag: etag(bulletin) });
    },
  )
  .openapi(
    itemRoute(bulletinKind, {
      method: 'get',
      path: '/api/v1/bulletins/drafts',
      summary: "The viewer organisation's drafts",
      request: { query: PageQuery },
      responses: {
        200: json(
          pageOf(z.object({ id: z.string(), title: z.string(), updatedAt: z.string() })),
          'A page of drafts',
        ),
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { limit, cursor } = c.req.valid('query');
      const { bulletins, cursors } = c.get('deps');
      // Bound to the member: a TLP:RED draft is its author's alone.
      const scope = `bulletin-drafts|${viewer.organisationId}|${viewer.memberId}`;
      const page = await visiblePage(
        (after, n) => bulletins.drafts(viewer.organisationId, { limit: n, after }),
        (d) => draftVisible(viewer, d),
        limit,
        cursors.openPosition(scope, cursor),
      );
      const items = page.items.map(({ id, title, updatedAt }) => ({ id, title, updatedAt }));
      return c.json({ items, nextCursor: cursors.sealPosition(scope, page.next) }, 200);
    },
  );
