import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from '../../functions/api/middleware/verified-tokens';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 2) + seconds * 1000);
const exp = (seconds: number) => at(seconds).getTime() / 1000;

describe('verified tokens', () => {
  it('gives back the claims of a verified token until its ttl has passed', () => {
    const tokens = new VerifiedTokens(60_000);
    const claims = { sub: 'm-1', exp: exp(3600) };
    tokens.remember('t', claims, at(0));
    expect(tokens.get('t', at(59))).toBe(claims);
    expect(tokens.get('t', at(60))).toBeUndefined();
    expect(tokens.get('other', at(1))).toBeUndefined();
  });

  it('never past the token’s expiry, and not at all for an expired one', () => {
    const tokens = new VerifiedTokens(60_000);
    tokens.remember('t', { exp: exp(10) }, at(0));
    expect(tokens.get('t', at(9))).toBeDefined();
    expect(tokens.get('t', at(10))).toBeUndefined();
    tokens.remember('old', { exp: exp(0) }, at(0));
    expect(tokens.get('old', at(0))).toBeUndefined();
  });

  it('holds at most its limit, dropping the oldest first', () => {
    const tokens = new VerifiedTokens(60_000, 2);
    for (const t of ['a', 'b', 'c']) tokens.remember(t, { exp: exp(3600) }, at(0));
    expect(tokens.get('a', at(1))).toBeUndefined();
    expect(tokens.get('b', at(1))).toBeDefined();
    expect(tokens.get('c', at(1))).toBeDefined();
  });
});
