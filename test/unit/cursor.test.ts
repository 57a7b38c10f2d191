import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CursorSealer } from '../../functions/api/cursor';
import { ProblemError } from '../../functions/api/problems';

const sealer = new CursorSealer(randomBytes(32));
const position = { pk: 'ORG#antwerp', sk: 'INBOX#2026-11-01#b1' };

describe('sealed cursors', () => {
  it('round-trips a position within its scope', () => {
    const cursor = sealer.seal('feed|antwerp', position);
    expect(cursor).toEqual(expect.any(String));
    expect(sealer.open('feed|antwerp', cursor!)).toEqual(position);
  });

  it('gives no cursor at the end of a list', () => {
    expect(sealer.seal('feed|antwerp', undefined)).toBeNull();
    expect(sealer.open('feed|antwerp', undefined)).toBeUndefined();
  });

  it('refuses a cursor replayed into another scope, a tampered payload and another key', () => {
    const cursor = sealer.seal('feed|antwerp', position)!;
    expect(() => sealer.open('feed|rotterdam', cursor)).toThrow(ProblemError);
    const bytes = Buffer.from(cursor, 'base64url');
    for (const at of [0, 12, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[at] = tampered[at]! ^ 1;
      expect(() => sealer.open('feed|antwerp', tampered.toString('base64url'))).toThrow(ProblemError);
    }
    expect(() => sealer.open('feed|antwerp', cursor.slice(0, 20))).toThrow(ProblemError);
    expect(() => new CursorSealer(randomBytes(32)).open('feed|antwerp', cursor)).toThrow(ProblemError);
    expect(() => sealer.open('feed|antwerp', 'not-a-cursor')).toThrow(ProblemError);
  });

  it('is opaque: no id, time or key of the position can be read from it', () => {
    // A fixed key, so the answer is the same on every run: with a random one, two-letter fragments
    // turned up in the random-looking output by chance (a few runs in a hundred).
    const cursor = new CursorSealer(Buffer.alloc(32, 7)).seal('feed|antwerp', position)!;
    const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
    // Fragments long enough that random bytes (or their base64url) never spell them by chance.
    for (const fragment of ['ORG#antwerp', 'INBOX#2026', '2026-11-01', '"pk":', '"sk":']) {
      expect(decoded).not.toContain(fragment);
      expect(cursor).not.toContain(fragment);
    }
    for (const plain of [
      JSON.stringify(position),
      Buffer.from(JSON.stringify(position)).toString('base64url'),
    ]) {
      expect(cursor).not.toContain(plain.slice(0, 12));
    }
  });

  it('seals the same position in the same list to the same cursor, and differs across lists', () => {
    expect(sealer.seal('feed|antwerp', position)).toBe(sealer.seal('feed|antwerp', { ...position }));
    expect(sealer.seal('feed|antwerp', position)).not.toBe(sealer.seal('feed|rotterdam', position));
  });

  it('needs a key of at least 256 bits', () => {
    expect(() => new CursorSealer(randomBytes(16))).toThrow();
  });
});
