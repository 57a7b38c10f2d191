import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { canManageTokens } from '../../shared/api-token-rules';
import type { AppEnv } from './env';
import { forbidden } from './problems';

/**
 * What an organisation's machine keys have in common (API tokens, webhooks): only the
 * organisation's own org admins manage them (not the Commission's: they are the organisation's
 * own keys), never a token; and their secrets are 256 random bits.
 */
export function requireOwnOrgAdmin(c: Context<AppEnv>, organisationId: string, what: string) {
  if (!canManageTokens(c.get('viewer'), organisationId)) {
    throw forbidden(`Only the organisation's own org_admins manage its ${what}.`);
  }
}

/** A new secret: 256 random bits, base64url. */
export const newSecret = () => randomBytes(32).toString('base64url');
