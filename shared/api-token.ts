import * as z from 'zod';
import { apiTokenScopes } from './api-token-rules';
import { uniqueList } from './shared-item';
import { SingleLineText } from './text';

export * from './api-token-rules';

export const ApiTokenScope = z.enum(apiTokenScopes);

export const ApiTokenId = z.uuid();

/** What an org admin sends to create a token. */
export const NewApiToken = z.strictObject({
  name: SingleLineText.trim().min(1).max(100),
  scopes: uniqueList(ApiTokenScope, apiTokenScopes.length, 'scopes').min(1, 'pick at least one scope'),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type NewApiToken = z.infer<typeof NewApiToken>;

/** A token as stored and listed: never its secret (only a hash of it is stored). */
export const ApiToken = z.object({
  id: z.string(),
  organisationId: z.string(),
  name: z.string(),
  scopes: z.array(ApiTokenScope),
  createdAt: z.iso.datetime(),
  /** The org admin who created it: the token stops working when they are suspended or removed. */
  createdBy: z.string(),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

/** The one answer that carries the secret. */
export const CreatedApiToken = z.object({ id: z.string(), token: z.string() });
