import { createHmac, timingSafeEqual } from 'node:crypto';
import { isMailTopic, type MailTopicName as MailTopic } from '../../shared/mail-topics';
import { environmentVariables, requiredSetting } from '../settings/environment';

/**
 * One-click unsubscribe links (RFC 8058): the token names a member and a kind of mail and is
 * signed (HMAC-SHA256), so whoever holds the mail may turn that one kind off for that one member
 * and nothing else, without signing in. No expiry: an old mail's link still works, and all it can
 * ever do is stop mail.
 */
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(secret: Uint8Array) {
    if (secret.length < 32) throw new Error('unsubscribe key must be at least 32 bytes');
    this.key = createHmac('sha256', secret).update('unsubscribe links').digest();
  }

  private mac(payload: string) {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16).toString('base64url');
  }

  sign(memberId: string, topic: MailTopic): string {
    const payload = Buffer.from(JSON.stringify([memberId, topic])).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The member and topic a token names, or null when it is not one of ours. */
  open(token: string): { memberId: string; topic: MailTopic } | null {
    const [payload, mac, ...rest] = token.split('.');
    if (!payload || !mac || rest.length > 0 || token.length > 512) return null;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
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
 * The key in a Lambda: `UNSUBSCRIBE_KEY`, or else the cursor key (both base64, both secret). The
 * api Lambda checks what the notify Lambda signs, so both must be given the same.
 */
export function unsubscribeKeyFromEnvironment(env: Record<string, string | undefined> = process.env) {
  const value = env[environmentVariables.unsubscribeKey] ?? requiredSetting('cursorKey', env);
  return Buffer.from(value, 'base64');
}
