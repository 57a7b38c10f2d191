import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../../shared/problem';
import type * as ProblemMessages from '../../shared/problem-messages';
import type { ProblemCode, ProblemLanguage, ProblemParams } from '../../shared/problem-messages';
import { Refusal, type RefusalReason } from '../../shared/refusal';
import { ConflictError, StaleRevisionError, StorageUnavailableError } from '../ports';
import { deadlines } from '../settings/deadlines';

/**
 * One offending field as routes and validators report it: `code` (and its numbers) is what the
 * person is told, in their language, when the problem is answered; `message` is the English
 * wording of checks that have no code of their own yet.
 */
export interface FieldError {
  field: string;
  message: string;
  code?: ProblemCode | undefined;
  params?: ProblemParams | undefined;
}

const problemTypeBase = 'https://alliance-portal.example/problems/';

/** An error that the API answers as `application/problem+json` (RFC 9457). */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: readonly FieldError[],
    /** Sent as `Retry-After` (a 503 tells the client when trying again makes sense). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ?? title);
  }
}

export const badRequest = (detail: string, errors?: readonly FieldError[]) =>
  new ProblemError(400, 'Bad request', detail, errors);
export const unauthorized = (detail: string) => new ProblemError(401, 'Unauthorized', detail);
/** 401 with its own title, so a person told "Your access has been suspended" knows why. */
export const accessRefused = (title: string, detail: string) => new ProblemError(401, title, detail);
export const forbidden = (detail: string) => new ProblemError(403, 'Forbidden', detail);
export const notFound = (what = 'resource') => new ProblemError(404, 'Not found', `No such ${what}.`);
export const conflict = (detail: string) => new ProblemError(409, 'Conflict', detail);
export const preconditionFailed = (detail: string) => new ProblemError(412, 'Precondition failed', detail);
/** Storage did not answer or the server is at its limit: try again after `retryAfterSeconds`. */
export const unavailable = (detail: string, retryAfterSeconds: number) =>
  new ProblemError(503, 'Service unavailable', detail, undefined, retryAfterSeconds);

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/**
 * The sentences of six languages (shared/problem-messages.ts, 23 KB) load with the first problem
 * that names fields, not at every cold start: `answerProblem` waits for them.
 */
let messages: typeof ProblemMessages | undefined;
export async function problemMessages(): Promise<typeof ProblemMessages> {
  messages ??= await import('../../shared/problem-messages');
  return messages;
}

/** The problem as the API answers it, its field errors said in the request's language. */
export async function answerProblem(c: Context, problem: ProblemError): Promise<Response> {
  if (problem.errors?.length) await problemMessages();
  return problemResponse(c, problem);
}

/** A problem that names no fields, or one whose messages `answerProblem` has loaded. */
export function problemResponse(c: Context, problem: ProblemError): Response {
  // Field errors are said to people, in the language the request asks for; `type` stays English.
  const said = problem.errors?.length ? messages : undefined;
  const language = said ? said.problemLanguage(c.req.header('accept-language')) : 'en';
  const words = said?.problemWords(language, problem.status);
  const body: Problem = {
    type: `${problemTypeBase}${slug(problem.title)}`,
    title: words?.title ?? problem.title,
    status: problem.status,
    ...(problem.detail
      ? { detail: words && isValidatorDetail(problem.detail) ? words.detail : problem.detail }
      : {}),
    instance: c.req.path,
    requestId: c.get('requestId'),
    ...(problem.errors ? { errors: problem.errors.map((e) => plainError(language, e)) } : {}),
  };
  return c.json(body, problem.status, {
    'content-type': 'application/problem+json',
    ...(problem.retryAfterSeconds !== undefined ? { 'retry-after': String(problem.retryAfterSeconds) } : {}),
  });
}

/** "Invalid body: title (Too small: …)": a detail built from validator wording, said again plainly. */
const isValidatorDetail = (detail: string) =>
  /^Invalid (body|json|query|param|header|form|cookie)\b/.test(detail);

/** Validator wording that must never reach a person as it is. */
const validatorWording = /^(Invalid input|Too (small|big)|Invalid (string|ISO|option|format))|expected /i;

/** One error as the API answers it: `{ field, code, message }`, the message in `language`. */
export function plainError(
  language: ProblemLanguage,
  e: FieldError,
): { field: string; code: string; message: string } {
  const code = e.code ?? 'invalid';
  if (messages && (code !== 'invalid' || language !== 'en' || validatorWording.test(e.message))) {
    return { field: e.field, code, message: messages.problemMessage(language, e.field, code, e.params) };
  }
  // A check of our own worded in English with no code yet: said as a sentence.
  const text = e.message.charAt(0).toUpperCase() + e.message.slice(1);
  return { field: e.field, code, message: /[.!?]$/.test(text) ? text : `${text}.` };
}

interface Issue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  keys?: string[];
  origin?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  params?: { code?: ProblemCode } & ProblemParams;
}

/** A zod issue's code and numbers as a problem code (shared/problem-messages.ts words it). */
function issueCode(issue: Issue): { code: ProblemCode; params?: ProblemParams } {
  const min = issue.minimum === undefined ? undefined : Number(issue.minimum);
  const max = issue.maximum === undefined ? undefined : Number(issue.maximum);
  const list = issue.origin === 'array' || issue.origin === 'set';
  switch (issue.code) {
    case 'invalid_type':
      return { code: /received undefined/.test(issue.message) ? 'required' : 'wrong_type' };
    case 'too_small':
      if (issue.origin === 'string')
        return min !== undefined && min > 1 ? { code: 'too_short', params: { min } } : { code: 'required' };
      return list
        ? { code: 'too_few', params: { min: min ?? 1 } }
        : { code: 'too_small', params: { min: min ?? 0 } };
    case 'too_big':
      if (issue.origin === 'string') return { code: 'too_long', params: { max: max ?? 0 } };
      return list
        ? { code: 'too_many', params: { max: max ?? 0 } }
        : { code: 'too_big', params: { max: max ?? 0 } };
    case 'invalid_format':
      if (issue.format === 'email') return { code: 'not_an_email' };
      if (issue.format === 'datetime' || issue.format === 'date') return { code: 'not_a_date' };
      return { code: 'wrong_form' };
    case 'invalid_value':
      return { code: 'not_allowed' };
    case 'custom':
      if (!issue.params?.code) return { code: 'invalid' };
      {
        const { code, ...params } = issue.params;
        return { code, params };
      }
    default:
      return { code: 'invalid' };
  }
}

/** Converts zod issues into the `errors` of a problem, naming each offending field with a code. */
export function fieldErrors(issues: readonly Issue[]): FieldError[] {
  return issues.flatMap((issue): FieldError[] => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        field: base ? `${base}.${key}` : key,
        message: 'unknown field',
        code: 'unknown_field' as const,
        params: { name: key },
      }));
    }
    return [{ field: base || '(body)', message: issue.message, ...issueCode(issue) }];
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
/**
 * The 413 for a body over the limit, naming the field that made it too long when the body can
 * be read (a JSON body with a declared length a few times the limit at most): its longest text.
 */
export async function tooLarge(c: Context, maxBytes: number): Promise<ProblemError> {
  let field = '(body)';
  const declared = Number(c.req.header('content-length') ?? 'NaN');
  if (declared <= maxBytes * 8 && (c.req.header('content-type') ?? '').includes('json')) {
    try {
      field = longestText(JSON.parse(await c.req.raw.text()), '') ?? field;
    } catch {
      // Not JSON after all, or already read: the body as a whole is named.
    }
  }
  return new ProblemError(413, 'Payload too large', `Request bodies are limited to ${maxBytes / 1024} KB.`, [
    { field, message: 'too large', code: 'too_large', params: { max: maxBytes / 1024 } },
  ]);
}

function longestText(value: unknown, path: string): string | undefined {
  let best: { path: string; length: number } | undefined;
  const walk = (v: unknown, p: string) => {
    if (typeof v === 'string') {
      if (!best || v.length > best.length) best = { path: p, length: v.length };
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) walk(child, p ? `${p}.${k}` : k);
    }
  };
  walk(value, path);
  return best?.path || undefined;
}

/** The app's one error handler: known errors become problems, the rest a 500 with no stack. */
export function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof Refusal) return refusalProblem(err);
  if (err instanceof ConflictError) return conflict(err.message);
  if (err instanceof StaleRevisionError) return preconditionFailed(err.message);
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
