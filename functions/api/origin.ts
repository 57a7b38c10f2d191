import { timingSafeEqual } from 'node:crypto';
import { edgeHeaders } from '../settings/edge';
import type { KeyPair } from './keys';

/**
 * Whether a request came through CloudFront: only CloudFront sends the origin secret
 * (infra/constructs/web.ts), so a request straight to the execute-api endpoint lacks it. Both the
 * current and the previous secret pass, so a rotation drops nobody while CloudFront catches up.
 */
export function cameThroughCloudFront(
  headers: Record<string, string | string[] | undefined> | undefined,
  secrets: KeyPair,
): boolean {
  const sent = headers?.[edgeHeaders.originVerify];
  if (Array.isArray(sent)) return false;
  if (!sent) return false;
  const given = Buffer.from(sent);
  return [secrets.current, secrets.previous].some((secret) => {
    if (!secret) return false;
    const expected = Buffer.from(secret);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** What a request that bypassed CloudFront gets: a plain 403 problem, nothing of the app. */
export const notThroughCloudFront = {
  statusCode: 403,
  headers: { 'content-type': 'application/problem+json' },
  body: JSON.stringify({
    type: 'about:blank',
    title: 'Forbidden',
    status: 403,
    detail: 'The portal answers only through its own address, not the API endpoint directly.',
  }),
};
