import { createHmac, timingSafeEqual } from 'node:crypto';
import { isMailTopic, type MailTopicName as MailTopic } from '../../shared/mail-topics';
import type { KeySource } from './keys';

/**
 * One-click unsubscribe links (RFC 8058): the token names a member and a kind of mail and is
 * signed (HMAC-SHA256), so whoever holds the mail may turn that one kind off for that one member
 * and nothing else, without signing in. No expiry: an old mail's link still works, and all it can
 * ever do is stop mail.
 */
export class UnsubscribeTokens {
  private keys: Buffer[] = [];

  /** `previous` keeps links mailed before a key rotation working until the next one. */
  constructor(secret: Uint8Array, previous?: Uint8Array) {
    this.rekey(secret, previous);
  }

  rekey(secret: Uint8Array, previous?: Uint8Array): void {
    const derive = (key: Uint8Array) => {
      if (key.length < 32) throw new Error('unsubscribe key must be at least 32 bytes');
      return createHmac('sha256', key).update('unsubscribe links').digest();
    };
    this.keys = [derive(secret), ...(previous ? [derive(previous)] : [])];
  }

  private mac(payload: string, key: Buffer = this.keys[0]!) {
    return createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url');
  }

  sign(memberId: string, topic: MailTopic): string {
    const payload = Buffer.from(JSON.stringify([memberId, topic])).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The member and topic a token names, or null when it is not one of ours. */
  open(token: string): { memberId: string; topic: MailTopic } | null {
    const [payload, mac, ...rest] = token.split('.');
    if (!payload || !mac || rest.length > 0 || token.length > 512) return null;
    const given = Buffer.from(mac);
    const signed = this.keys.some((key) => {
      const expected = Buffer.from(this.mac(payload, key));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!signed) return null;
    try {
      const [memberId, topic] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      return typeof memberId === 'string' && isMailTopic(topic) ? { memberId, topic } : null;
    } catch {
      return null;
    }
  }
}

/** The URL a mail's `List-Unsubscribe` header and its footer link carry. */
export const unsubscribeUrl = (publicBaseUrl: string, token: string) =>
  `${publicBaseUrl.replace(/\/$/, '')}/api/v1/unsubscribe/${token}`;

/**
 * In a Lambda the links are signed with a key derived from the cursor-sealing secret
 * (functions/api/keys.ts): read at run time, never from configuration, and rotated with it. The api
 * Lambda checks what the notify and reminder jobs sign, so all read the same secret.
 */
export async function rekeyFrom(tokens: UnsubscribeTokens, keys: KeySource): Promise<void> {
  const { current, previous } = await keys();
  tokens.rekey(Buffer.from(current, 'base64'), previous ? Buffer.from(previous, 'base64') : undefined);
}
