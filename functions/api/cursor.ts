import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StoreKey } from '../ports';
import { badRequest } from './problems';

/**
 * Cursors are sealed (HMAC-SHA256) and bound to the list they came from (the scope: list name,
 * viewer's organisation, filters), so a client can neither forge one nor replay it into another
 * partition (DESIGN §5).
 */
export class CursorSealer {
  constructor(private readonly key: Uint8Array) {
    if (key.length < 32) throw new Error('cursor key must be at least 32 bytes');
  }

  seal(scope: string, position: StoreKey | undefined): string | null {
    if (!position) return null;
    const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${payload}.${this.mac(scope, payload)}`;
  }

  open(scope: string, cursor: string | undefined): StoreKey | undefined {
    if (cursor === undefined) return undefined;
    const [payload, mac] = cursor.split('.');
    const invalid = () =>
      badRequest('The cursor is invalid for this list.', [{ field: 'cursor', message: 'invalid cursor' }]);
    if (!payload || !mac) throw invalid();
    const expected = Buffer.from(this.mac(scope, payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    try {
      const position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (typeof position !== 'object' || position === null || Array.isArray(position)) throw invalid();
      return position as StoreKey;
    } catch {
      throw invalid();
    }
  }

  private mac(scope: string, payload: string): string {
    return createHmac('sha256', this.key).update(scope).update('\n').update(payload).digest('base64url');
  }
}
