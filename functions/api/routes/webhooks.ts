import { isIP } from 'node:net';
import * as z from 'zod';
import { OrganisationId } from '../../../shared/organisation';
import {
  CreatedWebhook,
  isPublicAddress,
  NewWebhook,
  Webhook,
  WebhookDelivery,
  WebhookId,
  webhookEvents,
  webhookRules,
  webhookUrlIssue,
} from '../../../shared/webhook';
import type { StoredWebhook } from '../../ports';
import { auditEvent } from '../audit';
import { newSecret, requireOwnOrgAdmin } from '../own-organisation';
import { badRequest, conflict, notFound } from '../problems';
import { jsonResponse as json, jsonBody, newRouter, protectedRoute } from '../router';

const params = z.object({ id: OrganisationId });
const hookParams = z.object({ id: OrganisationId, webhookId: WebhookId });
const route = protectedRoute('webhooks');
const what = 'webhooks';

/** The secret is the job's to sign with: it never leaves the API after the creation answer. */
const listed = ({ secret: _secret, ...hook }: StoredWebhook): Webhook => hook;

const privateHost = 'must be an address of the public internet, not a private or loopback one';

/** Why a host name is refused: it resolves to an address off the public internet, or to none. */
async function hostIssue(url: string, resolve: ((host: string) => Promise<string[]>) | undefined) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!resolve || isIP(host)) return null;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return `must name a host that resolves (${host} does not)`;
  }
  return addresses.length > 0 && addresses.every(isPublicAddress) ? null : privateHost;
}

/** Webhooks of an organisation and their delivery log (docs/interoperability.md). */
export const webhookRoutes = newRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/organisations/{id}/webhooks',
      summary: "The organisation's webhooks, newest first (never their secrets)",
      request: { params },
      responses: { 200: json(z.object({ items: z.array(Webhook) }), 'The webhooks, with their state') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      requireOwnOrgAdmin(c, id, what);
      return c.json({ items: (await c.get('deps').webhooks.list(id)).map(listed) }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/organisations/{id}/webhooks',
      summary: 'Register a webhook; its signing secret is in this answer only',
      request: { params, ...jsonBody(NewWebhook) },
      responses: {
        201: json(CreatedWebhook, 'The webhook: keep its secret now, it is never shown again'),
        409: { description: 'The organisation holds as many webhooks as it may' },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      requireOwnOrgAdmin(c, id, what);
      const { webhooks, now, newId, webhookTargets, resolveHost } = c.get('deps');
      const issue = webhookUrlIssue(input.url, webhookTargets) ?? (await hostIssue(input.url, resolveHost));
      if (issue) {
        throw badRequest(`Invalid json: url (${issue})`, [{ field: 'url', message: issue, code: 'invalid' }]);
      }
      const existing = await webhooks.list(id);
      if (existing.length >= webhookRules.maxPerOrganisation) {
        throw conflict(
          `The organisation holds ${existing.length} webhooks, the most it may; remove one it no longer uses.`,
        );
      }
      const webhookId = newId();
      const secret = `whsec_${newSecret()}`;
      const hook: StoredWebhook = {
        id: webhookId,
        organisationId: id,
        url: new URL(input.url).toString(),
        description: input.description ?? '',
        events: input.events ?? [...webhookEvents],
        status: 'active',
        createdAt: now().toISOString(),
        createdBy: c.get('viewer').memberId,
        failingSince: null,
        pausedAt: null,
        secret,
      };
      await webhooks.create(
        hook,
        auditEvent(c, 'webhook.created', { type: 'webhook', id: webhookId }, id, {
          url: hook.url,
          events: hook.events,
        }),
      );
      return c.json({ id: webhookId, secret }, 201);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/api/v1/organisations/{id}/webhooks/{webhookId}',
      summary: 'Remove a webhook: nothing more is sent to it',
      request: { params: hookParams },
      responses: { 204: { description: 'Removed' } },
    }),
    async (c) => {
      const { id, webhookId } = c.req.valid('param');
      requireOwnOrgAdmin(c, id, what);
      const removed = await c
        .get('deps')
        .webhooks.remove(
          id,
          webhookId,
          auditEvent(c, 'webhook.removed', { type: 'webhook', id: webhookId }, id),
        );
      if (!removed) throw notFound('webhook');
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/organisations/{id}/webhooks/{webhookId}/deliveries',
      summary: "The webhook's latest deliveries, newest first: status, attempts, last response code",
      request: { params: hookParams },
      responses: {
        200: json(z.object({ items: z.array(WebhookDelivery) }), 'The delivery log (the last 50)'),
      },
    }),
    async (c) => {
      const { id, webhookId } = c.req.valid('param');
      requireOwnOrgAdmin(c, id, what);
      const { webhooks } = c.get('deps');
      if (!(await webhooks.get(id, webhookId))) throw notFound('webhook');
      return c.json({ items: await webhooks.deliveries(id, webhookId, webhookRules.logLength) }, 200);
    },
  );
