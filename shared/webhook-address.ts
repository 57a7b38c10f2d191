/**
 * Where a webhook may point (docs/interoperability.md, "Webhooks"): in AWS an `https://` address
 * of the public internet only, so the portal cannot be made to call into its own network (SSRF).
 * Pure rules without zod: the delivery job checks every address a host name resolves to with
 * `isPublicAddress` at connection time, the API checks the URL with `webhookUrlIssue` at creation.
 */

/** Whether loopback `http://127.0.0.1` endpoints are allowed: at home and in tests only. */
export interface WebhookTargetPolicy {
  allowLoopbackHttp: boolean;
}

const ipv4 = (address: string): number[] | null => {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
};

/** IPv4 ranges that are not the public internet (RFC 6890 and its successors). */
function isPublicIpv4([a, b, c]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127) return false; // this network, private, loopback
  if (a === 100 && b! >= 64 && b! <= 127) return false; // carrier-grade NAT
  if (a === 169 && b === 254) return false; // link-local, the instance metadata service
  if (a === 172 && b! >= 16 && b! <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false; // IETF, TEST-NET-1
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false; // TEST-NET-2
  if (a === 203 && b === 0 && c === 113) return false; // TEST-NET-3
  return a! < 224; // multicast and reserved
}

/** Whether an IP address (v4 or v6, as Node's resolver spells it) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const v4 = ipv4(address);
  if (v4) return isPublicIpv4(v4);
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  if (!a.includes(':')) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return isPublicAddress(mapped[1]!);
  if (a === '::' || a === '::1') return false;
  const first = Number.parseInt(a.split(':')[0] || '0', 16);
  if ((first & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
  if ((first & 0xffc0) === 0xfe80) return false; // link-local fe80::/10
  if ((first & 0xff00) === 0xff00) return false; // multicast
  if (a.startsWith('64:ff9b:') || a.startsWith('2001:db8:') || a.startsWith('::')) return false;
  return true;
}

/** Whether an address is the loopback `127.0.0.1` (or `::1`) a local receiver listens on. */
export const isLoopback = (address: string) =>
  address === '::1' || address === '[::1]' || ipv4(address)?.[0] === 127;

/**
 * Why a webhook URL is refused (null: accepted). `https:` only, no credentials in it, and no host
 * that is an IP literal of a private, loopback or link-local network or `localhost`; at home and
 * in tests, `http://127.0.0.1:<port>/…` too, when the policy allows it.
 */
export function webhookUrlIssue(raw: string, policy: WebhookTargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a #fragment';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local = policy.allowLoopbackHttp && isLoopback(host);
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) return 'must be an https:// address';
  if (local) return null;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')) {
    return 'must be an address of the public internet, not a private or loopback one';
  }
  const literal = ipv4(host) !== null || host.includes(':');
  if (literal && !isPublicAddress(host)) {
    return 'must be an address of the public internet, not a private or loopback one';
  }
  if (!literal && !host.includes('.')) return 'must name a host of the public internet';
  return null;
}
