import * as z from 'zod';
import {
  ApiToken,
  ApiTokenId,
  apiTokenRules,
  CreatedApiToken,
  expiryIssue,
  formatApiToken,
  NewApiToken,
} from '../../../shared/api-token';
import { OrganisationId } from '../../../shared/organisation';
import { auditEvent } from '../audit';
import { hashTokenSecret } from '../middleware/api-token';
import { newSecret, requireOwnOrgAdmin } from '../own-organisation';
import { badRequest, conflict, notFound } from '../problems';
import { jsonResponse as json, jsonBody, newRouter, protectedRoute } from '../router';

const params = z.object({ id: OrganisationId });
const tokenParams = z.object({ id: OrganisationId, tokenId: ApiTokenId });
const route = protectedRoute('tokens');

const requireTokenManager = (c: Parameters<typeof requireOwnOrgAdmin>[0], organisationId: string) =>
  requireOwnOrgAdmin(c, organisationId, 'API tokens');

/** API tokens for an organisation's machines (docs/interoperability.md). */
export const tokenRoutes = newRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/organisations/{id}/tokens',
      summary: "The organisation's API tokens, newest first (never their secrets)",
      request: { params },
      responses: { 200: json(z.object({ items: z.array(ApiToken) }), 'The tokens, with their last use') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      requireTokenManager(c, id);
      return c.json({ items: await c.get('deps').tokens.list(id) }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/organisations/{id}/tokens',
      summary: 'Create an API token; its secret is in this answer only',
      request: { params, ...jsonBody(NewApiToken) },
      responses: {
        201: json(CreatedApiToken, 'The token: keep it now, it is never shown again'),
        409: { description: 'The organisation holds as many tokens as it may' },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      requireTokenManager(c, id);
      const { tokens, now, newId } = c.get('deps');
      const at = now();
      const issue = expiryIssue(input.expiresAt, at);
      if (issue) {
        throw badRequest(`Invalid json: expiresAt (${issue})`, [
          { field: 'expiresAt', message: issue, code: 'invalid' },
        ]);
      }
      const existing = await tokens.list(id);
      if (existing.length >= apiTokenRules.maxPerOrganisation) {
        throw conflict(
          `The organisation holds ${existing.length} API tokens, the most it may; revoke one it no longer uses.`,
        );
      }
      const tokenId = newId();
      // 256 random bits: a hash of them is enough to store (middleware/api-token.ts).
      const secret = newSecret();
      const token = {
        id: tokenId,
        organisationId: id,
        name: input.name,
        scopes: input.scopes,
        createdAt: at.toISOString(),
        createdBy: c.get('viewer').memberId,
        expiresAt: new Date(input.expiresAt).toISOString(),
        lastUsedAt: null,
        secretHash: hashTokenSecret(secret),
      };
      await tokens.create(
        token,
        auditEvent(c, 'api_token.created', { type: 'api_token', id: tokenId }, id, {
          name: token.name,
          scopes: token.scopes,
          expiresAt: token.expiresAt,
        }),
      );
      return c.json({ id: tokenId, token: formatApiToken(id, tokenId, secret) }, 201);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/api/v1/organisations/{id}/tokens/{tokenId}',
      summary: 'Revoke an API token: its next request is refused',
      request: { params: tokenParams },
      responses: { 204: { description: 'Revoked' } },
    }),
    async (c) => {
      const { id, tokenId } = c.req.valid('param');
      requireTokenManager(c, id);
      const revoked = await c
        .get('deps')
        .tokens.revoke(
          id,
          tokenId,
          auditEvent(c, 'api_token.revoked', { type: 'api_token', id: tokenId }, id),
        );
      if (!revoked) throw notFound('API token');
      return c.body(null, 204);
    },
  );
