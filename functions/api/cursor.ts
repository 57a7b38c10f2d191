import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { StoreKey } from '../ports';
import { badRequest } from './problems';

const ivBytes = 12;
const tagBytes = 16;

/**
 * Cursors are encrypted and authenticated (AES-256-GCM), so a client can neither read the
 * position inside (no id, no time) nor forge one, and they are bound to the list they came from
 * (the scope: list name, viewer, filters, as additional authenticated data), so one cannot be
 * replayed into another list. The IV is synthetic (an HMAC of scope and position): the same
 * position in the same list always seals to the same cursor, so a cursor depends on nothing but
 * where the page ended — never on the moment or on items the viewer cannot see.
 */
export class CursorSealer {
  /** A list position (`time#id` and the like) as a cursor; null at the end of the list. */
  sealPosition(scope: string, position: string | undefined): string | null {
    return this.seal(scope, position === undefined ? undefined : { at: position });
  }

  /** The list position a cursor from `sealPosition` names, or undefined for the first page. */
  openPosition(scope: string, cursor: string | undefined): string | undefined {
    const opened = this.open(scope, cursor);
    if (opened === undefined) return undefined;
    if (typeof opened.at !== 'string') {
      throw badRequest('The cursor is invalid for this list.', [
        { field: 'cursor', message: 'invalid cursor' },
      ]);
    }
    return opened.at;
  }

  private encryptionKey!: Buffer;
  private ivKey!: Buffer;
  /** Encryption keys that still open cursors: the current one, then the one before a rotation. */
  private openingKeys: Buffer[] = [];

  /** `previous`: the key before a rotation, whose cursors still open (never seal) until it goes. */
  constructor(key: Uint8Array, previous?: Uint8Array) {
    this.rekey(key, previous);
  }

  /** Switches keys in place (functions/api/keys.ts reads them at run time and they rotate). */
  rekey(key: Uint8Array, previous?: Uint8Array): void {
    if (key.length < 32 || (previous && previous.length < 32)) {
      throw new Error('cursor key must be at least 32 bytes');
    }
    // Two keys from one secret, each for one purpose.
    this.encryptionKey = createHmac('sha256', key).update('cursor encryption').digest();
    this.ivKey = createHmac('sha256', key).update('cursor iv').digest();
    this.openingKeys = [this.encryptionKey];
    if (previous) this.openingKeys.push(createHmac('sha256', previous).update('cursor encryption').digest());
  }

  seal(scope: string, position: StoreKey | undefined): string | null {
    if (!position) return null;
    const plain = Buffer.from(JSON.stringify(position));
    const iv = createHmac('sha256', this.ivKey)
      .update(scope)
      .update('\n')
      .update(plain)
      .digest()
      .subarray(0, ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(Buffer.from(scope));
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return sealed.toString('base64url');
  }

  open(scope: string, cursor: string | undefined): StoreKey | undefined {
    if (cursor === undefined) return undefined;
    const invalid = () =>
      badRequest('The cursor is invalid for this list.', [{ field: 'cursor', message: 'invalid cursor' }]);
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
    const sealed = Buffer.from(cursor, 'base64url');
    if (sealed.length <= ivBytes + tagBytes) throw invalid();
    let plain: Buffer | undefined;
    for (const key of this.openingKeys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, ivBytes));
        decipher.setAAD(Buffer.from(scope));
        decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
        plain = Buffer.concat([
          decipher.update(sealed.subarray(ivBytes, sealed.length - tagBytes)),
          decipher.final(),
        ]);
        break;
      } catch {
        // Sealed with the other key, or not by us at all.
      }
    }
    if (!plain) throw invalid();
    try {
      const position = JSON.parse(plain.toString('utf8'));
      if (typeof position !== 'object' || position === null || Array.isArray(position)) throw invalid();
      return position as StoreKey;
    } catch {
      throw invalid();
    }
  }
}
