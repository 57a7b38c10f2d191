import { createHash } from 'node:crypto';
import type { Bulletin } from '../../shared/bulletin';
import { Refusal } from '../../shared/refusal';
import { type BulletinStore, ConflictError, StaleRevisionError } from '../ports';
import { ProblemError } from './problems';

/**
 * What a publish with an `Idempotency-Key` stores with the bulletin (shared/table.ts
 * `bulletinPublication`): a hash of who published it and their key, so the key itself is kept
 * nowhere and no other member's key can match.
 */
export function publishToken(memberId: string, idempotencyKey: string | undefined): string | undefined {
  if (idempotencyKey === undefined) return undefined;
  return createHash('sha256').update(`bulletin.publish\n${memberId}\n${idempotencyKey}`).digest('base64url');
}

/**
 * The id a create with an `Idempotency-Key` gives its item: the same for every retry of that
 * member's key (a version-8 UUID from a hash), so that a retry after a stall finds the item its
 * earlier attempt wrote instead of writing a second one.
 */
export function keyedId(operation: string, memberId: string, idempotencyKey: string): string {
  const bytes = createHash('sha256')
    .update(`${operation}\n${memberId}\n${idempotencyKey}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The errors of a publish that found the bulletin no longer a draft at the revision it read. */
const notADraftAnyMore = (err: unknown) =>
  (err instanceof Refusal && (err.reason === 'conflict' || err.reason === 'stale')) ||
  err instanceof StaleRevisionError ||
  err instanceof ConflictError ||
  (err instanceof ProblemError && (err.status === 409 || err.status === 412));

/**
 * A publish that answers its own retry with the bulletin. The idempotency record alone cannot:
 * an attempt that stalled past its deadline may still have published (DynamoDB applied its
 * transaction after the client stopped waiting), and the retry, running the work again, would be
 * told 409 "published already" or 412 "changed meanwhile" by its own earlier attempt. When the
 * publish fails that way and the bulletin was published with this request's token, the answer is
 * the bulletin as stored (published once). Costs nothing on success; two reads on that failure.
 */
export async function publishOnce(
  bulletins: BulletinStore,
  id: string,
  token: string | undefined,
  publish: Promise<Bulletin>,
): Promise<Bulletin> {
  try {
    return await publish;
  } catch (err) {
    if (token === undefined || !notADraftAnyMore(err)) throw err;
    const [stored, bulletin] = await Promise.all([bulletins.publishToken(id), bulletins.get(id)]);
    if (stored === token && bulletin) return bulletin;
    throw err;
  }
}
