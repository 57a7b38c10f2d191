import { createHmac } from 'node:crypto';

/**
 * The signature a delivery carries (docs/interoperability.md, "Verify a delivery"):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret's UTF-8 bytes>`.
 * A fresh `t` on every attempt, so a retry is not taken for a replay.
 */
export function webhookSignature(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}
