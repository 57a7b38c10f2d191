/**
 * Checks, as S3 does, that a request to the local file store carries a signature the API issued:
 * a SigV4 query presign for downloads, a signed POST policy for uploads. s3rver checks neither
 * (docs/local-file-store.md), so the `/local/s3` proxy (s3-proxy.ts) asks these functions before it lets a
 * request through. Pure: the clock and the credentials are arguments.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface PresignCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface PresignedAccessConfig {
  credentials: PresignCredentials;
  region: string;
  /**
   * The URL the API signs for (its presigner's endpoint, e.g. http://localhost:3000/local/s3). Its
   * host is part of every signature, whatever Host the browser sends to reach the same server.
   */
  signedEndpoint: string;
}

export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string };

const algorithm = 'AWS4-HMAC-SHA256';
/** S3 accepts no presigned URL that lives longer than seven days. */
const maxExpiresSeconds = 7 * 24 * 3600;
/** S3 allows a signing date up to 15 minutes ahead of its own clock. */
const maxClockSkewMs = 15 * 60 * 1000;

const deny = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

function signingKey(secret: string, day: string, region: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
}

/** Equal hex signatures, compared in constant time so timing tells nothing about the right one. */
function sameSignature(expected: Buffer, given: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** `20261202T082424Z` as a Date, or null. */
function parseAmzDate(value: string): Date | null {
  const m = value.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!m) return null;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Checks `<access key>/<day>/<region>/s3/aws4_request` against ours and the signing date. */
function checkCredential(credential: string, amzDate: string, config: PresignedAccessConfig): string | null {
  const [accessKeyId, day, region, service, terminator, ...rest] = credential.split('/');
  if (rest.length > 0 || service !== 's3' || terminator !== 'aws4_request')
    return 'The credential is malformed.';
  if (accessKeyId !== config.credentials.accessKeyId) return 'The credential is not one the portal issued.';
  if (region !== config.region) return 'The credential names another region.';
  if (day !== amzDate.slice(0, 8)) return 'The credential date does not match the signing date.';
  return null;
}

/** RFC 3986 encoding as SigV4 canonicalises query strings. */
const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface PresignedGet {
  bucket: string;
  key: string;
  /** The signed `response-content-disposition`, when the API set one. */
  contentDisposition?: string;
}

/**
 * A GET presigned with SigV4 in the query (as `getSignedUrl` makes them): the signature must be
 * ours over exactly this method, path, query and the signed host, and unexpired at `now`.
 * `path` and `query` are as the request sent them (still percent-encoded; query without `?`).
 */
export function verifyPresignedGet(
  request: { method: string; path: string; query: string },
  config: PresignedAccessConfig,
  now: Date,
): Verdict<PresignedGet> {
  const endpoint = new URL(config.signedEndpoint);
  const prefix = endpoint.pathname.replace(/\/$/, '');
  if (!request.path.startsWith(`${prefix}/`)) return deny('This path is not in the file store.');
  const [bucketPart, ...keyParts] = request.path.slice(prefix.length + 1).split('/');
  let bucket: string;
  let key: string;
  try {
    bucket = decodeURIComponent(bucketPart ?? '');
    key = keyParts.map(decodeURIComponent).join('/');
  } catch {
    return deny('The path is not valid.');
  }
  if (!bucket || !key)
    return deny('Listing the file store is not allowed; ask the portal for a link to a file.');

  const params = new URLSearchParams(request.query);
  const names = [...params.keys()];
  if (new Set(names).size !== names.length) return deny('A query parameter is repeated.');
  const signature = params.get('X-Amz-Signature');
  const amzDate = params.get('X-Amz-Date') ?? '';
  const credential = params.get('X-Amz-Credential');
  const expires = params.get('X-Amz-Expires') ?? '';
  if (!signature || !credential) return deny('This link is not signed; ask the portal for a new one.');
  if (params.get('X-Amz-Algorithm') !== algorithm) return deny(`The link must be signed with ${algorithm}.`);
  if (params.get('X-Amz-SignedHeaders') !== 'host') return deny('The link must sign the host only.');
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt) return deny('The signing date is malformed.');
  const credentialProblem = checkCredential(credential, amzDate, config);
  if (credentialProblem) return deny(credentialProblem);
  if (!/^\d{1,6}$/.test(expires) || Number(expires) < 1 || Number(expires) > maxExpiresSeconds)
    return deny('The link lifetime is not valid.');
  if (signedAt.getTime() - now.getTime() > maxClockSkewMs) return deny('The link is not valid yet.');
  if (now.getTime() > signedAt.getTime() + Number(expires) * 1000)
    return deny('The link has expired; ask the portal for a new one.');

  const canonicalQuery = [...params]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalRequest = [
    request.method,
    request.path,
    canonicalQuery,
    `host:${endpoint.host}\n`,
    'host',
    params.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
  const day = amzDate.slice(0, 8);
  const stringToSign = [
    algorithm,
    amzDate,
    `${day}/${config.region}/s3/aws4_request`,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const expected = hmac(signingKey(config.credentials.secretAccessKey, day, config.region), stringToSign);
  if (!sameSignature(expected, signature)) return deny('The signature does not match this request.');

  const disposition = params.get('response-content-disposition');
  return { ok: true, value: { bucket, key, ...(disposition ? { contentDisposition: disposition } : {}) } };
}

export interface PresignedPost {
  key: string;
  contentType: string;
  minBytes: number;
  maxBytes: number;
}

/** Form fields S3 never asks a policy to cover. */
const uncoveredFields = new Set(['policy', 'x-amz-signature', 'file']);

/**
 * The form fields of a browser POST upload (everything before the file; names as sent, each
 * once) against its signed policy, as S3 checks them: our signature over the base64 policy, the
 * policy unexpired at `now`, every condition met, and every field named by some condition. The
 * local store also insists on a `content-length-range`, so it knows how much it may read.
 */
export function verifyPresignedPost(
  bucket: string,
  fields: ReadonlyMap<string, string>,
  config: PresignedAccessConfig,
  now: Date,
): Verdict<PresignedPost> {
  const field = new Map([...fields].map(([name, value]) => [name.toLowerCase(), value]));
  if (field.size !== fields.size) return deny('A form field is repeated.');
  const policy = field.get('policy');
  const signature = field.get('x-amz-signature');
  const credential = field.get('x-amz-credential');
  const amzDate = field.get('x-amz-date') ?? '';
  if (!policy || !signature || !credential)
    return deny('The upload is not signed; ask the portal for a new one.');
  if (field.get('x-amz-algorithm') !== algorithm) return deny(`The upload must be signed with ${algorithm}.`);
  const credentialProblem = checkCredential(credential, amzDate, config);
  if (credentialProblem) return deny(credentialProblem);
  const expected = hmac(
    signingKey(config.credentials.secretAccessKey, amzDate.slice(0, 8), config.region),
    policy,
  );
  if (!sameSignature(expected, signature)) return deny('The signature does not match this upload policy.');

  let document: { expiration?: unknown; conditions?: unknown };
  try {
    document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
  } catch {
    return deny('The upload policy is not valid JSON.');
  }
  const expiration = typeof document.expiration === 'string' ? Date.parse(document.expiration) : Number.NaN;
  if (Number.isNaN(expiration)) return deny('The upload policy has no valid expiration.');
  if (now.getTime() > expiration) return deny('The upload link has expired; ask the portal for a new one.');
  if (!Array.isArray(document.conditions)) return deny('The upload policy has no conditions.');

  // S3 checks the bucket condition against the bucket the form is posted to.
  const value = (name: string) => (name === 'bucket' ? bucket : (field.get(name) ?? ''));
  if (field.has('bucket') && field.get('bucket') !== bucket) return deny('The form names another bucket.');
  const covered = new Set<string>();
  let range: { min: number; max: number } | undefined;
  for (const condition of document.conditions as unknown[]) {
    if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
      const entries = Object.entries(condition);
      const [name, expectedValue] = entries[0] ?? [];
      if (entries.length !== 1 || typeof name !== 'string' || typeof expectedValue !== 'string')
        return deny('The upload policy has a condition the local store does not understand.');
      covered.add(name.toLowerCase());
      if (value(name.toLowerCase()) !== expectedValue)
        return deny(`The form's ${name} is not the one signed for.`);
      continue;
    }
    if (!Array.isArray(condition)) return deny('The upload policy has a malformed condition.');
    const [op, subject, ...args] = condition as unknown[];
    if (op === 'content-length-range') {
      const [min, max] = [subject, args[0]];
      if (
        !Number.isSafeInteger(min) ||
        !Number.isSafeInteger(max) ||
        (min as number) < 0 ||
        (min as number) > (max as number)
      )
        return deny('The upload policy has a malformed size range.');
      range = { min: min as number, max: max as number };
      continue;
    }
    const expectedValue = args[0];
    if (
      (op !== 'eq' && op !== 'starts-with') ||
      typeof subject !== 'string' ||
      !subject.startsWith('$') ||
      typeof expectedValue !== 'string' ||
      args.length !== 1
    )
      return deny('The upload policy has a condition the local store does not understand.');
    const name = subject.slice(1).toLowerCase();
    covered.add(name);
    const actual = value(name);
    if (op === 'eq' ? actual !== expectedValue : !actual.startsWith(expectedValue))
      return deny(`The form's ${subject.slice(1)} is not the one signed for.`);
  }
  for (const name of field.keys()) {
    if (!uncoveredFields.has(name) && !name.startsWith('x-ignore-') && !covered.has(name))
      return deny(`The form field ${name} is not covered by the upload policy.`);
  }
  const key = field.get('key');
  if (!key) return deny('The form names no key.');
  if (!range) return deny('The upload policy sets no size range.');
  return {
    ok: true,
    value: {
      key,
      contentType: field.get('content-type') || 'application/octet-stream',
      minBytes: range.min,
      maxBytes: range.max,
    },
  };
}
