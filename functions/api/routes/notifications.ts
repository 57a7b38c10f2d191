import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import {
  MarkRead,
  MarkReadResult,
  NotificationPage,
  NotificationQuery,
  Preferences,
  Unsubscribed,
} from '../../../shared/notification';
import { badRequest, notFound } from '../problems';
import { jsonBody, jsonResponse, newRouter, protectedRoute } from '../router';

const route = protectedRoute('notifications');

/** The one-click POST body RFC 8058 prescribes. */
const oneClickBody = 'List-Unsubscribe=One-Click';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A member's notification centre and e-mail choices (docs/notifications.md). Every route reads and
 * writes the signed-in member's own partition only: there is no member id in any path.
 */
export const notificationRoutes = newRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/me/notifications',
      summary: 'My notifications, newest first, and how many are unread',
      request: { query: NotificationQuery },
      responses: { 200: jsonResponse(NotificationPage, 'A page of notifications') },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { unread, limit, cursor } = c.req.valid('query');
      const { notifications, cursors } = c.get('deps');
      const unreadOnly = unread === 'true';
      const scope = `notifications|${viewer.memberId}|${unreadOnly}`;
      // The page and the count in parallel: one round trip's time.
      const [page, count] = await Promise.all([
        notifications.list(viewer.memberId, {
          limit,
          unreadOnly,
          ...(cursor ? { after: cursors.openPosition(scope, cursor) } : {}),
        }),
        notifications.unreadCount(viewer.memberId),
      ]);
      return c.json(
        { items: page.items, unread: count, nextCursor: cursors.sealPosition(scope, page.next) },
        200,
      );
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/me/notifications/read',
      summary: 'Mark some of my notifications, or all, as read',
      request: jsonBody(MarkRead),
      responses: { 200: jsonResponse(MarkReadResult, 'How many were marked, and how many stay unread') },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const input = c.req.valid('json');
      const { notifications } = c.get('deps');
      const marked =
        'all' in input
          ? await notifications.markAllRead(viewer.memberId)
          : await notifications.markRead(viewer.memberId, input.ids);
      return c.json({ marked, unread: await notifications.unreadCount(viewer.memberId) }, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/me/preferences',
      summary:
        'My e-mail choices: per kind of mail immediate, digest or off; digest hour, time zone, language',
      responses: { 200: jsonResponse(Preferences, 'My e-mail choices (defaults until I change them)') },
    }),
    async (c) => c.json(await c.get('deps').notifications.getPreferences(c.get('viewer').memberId), 200),
  )
  .openapi(
    route({
      method: 'put',
      path: '/api/v1/me/preferences',
      summary: 'Replace my e-mail choices',
      request: jsonBody(Preferences),
      responses: { 200: jsonResponse(Preferences, 'My e-mail choices as stored') },
    }),
    async (c) => {
      const preferences = c.req.valid('json');
      await c.get('deps').notifications.putPreferences(c.get('viewer').memberId, preferences);
      return c.json(preferences, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/unsubscribe/{token}',
      tags: ['notifications'],
      summary: 'The page behind a mail’s unsubscribe link: a button that stops that kind of mail',
      request: { params: z.object({ token: z.string().min(1).max(512) }) },
      responses: {
        200: { description: 'A page with one button', content: { 'text/html': { schema: z.string() } } },
        404: { description: 'The link is not valid' },
      },
    }),
    async (c) => {
      const { token } = c.req.valid('param');
      const opened = c.get('deps').unsubscribe.open(token);
      if (!opened) throw notFound('unsubscribe link');
      // A GET never unsubscribes: link scanners in mail gateways follow links.
      c.header('Cache-Control', 'no-store');
      return c.html(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribe</title></head><body>` +
          `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
          `<p>Stop e-mails of this kind (${escapeHtml(opened.topic.replace(/_/g, ' '))})?</p>` +
          `<button type="submit">Stop these e-mails</button></form></body></html>`,
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/unsubscribe/{token}',
      tags: ['notifications'],
      summary: 'One-click unsubscribe (RFC 8058): no sign-in, the signed token names the member and the kind',
      request: { params: z.object({ token: z.string().min(1).max(512) }) },
      responses: {
        200: jsonResponse(Unsubscribed, 'That kind of mail is off'),
        400: { description: 'The body is not List-Unsubscribe=One-Click' },
        404: { description: 'The link is not valid' },
      },
    }),
    async (c) => {
      const { token } = c.req.valid('param');
      const { unsubscribe, notifications } = c.get('deps');
      const opened = unsubscribe.open(token);
      if (!opened) throw notFound('unsubscribe link');
      const body = (await c.req.text()).trim();
      if (!new URLSearchParams(body).has('List-Unsubscribe')) {
        throw badRequest(`Send the body ${oneClickBody} to unsubscribe.`, [
          { field: 'List-Unsubscribe', code: 'required', message: `send ${oneClickBody}` },
        ]);
      }
      const preferences = await notifications.getPreferences(opened.memberId);
      await notifications.putPreferences(opened.memberId, {
        ...preferences,
        topics: { ...preferences.topics, [opened.topic]: 'off' },
      });
      c.header('Cache-Control', 'no-store');
      return c.json({ topic: opened.topic, delivery: 'off' as const }, 200);
    },
  );
