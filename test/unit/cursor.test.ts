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
    const [, mac] = cursor.split('.');
    const tampered = `${Buffer.from(JSON.stringify({ pk: 'ORG#rotterdam', sk: 'INBOX#' })).toString('base64url')}.${mac}`;
    expect(() => sealer.open('feed|antwerp', tampered)).toThrow(ProblemError);
    expect(() => new CursorSealer(randomBytes(32)).open('feed|antwerp', cursor)).toThrow(ProblemError);
    expect(() => sealer.open('feed|antwerp', 'not-a-cursor')).toThrow(ProblemError);
  });

  it('needs a key of at least 256 bits', () => {
    expect(() => new CursorSealer(randomBytes(16))).toThrow();
  });
});
