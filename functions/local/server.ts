import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { relative, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { createApp } from '../api/app';
import type { Deps } from '../api/env';
import { answerProblem, notFound, ProblemError, problemResponse, toProblem } from '../api/problems';
import { publicBaseUrlVariable } from '../api/public-site';
import { contentSecurityPolicyHeader } from '../settings/content-security-policy';
import { localRegion } from './dynamodb-local';
import type { LocalIssuer } from './issuer';
import type { Mailbox } from './mailbox';
import type { PresignCredentials } from './presigned-access';
import { localS3Proxy } from './s3-proxy';
import { localDeps, localS3Client, localWiring } from './wiring';

/** Where the local server listens unless HOST says otherwise (functions/local/main.ts). */
export const loopback = '127.0.0.1';

/** True when nothing listens on the port of this host yet. */
export function portIsFree(port: number, host = loopback): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, host, () => probe.close(() => done(true)));
  });
}

export interface LocalServerOptions {
  dynamo: DynamoDBClient;
  s3Endpoint: string;
  issuer: LocalIssuer;
  webDist: string;
  baseUrl: string;
  /** Another table and files bucket than `npm start`'s (tests use their own). */
  tableName?: string;
  filesBucket?: string;
  /** The clock the file store proxy checks expiry against (tests set it). */
  now?: () => Date;
  /** What the API signs file URLs with; a fresh secret per start unless given (tests give one). */
  presignCredentials?: PresignCredentials;
  /** The cursor sealing key, kept with the data so cursors survive a restart (random if absent). */
  cursorKey?: Uint8Array;
  /** The local mailbox, shown at `/local/mail` and `/local/mail/messages` (functions/local/mailbox.ts). */
  mailbox?: Pick<Mailbox, 'messages'>;
  /** Given the API's dependencies once built (npm start hands them to the notify poller). */
  onDeps?: (deps: Deps) => void;
}

const localRetryAfterSeconds = 5;

/** A connection to DynamoDB Local or s3rver refused, reset or timed out (not a bug of ours). */
function storageUnreachable(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(String(code)) ||
    err.name === 'TimeoutError' ||
    err.name === 'AbortError'
  );
}

/**
 * One origin for everything at home: the API, the local issuer under `/local`, s3rver behind
 * `/local/s3` (so browser uploads need no CORS), and the built frontend with an SPA fallback.
 */
export function localServer(options: LocalServerOptions) {
  const now = options.now ?? (() => new Date());
  // Known only to this process: a signature for the file store cannot be made without the API.
  const presignCredentials = options.presignCredentials ?? {
    accessKeyId: 'LOCALPORTAL',
    secretAccessKey: randomBytes(32).toString('base64url'),
  };
  const presignEndpoint = `${options.baseUrl}/local/s3`;
  const bucket = options.filesBucket ?? localWiring.filesBucket;
  // PUBLIC_BASE_URL when the local portal is reached through another address (a proxy).
  const publicBaseUrl = process.env[publicBaseUrlVariable] ?? options.baseUrl;
  const deps = localDeps({
    dynamo: options.dynamo,
    tableName: options.tableName ?? localWiring.tableName,
    issuer: options.issuer,
    ...(options.cursorKey ? { cursorKey: options.cursorKey } : {}),
    publicBaseUrl,
    files: {
      endpoint: options.s3Endpoint,
      bucket,
      presignEndpoint,
      presignCredentials,
    },
  });
  options.onDeps?.(deps);
  const api = createApp(deps);
  const root = new Hono();
  root.use('*', secureHeaders({ strictTransportSecurity: false }));
  // The policy CloudFront sets in AWS (functions/settings/content-security-policy.ts); sign-in and
  // files are this origin at home.
  const csp = contentSecurityPolicyHeader({ https: new URL(publicBaseUrl).protocol === 'https:' });
  root.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', csp);
  });

  // The web app learns its sign-in method at run time; in AWS the CDK app deploys a Cognito one.
  root.get('/config.json', (c) => c.json({ auth: { mode: 'local' } }, 200, { 'cache-control': 'no-store' }));
  const localRoutes = options.issuer.routes(deps.directory);
  // Like the API: problem+json and one log line, never text/plain with a stack (storage may be down).
  localRoutes.onError(async (err, c) => {
    const unreachable = storageUnreachable(err);
    console.error(
      `alliance-portal: ${c.req.method} /local${c.req.path.replace(/^\/local/, '')} failed: ${err.message}`,
    );
    const res = await answerProblem(
      c,
      unreachable
        ? new ProblemError(503, 'Service unavailable', 'Storage did not answer; try again in a few seconds.')
        : toProblem(err),
    );
    if (unreachable) res.headers.set('retry-after', String(localRetryAfterSeconds));
    return res;
  });
  if (options.mailbox) mailboxRoutes(root, options.mailbox);
  root.route('/local', localRoutes);
  // s3rver checks no signature, so the proxy does: only what the API presigned gets through.
  root.all(
    '/local/s3/*',
    localS3Proxy({
      s3: localS3Client(options.s3Endpoint),
      bucket,
      credentials: presignCredentials,
      region: localRegion,
      signedEndpoint: presignEndpoint,
      now,
    }),
  );
  root.route('/', api);

  const webRoot = relative(process.cwd(), options.webDist) || '.';
  const indexHtml = () => readFileSync(resolve(options.webDist, 'index.html'), 'utf8');
  root.use('/*', serveStatic({ root: webRoot }));
  // Client-side routes (/bulletins/…, /directory) all load the single page.
  root.get('*', (c) => (c.req.path.startsWith('/api/') ? c.notFound() : c.html(indexHtml())));
  root.notFound((c) => problemResponse(c, notFound('route')));
  return root;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The local mailbox on the portal's port: `/local/mail/messages` as JSON, newest first (issue 12's
 * Contract), and `/local/mail`, a plain page of the same (no script: the CSP allows none inline).
 * Local runtime only: this module is never in a Lambda bundle.
 */
function mailboxRoutes(root: Hono, mailbox: Pick<Mailbox, 'messages'>) {
  root.get('/local/mail/messages', (c) => c.json(mailbox.messages(), 200, { 'cache-control': 'no-store' }));
  root.get('/local/mail', (c) => {
    const rows = mailbox
      .messages()
      .map(
        (m) =>
          `<article><h2>${escapeHtml(m.subject)}</h2><p>To ${escapeHtml(m.to.join(', '))} · from ${escapeHtml(m.from)} · ${escapeHtml(m.receivedAt)}</p><pre>${escapeHtml(m.text)}</pre></article>`,
      );
    const body = rows.length
      ? rows.join('\n')
      : '<p>No mail yet. Publish a bulletin to an organisation and reload.</p>';
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local mailbox</title></head><body><h1>Local mailbox</h1>${body}</body></html>`,
      200,
      { 'cache-control': 'no-store' },
    );
  });
}
