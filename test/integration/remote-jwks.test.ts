/**
 * The api Lambda fetches the issuer's key set over node:http(s) (functions/adapters/identity/
 * remote-jwks.ts): tokens verify against a real JWKS endpoint on this machine, and a bad endpoint
 * is refused rather than trusted.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchKeySet, maxKeySetBytes, remoteKeySet } from '../../functions/adapters/identity/remote-jwks';

let server: Server | undefined;
async function stop() {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
}
afterEach(stop);

async function serve(listener: RequestListener): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function signer() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const sign = (issuer: string) =>
    new SignJWT({ 'custom:org': 'antwerp' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('ben-antwerp')
      .setIssuer(issuer)
      .setExpirationTime('1h')
      .sign(privateKey);
  return { jwks: { keys: [jwk] }, sign };
}

const get = (url: string, signal = AbortSignal.timeout(5000)) =>
  fetchKeySet(url, {
    headers: new Headers({ accept: 'application/json' }),
    method: 'GET',
    redirect: 'manual',
    signal,
  });

describe('the remote key set over node:http', () => {
  it('verifies a token with the keys the issuer serves, fetching them once', async () => {
    const { jwks, sign } = await signer();
    const seen: { url?: string; accept?: string }[] = [];
    const issuer = await serve((req, res) => {
      seen.push({ url: req.url, accept: req.headers.accept });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    const keys = remoteKeySet(new URL(`${issuer}/.well-known/jwks.json`));
    const first = await jwtVerify(await sign(issuer), keys, { issuer });
    const second = await jwtVerify(await sign(issuer), keys, { issuer });
    expect(first.payload.sub).toBe('ben-antwerp');
    expect(second.payload['custom:org']).toBe('antwerp');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('/.well-known/jwks.json');
    // jose's own headers go out as given.
    expect(seen[0]?.accept).toContain('application/json');
  });

  it('refuses a token when the key set answers other than 200, or is not JSON', async () => {
    const { sign } = await signer();
    for (const answer of [
      (res: Parameters<RequestListener>[1]) => res.writeHead(503).end('{}'),
      (res: Parameters<RequestListener>[1]) =>
        res.writeHead(302, { location: 'https://evil.example/jwks' }).end(),
      (res: Parameters<RequestListener>[1]) => res.writeHead(200).end('<html>'),
    ]) {
      const issuer = await serve((_, res) => answer(res));
      const keys = remoteKeySet(new URL(`${issuer}/.well-known/jwks.json`));
      await expect(jwtVerify(await sign(issuer), keys, { issuer })).rejects.toThrow();
      await stop();
    }
  });

  it('gives the status and body as they came', async () => {
    const issuer = await serve((_, res) => res.writeHead(404).end('{"missing":true}'));
    const response = await get(`${issuer}/jwks`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ missing: true });
  });

  it('stops reading a key set larger than any real one', async () => {
    const issuer = await serve((_, res) => {
      res.writeHead(200);
      res.end(Buffer.alloc(maxKeySetBytes + 1024, 'x'));
    });
    await expect(get(`${issuer}/jwks`)).rejects.toThrow(/larger than/);
  });

  it('gives up when jose’s signal aborts', async () => {
    const issuer = await serve(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const pending = get(`${issuer}/jwks`, controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});
