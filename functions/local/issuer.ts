import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Hono } from 'hono';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import * as z from 'zod';
import { Email, type Member, statusOf } from '../../shared';
import { refusals } from '../api/middleware/auth';
import type { DirectoryStore } from '../ports';

/** The `aud` of local tokens, as Cognito puts its app client id there. */
export const localClientId = 'alliance-local-web';

/** What a test may vary to make a token the issuer would never issue. */
export interface TokenOverrides {
  /** Claims added or replaced (`token_use`, `cognito:groups`, `aud`, …). */
  claims?: Record<string, unknown>;
  /** `iat` in epoch seconds; now when absent. */
  issuedAt?: number;
}

/**
 * The local token issuer: RS256 tokens shaped like Cognito ID tokens (`aud` the client id,
 * `token_use: id`, `auth_time`, `iat`, `exp`, `custom:org`, `cognito:groups`), for any active member
 * found by e-mail. It exists only in the local entry point and never in a Lambda bundle.
 */
export class LocalIssuer {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: CryptoKey,
    readonly jwks: JSONWebKeySet,
  ) {}

  /** Creates an issuer; with `keyFile` the key survives restarts, so signed-in tabs stay signed in. */
  static async create(issuer: string, keyFile?: string): Promise<LocalIssuer> {
    let privateJwk: JWK;
    if (keyFile && existsSync(keyFile)) {
      privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    } else {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      privateJwk = { ...(await exportJWK(privateKey)), kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' };
      if (keyFile) {
        mkdirSync(dirname(keyFile), { recursive: true });
        writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
      }
    }
    const { d, p, q, dp, dq, qi, ...publicJwk } = privateJwk;
    const privateKey = (await importJWK(privateJwk, 'RS256')) as CryptoKey;
    return new LocalIssuer(issuer, privateKey, { keys: [publicJwk] });
  }

  get verificationKeys(): JWTVerifyGetKey {
    return createLocalJWKSet(this.jwks);
  }

  sign(
    member: Pick<Member, 'id' | 'email' | 'name' | 'organisationId' | 'role'>,
    /** Relative ('8h') or absolute epoch seconds, as jose's setExpirationTime takes it. */
    expiresIn: string | number = '8h',
    overrides: TokenOverrides = {},
  ) {
    const issuedAt = overrides.issuedAt ?? Math.floor(Date.now() / 1000);
    return new SignJWT({
      aud: localClientId,
      email: member.email,
      name: member.name,
      'custom:org': member.organisationId,
      'cognito:groups': [member.role],
      token_use: 'id',
      auth_time: issuedAt,
      ...overrides.claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.jwks.keys[0]?.kid ?? 'local' })
      .setSubject(member.id)
      .setIssuer(this.issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresIn)
      .sign(this.privateKey);
  }

  /** `/local/*`: the JWKS, the members to pick from, and `POST /local/sign-in {"email"}` → `{"token"}`. */
  routes(directory: DirectoryStore) {
    const SignIn = z.strictObject({ email: Email });
    return new Hono()
      .get('/.well-known/jwks.json', (c) => c.json(this.jwks))
      .get('/members', async (c) => {
        const organisations = await directory.listOrganisations({}, { limit: 100 });
        const members = await Promise.all(
          organisations.items.map(async (org) => {
            const page = await directory.listMembers(org.id, { limit: 100 });
            return page.items.map((m) => ({
              email: m.email,
              name: m.name,
              role: m.role,
              organisation: org.name,
            }));
          }),
        );
        return c.json({ items: members.flat() });
      })
      .post('/sign-in', async (c) => {
        const body = SignIn.safeParse(await c.req.json().catch(() => null));
        if (!body.success) {
          return c.json(
            {
              type: 'about:blank',
              title: 'Bad request',
              status: 400,
              detail: 'Send {"email": "…"} of a member.',
            },
            400,
            { 'content-type': 'application/problem+json' },
          );
        }
        const member = await directory.findMemberByEmail(body.data.email);
        if (!member) {
          return c.json(
            {
              type: 'about:blank',
              title: 'Unauthorized',
              status: 401,
              detail: 'No member has that e-mail address.',
            },
            401,
            { 'content-type': 'application/problem+json' },
          );
        }
        // Like a disabled Cognito user: a suspended member gets no new token.
        if (statusOf(member) !== 'active') {
          return c.json(
            {
              type: 'about:blank',
              ...refusals.suspended,
              status: 401,
            },
            401,
            { 'content-type': 'application/problem+json' },
          );
        }
        return c.json({ token: await this.sign(member) });
      });
  }
}
