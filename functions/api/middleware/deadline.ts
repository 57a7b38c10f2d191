import type { MiddlewareHandler } from 'hono';
import { type Deadline, withinDeadline } from '../../adapters/bounded-storage';
import { StorageUnavailableError } from '../../ports/errors';
import { deadlines } from '../../settings/deadlines';
import type { AppEnv } from '../env';
import { unavailable } from '../problems';

type LambdaContext = { getRemainingTimeInMillis(): number };

/**
 * The request's time budget: `deadlines.requestMs`, and in Lambda never past the invocation's
 * remaining time less a margin (Hono's Lambda adapter hands the context in as `c.env.lambdaContext`).
 */
export function requestBudgetMs(
  lambdaContext: LambdaContext | undefined,
  limitMs: number = deadlines.requestMs,
): number {
  if (!lambdaContext) return limitMs;
  const left = lambdaContext.getRemainingTimeInMillis() - deadlines.lambdaMarginMs;
  return Math.max(0, Math.min(limitMs, left));
}

/**
 * Every request ends by its deadline. Storage calls inside give up then (their abort signal fires,
 * functions/adapters/bounded-storage.ts), and should anything else still be running the client is
 * answered 503 with `Retry-After` anyway: a request never hangs on a paused or throttled store.
 */
export function requestDeadline(limitMs: number = deadlines.requestMs): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const lambdaContext = (c.env as { lambdaContext?: LambdaContext } | undefined)?.lambdaContext;
    const budget = requestBudgetMs(lambdaContext, limitMs);
    const controller = new AbortController();
    const deadline: Deadline = { at: Date.now() + budget, signal: controller.signal };
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort(new StorageUnavailableError('table'));
        reject(
          unavailable(
            `This request could not finish within ${Math.ceil(budget / 1000)} s: storage is slow or unavailable. Try again in a few seconds.`,
            deadlines.storageRetryAfterSeconds,
          ),
        );
      }, budget);
    });
    const work = withinDeadline(deadline, () => next());
    // Hono answers the handler's own errors; one arriving after the deadline has nobody to go to.
    work.catch(() => {});
    try {
      await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
