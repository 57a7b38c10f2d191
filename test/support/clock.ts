/** Time in the integration tests: the portal's clock, never the machine's at the moment of a check. */

export const dayMs = 24 * 60 * 60 * 1000;

/** The instant `days` days after `from` (negative: before), as an ISO string. */
export const inDays = (days: number, from: Date): string =>
  new Date(from.getTime() + days * dayMs).toISOString();

/** `2026-11` for an instant in November 2026 (UTC): the month an audit event is filed under. */
export const monthOf = (at: Date): string => at.toISOString().slice(0, 7);

/**
 * A portal clock that keeps to one month. It follows the machine's time (presigned URLs and the
 * local issuer's tokens are made on that clock, so the two stay together) but stops a minute before
 * the month ends and from there moves 1 ms per reading: a file that runs across the end of a month
 * still files every audit event under `month`. Each reading is later than the one before, so no
 * two events share an instant.
 */
export function monthBoundClock(machine: () => number = Date.now) {
  const begun = new Date(machine());
  const stopAt = Date.UTC(begun.getUTCFullYear(), begun.getUTCMonth() + 1, 1) - 60_000;
  const start = new Date(Math.min(begun.getTime(), stopAt));
  let last = start.getTime() - 1;
  return {
    start,
    month: monthOf(start),
    now: () => {
      last = Math.max(last + 1, Math.min(machine(), stopAt));
      return new Date(last);
    },
  };
}
