/**
 * The issuer's signing keys (Cognito's JWKS) for jose, fetched over node:http(s) instead of the
 * global `fetch`. The AWS SDK has node:http(s) loaded already, while the first `fetch` compiles
 * undici's HTTP parser (WebAssembly) and its fetch machinery: about 15 ms of an api Lambda cold
 * start (docs/decisions.md) for one small GET.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createRemoteJWKSet, customFetch, type FetchImplementation } from 'jose';

/** A key set is a few KB; anything far larger is not one. */
export const maxKeySetBytes = 256 * 1024;

/** GET `url` as jose asks (its headers, no redirects followed, aborted by its signal). */
export const fetchKeySet: FetchImplementation = (url, { headers, signal }) =>
  new Promise<Response>((resolve, reject) => {
    const request = (new URL(url).protocol === 'http:' ? httpRequest : httpsRequest)(url, {
      method: 'GET',
      headers: Object.fromEntries(headers),
      signal,
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxKeySetBytes) {
          request.destroy(new Error(`The key set at ${url} is larger than ${maxKeySetBytes} bytes.`));
        } else chunks.push(chunk);
      });
      response.on('end', () =>
        resolve(new Response(Buffer.concat(chunks), { status: response.statusCode ?? 500 })),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });

/** jose's remote key set (cached, refetched on an unknown `kid`), fetched with `fetchKeySet`. */
export const remoteKeySet = (url: URL) => createRemoteJWKSet(url, { [customFetch]: fetchKeySet });
