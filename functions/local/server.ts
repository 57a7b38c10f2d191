import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { relative, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { createApp } from '../api/app';
import { notFound, problemResponse } from '../api/problems';
import { publicBaseUrlVariable } from '../api/public-site';
import type { LocalIssuer } from './issuer';
import { localDeps, localWiring } from './wiring';

/** True when nothing listens on the port yet. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

export interface LocalServerOptions {
  dynamo: DynamoDBClient;
  s3Endpoint: string;
  issuer: LocalIssuer;
  webDist: string;
  baseUrl: string;
}

/**
 * One origin for everything at home: the API, the local issuer under `/local`, s3rver behind
 * `/local/s3` (so browser uploads need no CORS), and the built frontend with an SPA fallback.
 */
export function localServer(options: LocalServerOptions) {
  const deps = localDeps({
    dynamo: options.dynamo,
    tableName: localWiring.tableName,
    issuer: options.issuer,
    // PUBLIC_BASE_URL when the local portal is reached through another address (a proxy).
    publicBaseUrl: process.env[publicBaseUrlVariable] ?? options.baseUrl,
    files: {
      endpoint: options.s3Endpoint,
      bucket: localWiring.filesBucket,
      presignEndpoint: `${options.baseUrl}/local/s3`,
    },
  });
  const api = createApp(deps);
  const root = new Hono();
  // The same strict policy CloudFront sets in AWS: nothing inline, nothing from elsewhere.
  root.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: false,
    }),
  );

  // The web app learns its sign-in method at run time; in AWS the CDK app deploys a Cognito one.
  root.get('/config.json', (c) => c.json({ auth: { mode: 'local' } }, 200, { 'cache-control': 'no-store' }));
  root.route('/local', options.issuer.routes(deps.directory));
  root.all('/local/s3/*', async (c) => {
    const url = new URL(c.req.url);
    const target = `${options.s3Endpoint}${url.pathname.slice('/local/s3'.length)}${url.search}`;
    // To s3rver this is a server-side call: no browser Origin (s3rver would apply CORS rules the
    // bucket does not have), and hop-by-hop headers belong to the browser's connection, not this one.
    const headers = new Headers(c.req.raw.headers);
    for (const name of [
      'origin',
      'host',
      'connection',
      'keep-alive',
      'transfer-encoding',
      'upgrade',
      'expect',
    ]) {
      headers.delete(name);
    }
    const init: RequestInit & { duplex?: 'half' } = { method: c.req.method, headers };
    if (!['GET', 'HEAD'].includes(c.req.method)) {
      init.body = c.req.raw.body;
      init.duplex = 'half';
    }
    const upstream = await fetch(target, init);
    // Fresh headers: later middleware (secure headers) adds to them, and fetch's own are immutable.
    const answer = new Headers(upstream.headers);
    answer.delete('location');
    return new Response(upstream.status === 204 ? null : upstream.body, {
      status: upstream.status,
      headers: answer,
    });
  });
  root.route('/', api);

  const webRoot = relative(process.cwd(), options.webDist) || '.';
  const indexHtml = () => readFileSync(resolve(options.webDist, 'index.html'), 'utf8');
  root.use('/*', serveStatic({ root: webRoot }));
  // Client-side routes (/bulletins/…, /directory) all load the single page.
  root.get('*', (c) => (c.req.path.startsWith('/api/') ? c.notFound() : c.html(indexHtml())));
  root.notFound((c) => problemResponse(c, notFound('route')));
  return root;
}
