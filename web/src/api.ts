import type { Member, Organisation, Problem, Viewer } from '../../shared';
import { session } from './auth/session';
import { language, t } from './i18n';
import { navigate, withQuery } from './router';

/** `GET /api/v1/me`: the signed-in member and their organisation. */
export interface Me {
  member: Pick<Member, 'id' | 'email' | 'name' | 'role'>;
  organisation: Pick<Organisation, 'id' | 'name' | 'kind' | 'country' | 'unlocode'>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A failed API call, from the problem+json the API answers (or a network failure). Pages show
 * `title`/`detail`, and form fields pick their own message from `fieldErrors`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, problem: Partial<Problem>) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.title = problem.title ?? (status === 0 ? t('api.unreachable') : t('api.error', { status }));
    this.detail = problem.detail;
    this.requestId = problem.requestId;
    this.fieldErrors = {};
    for (const { field, message } of problem.errors ?? []) {
      // Keep the first message per field; later ones usually repeat the same complaint.
      this.fieldErrors[field] ??= message;
    }
  }
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Calls the API with the session's bearer token; resolves to the JSON body or throws an ApiError. */
export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  // The API words its problems (field messages) in the member's language.
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': language(),
    ...options.headers,
  };
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query ?? {}), {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, { detail: t('api.checkConnection') });
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.ok) return body as T;
  if (res.status === 401) {
    // The token expired or was revoked (or the member suspended): start over at sign-in, which
    // says why, then come back here.
    if (token) {
      const problem = (body as Partial<Problem> | null) ?? {};
      session.noteRefusal({ title: problem.title ?? t('api.signedOut'), detail: problem.detail });
    }
    session.clear();
    const here = location.pathname + location.search;
    navigate(withQuery('/sign-in', { next: here === '/' ? undefined : here }), { replace: true });
  }
  throw new ApiError(res.status, (body as Partial<Problem> | null) ?? {});
}

/** The viewer that shared/permissions.ts expects, from `/me`: the UI hides what the API would refuse. */
export const viewerOf = (me: Me): Viewer => ({
  memberId: me.member.id,
  email: me.member.email,
  organisationId: me.organisation.id,
  role: me.member.role,
  organisationKind: me.organisation.kind,
});
