/**
 * Why a lifecycle rule refused a state change. The API answers each reason with one status, in
 * one place (`toProblem` in functions/api/problems.ts):
 * - `invalid`: the request cannot be carried out as sent (400, naming the fields);
 * - `conflict`: the item's state does not allow it now (409);
 * - `stale`: the client named (If-Match) a revision that is no longer current (412).
 */
export type Refusal = 'invalid' | 'conflict' | 'stale';

/** A refused state change, thrown by the pure lifecycle functions in shared/. */
export class LifecycleError extends Error {
  override name = 'LifecycleError';
  constructor(
    readonly refusal: Refusal,
    message: string,
    readonly errors?: { field: string; message: string }[],
  ) {
    super(message);
  }
}

/** Refuses (`stale`) unless the client named no revision or the current one. */
export function expectRevision(what: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new LifecycleError('stale', `The ${what} is at revision ${current}, not ${expected}.`);
  }
}
