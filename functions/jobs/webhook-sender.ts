/**
 * Posting a delivery: node's own HTTP client, with a resolver that refuses every address that is
 * not on the public internet at the moment of connecting (so neither the URL checked at creation
 * nor a DNS answer that changed since can turn the job against the portal's own network), no
 * redirects followed, a short timeout, and the answer's body read no further than needed.
 */
import { type LookupAddress, lookup } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import {
  isLoopback,
  isPublicAddress,
  type WebhookTargetPolicy,
  webhookUrlIssue,
} from '../../shared/webhook-address';

/** What an attempt got: the answer's status, or why there was none. */
export interface WebhookAnswer {
  status: number | null;
  error: string | null;
}

export interface WebhookSender {
  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookAnswer>;
}

const refusedAddress = 'refused: the address is not on the public internet';

export function httpWebhookSender(policy: WebhookTargetPolicy, timeoutMs: number): WebhookSender {
  const allowed = (address: string) =>
    isPublicAddress(address) || (policy.allowLoopbackHttp && isLoopback(address));
  const guardedLookup = ((
    hostname: string,
    options: { all?: boolean; family?: number },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0 || !addresses.every((a) => allowed(a.address))) {
        return callback(new Error(refusedAddress), []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as unknown as typeof lookup;

  return {
    post(url, headers, body) {
      const issue = webhookUrlIssue(url, policy);
      if (issue) return Promise.resolve({ status: null, error: `refused: the URL ${issue}` });
      const target = new URL(url);
      const host = target.hostname.replace(/^\[|\]$/g, '');
      // Node connects to an IP literal without asking the resolver: check it here.
      if (isIP(host) && !allowed(host)) return Promise.resolve({ status: null, error: refusedAddress });
      const client = target.protocol === 'https:' ? https : http;
      return new Promise<WebhookAnswer>((resolve) => {
        const request = client.request(
          target,
          {
            method: 'POST',
            headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() },
            lookup: guardedLookup,
            timeout: timeoutMs,
          },
          (response) => {
            // The answer's body is not read: only its status counts.
            response.resume();
            resolve({ status: response.statusCode ?? null, error: null });
          },
        );
        request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        request.on('error', (error) => resolve({ status: null, error: error.message.slice(0, 200) }));
        request.end(body);
      });
    },
  };
}
