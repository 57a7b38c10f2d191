import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../../shared/problem';
import { Refusal, type RefusalReason } from '../../shared/shared-item';
import { ConflictError, StaleRevisionError } from '../ports';

const problemTypeBase = 'https://alliance-portal.example/problems/';

/** An error that the API answers as `application/problem+json` (RFC 9457). */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: Problem['errors'],
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
export const preconditionFailed = (detail: string) => new ProblemError(412, 'Precondition failed', detail);

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
  return c.json(body, problem.status, { 'content-type': 'application/problem+json' });
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

/** How the API answers each reason the domain rules refuse a change for (shared/shared-item.ts). */
const refusalProblem = (refusal: Refusal): ProblemError => {
  const fields = refusal.fields.length > 0 ? refusal.fields : undefined;
  const byReason: Record<RefusalReason, () => ProblemError> = {
    invalid: () => badRequest(refusal.message, fields),
    forbidden: () => forbidden(refusal.message),
    conflict: () => conflict(refusal.message),
    stale: () => preconditionFailed(refusal.message),
  };
  return byReason[refusal.reason]();
};

/** The app's one error handler: known errors become problems, the rest a 500 with no stack. */
export function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof Refusal) return refusalProblem(err);
  if (err instanceof ConflictError) return conflict(err.message);
  if (err instanceof StaleRevisionError) return preconditionFailed(err.message);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const title = status === 413 ? 'Payload too large' : status === 401 ? 'Unauthorized' : 'Bad request';
    return new ProblemError(status, title, err.message || undefined);
  }
  return new ProblemError(500, 'Internal server error', 'Something went wrong; quote the request id.');
}
