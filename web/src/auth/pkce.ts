import type { CognitoAuth } from './config';

/**
 * OAuth 2.0 authorization-code flow with PKCE (RFC 7636, S256) against Cognito's hosted UI.
 * Pure: no storage, no navigation, so unit tests can check the exact requests.
 */

const scopes = 'openid email profile';

/** base64url without padding, as RFC 7636 §4 asks. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A high-entropy random string: 32 bytes give a 43-character verifier (the RFC minimum length). */
export function randomToken(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** code_challenge = BASE64URL(SHA256(ASCII(code_verifier))). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export function authorizeUrl(auth: CognitoAuth, request: { state: string; challenge: string }): string {
  const url = new URL(`${auth.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: scopes,
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** The token request of RFC 6749 §4.1.3 plus the verifier; a public client sends no secret. */
export function tokenRequest(auth: CognitoAuth, grant: { code: string; verifier: string }) {
  return {
    url: `${auth.domain}/oauth2/token`,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: auth.clientId,
        code: grant.code,
        redirect_uri: auth.redirectUri,
        code_verifier: grant.verifier,
      }).toString(),
    },
  } as const;
}

export function logoutUrl(auth: CognitoAuth): string {
  const url = new URL(`${auth.domain}/logout`);
  url.search = new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.logoutUri }).toString();
  return url.toString();
}

export type CallbackResult = { ok: true; code: string } | { ok: false; reason: string };

/**
 * Reads the hosted UI's redirect. The state must be the one we sent (CSRF), else the code is
 * ignored; an `error` parameter is reported as it came.
 */
export function readCallback(search: string, expectedState: string | null): CallbackResult {
  const params = new URLSearchParams(search);
  const error = params.get('error');
  if (error) return { ok: false, reason: params.get('error_description') ?? error };
  const state = params.get('state');
  if (!expectedState || state !== expectedState) {
    return { ok: false, reason: 'The sign-in answer does not match the request we sent; sign in again.' };
  }
  const code = params.get('code');
  if (!code) return { ok: false, reason: 'The sign-in answer carries no authorization code.' };
  return { ok: true, code };
}
