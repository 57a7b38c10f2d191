import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePortalConfig } from '../../web/src/auth/config';
import {
  authorizeUrl,
  base64Url,
  codeChallenge,
  logoutUrl,
  randomToken,
  readCallback,
  tokenRequest,
} from '../../web/src/auth/pkce';
import { matchPath, withQuery } from '../../web/src/router';

const cognito = {
  mode: 'cognito' as const,
  domain: 'https://alliance.auth.eu-west-1.amazoncognito.com',
  clientId: '5example0client0id',
  redirectUri: 'https://portal.example/auth/callback',
  logoutUri: 'https://portal.example/',
};

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('agrees with Node’s own SHA-256 for fresh verifiers', async () => {
    const verifier = randomToken();
    expect(await codeChallenge(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('makes verifiers of 43 unreserved characters, different every time', () => {
    const a = randomToken();
    const b = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('encodes base64url without padding', () => {
    expect(base64Url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(base64Url(new Uint8Array([1]))).toBe('AQ');
  });
});

describe('hosted UI requests', () => {
  it('builds the authorize URL with code flow, PKCE S256 and state', () => {
    const url = new URL(authorizeUrl(cognito, { state: 'st4te', challenge: 'ch4llenge' }));
    expect(url.origin + url.pathname).toBe(
      'https://alliance.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: '5example0client0id',
      redirect_uri: 'https://portal.example/auth/callback',
      scope: 'openid email profile',
      state: 'st4te',
      code_challenge: 'ch4llenge',
      code_challenge_method: 'S256',
    });
  });

  it('exchanges the code at /oauth2/token as a form post with the verifier and no secret', () => {
    const request = tokenRequest(cognito, { code: 'c0de', verifier: 'v3rifier' });
    expect(request.url).toBe('https://alliance.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(request.init.method).toBe('POST');
    expect(request.init.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(Object.fromEntries(new URLSearchParams(request.init.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: '5example0client0id',
      code: 'c0de',
      redirect_uri: 'https://portal.example/auth/callback',
      code_verifier: 'v3rifier',
    });
  });

  it('logs out through the hosted UI back to the portal', () => {
    const url = new URL(logoutUrl(cognito));
    expect(url.pathname).toBe('/logout');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: '5example0client0id',
      logout_uri: 'https://portal.example/',
    });
  });
});

describe('sign-in callback', () => {
  it('accepts the code when the state is the one we sent', () => {
    expect(readCallback('?code=abc&state=s1', 's1')).toEqual({ ok: true, code: 'abc' });
  });

  it('refuses a forged or missing state', () => {
    expect(readCallback('?code=abc&state=evil', 's1').ok).toBe(false);
    expect(readCallback('?code=abc', 's1').ok).toBe(false);
    expect(readCallback('?code=abc&state=s1', null).ok).toBe(false);
  });

  it('reports the hosted UI’s error and a missing code', () => {
    expect(readCallback('?error=access_denied&error_description=User+cancelled&state=s1', 's1')).toEqual({
      ok: false,
      reason: 'User cancelled',
    });
    expect(readCallback('?state=s1', 's1').ok).toBe(false);
  });
});

describe('run-time configuration', () => {
  it('reads local and Cognito configurations', () => {
    expect(parsePortalConfig({ auth: { mode: 'local' } })).toEqual({ auth: { mode: 'local' } });
    expect(parsePortalConfig({ auth: { ...cognito, domain: `${cognito.domain}/` } })).toEqual({
      auth: cognito,
    });
  });

  it('names what is missing or wrong', () => {
    expect(() => parsePortalConfig({ auth: { mode: 'cognito', domain: cognito.domain } })).toThrow(
      /auth\.clientId, auth\.redirectUri, auth\.logoutUri/,
    );
    expect(() => parsePortalConfig({ auth: { mode: 'saml' } })).toThrow(/auth\.mode/);
    expect(() => parsePortalConfig(null)).toThrow(/auth\.mode/);
  });
});

describe('router paths', () => {
  it('matches path parameters and literal segments', () => {
    expect(matchPath('/organisations/:id', '/organisations/le-havre')).toEqual({ id: 'le-havre' });
    expect(matchPath('/organisations/new', '/organisations/new')).toEqual({});
    expect(matchPath('/organisations/:id', '/organisations')).toBeNull();
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/a/:x', '/a/%C3%A9t%C3%A9')).toEqual({ x: 'été' });
  });

  it('leaves empty query values out', () => {
    expect(withQuery('/organisations', { kind: 'agency', country: '' })).toBe('/organisations?kind=agency');
    expect(withQuery('/organisations', {})).toBe('/organisations');
  });
});
