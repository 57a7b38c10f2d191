import { vi } from 'vitest';

type Uuid = `${string}-${string}-${string}-${string}-${string}`;

/**
 * Request ids that two worlds share: the API names each request (and so each audit event, which
 * notification and webhook delivery ids derive from) with `crypto.randomUUID`, and this makes the
 * n-th call after `name(key)` return the same id in both worlds. The AWS SDK calls the same
 * function for the `amz-sdk-invocation-id` header of every storage request (sent, never stored);
 * how many storage requests a step makes can differ between worlds (caches that run on the wall
 * clock), so the SDK's calls get real random ids and do not move the count.
 */
export function deterministicRequestIds() {
  const random = globalThis.crypto.randomUUID.bind(globalThis.crypto);
  let key = '00000000';
  let call = 0;
  vi.spyOn(globalThis.crypto, 'randomUUID').mockImplementation(() => {
    if (/[\\/]@(smithy|aws-sdk)[\\/]/.test(new Error().stack ?? '')) return random();
    return `${key}-0000-4000-9000-${String(call++).padStart(12, '0')}` as Uuid;
  });
  return {
    /** Starts the sequence of a step: the ids that follow depend only on `key` and their order. */
    name(next: string) {
      key = next;
      call = 0;
    },
  };
}
