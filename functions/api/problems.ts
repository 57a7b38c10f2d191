import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../../shared/problem';
import { ConflictError, StaleRevisionError, StorageUnavailableError } from '../ports';
import { deadlines } from '../settings/deadlines';

const problemTypeBase = 'https://alliance-portal.example/problems/';

/** An error that the API answers as `application/problem+json` (RFC 9457). */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: Problem['errors'],
    /** Sent as `Retry-After` (a 503 tells the client when trying again makes sense). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ?? title);
  }
}

export const badRequest = (detail: string, errors?: Problem['errors']) =>
  new ProblemError(400, 'Bad request', detail, errors);
export const unauthorized = (detail: string) => new ProblemError(401, 'Unauthorized', detail);
/** 401 with its own title, so a person told "Your access has been suspended" knows why. */
export const accessRefused = (title: string, detail: string) => new ProblemError(401, title, detail);
export const forbidden = (detail: string) => new ProblemError(403, 'Forbidden', detail);
export const notFound = (what = 'resource') => new ProblemError(404, 'Not found', `No such ${what}.`);
export const conflict = (detail: string) => new ProblemError(409, 'Conflict', detail);
/** Storage did not answer or the server is at its limit: try again after `retryAfterSeconds`. */
export const unavailable = (detail: string, retryAfterSeconds: number) =>
  new ProblemError(503, 'Service unavailable', detail, undefined, retryAfterSeconds);

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export function problemResponse(c: Context, problem: ProblemError): Response {
  const body: Problem = {
    type: `${problemTypeBase}${slug(problem.title)}`,
    title: problem.title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    instance: c.req.path,
    requestId: c.get('requestId'),
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
  return c.json(body, problem.status, {
    'content-type': 'application/problem+json',
    ...(problem.retryAfterSeconds !== undefined ? { 'retry-after': String(problem.retryAfterSeconds) } : {}),
  });
}

/** Converts zod issues into the `errors` of a problem, naming each offending field. */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: string[] }[],
) {
  return issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: 'unknown field' }));
    }
    return [{ field: base || '(body)', message: issue.message }];
  });
}

/** The app's one error handler: known errors become problems, the rest a 500 with no stack. */
export function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof ConflictError) return conflict(err.message);
  if (err instanceof StaleRevisionError) return new ProblemError(412, 'Precondition failed', err.message);
  if (err instanceof StorageUnavailableError || busyTransaction(err)) {
    return unavailable(
      err instanceof StorageUnavailableError
        ? err.message
        : 'The database is busy; try again in a few seconds.',
      deadlines.storageRetryAfterSeconds,
    );
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const title = status === 413 ? 'Payload too large' : status === 401 ? 'Unauthorized' : 'Bad request';
    return new ProblemError(status, title, err.message || undefined);
  }
  return new ProblemError(500, 'Internal server error', 'Something went wrong; quote the request id.');
}

/**
 * A transaction DynamoDB cancelled because another one held one of its items at that instant, or
 * throttled: nothing was written, and the same request succeeds when tried again (named, so the
 * API core does not load the SDK for the check).
 */
function busyTransaction(err: unknown): boolean {
  if (!(err instanceof Error) || err.name !== 'TransactionCanceledException') return false;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
}
