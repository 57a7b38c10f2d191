/**
 * A change the domain rules refuse (shared/shared-item.ts and the kinds' lifecycles). Free of zod,
 * like tlp-labels.ts: the API's error handler imports it on every cold start.
 */
import type { ProblemCode, ProblemParams } from './problem-messages';

/** Why a change of state is refused; the API answers each reason with one status (functions/api/problems.ts). */
export type RefusalReason = 'invalid' | 'forbidden' | 'conflict' | 'stale';

/** A change the rules refuse: nothing is written, and the client reads why in plain words. */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly reason: RefusalReason,
    message: string,
    /** The fields at fault, each with the code its plain sentence is chosen by (shared/problem-messages.ts). */
    readonly fields: { field: string; message: string; code?: ProblemCode; params?: ProblemParams }[] = [],
  ) {
    super(message);
  }
}
