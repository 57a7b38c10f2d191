/**
 * The local file store as the browser sees it: `/local/s3` on the portal's own port, in front of
 * s3rver. It lets through exactly what S3 would for the URLs the API issues (a presigned GET of
 * one object, a presigned POST of one object under its policy) and refuses everything else with
 * 403, because s3rver itself checks no signature. Downloads always leave as attachments of a
 * harmless type, so nothing uploaded runs on the portal's origin. docs/local-file-store.md says why.
 */
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Context } from 'hono';
import { attachmentContentTypes, documentContentTypes } from '../../shared/attachment-rules';
import {
  type PresignedAccessConfig,
  type PresignedPost,
  type Verdict,
  verifyPresignedGet,
  verifyPresignedPost,
} from './presigned-access';

export interface LocalS3ProxyOptions extends PresignedAccessConfig {
  /** The client that reaches s3rver directly (it checks no signature). */
  s3: S3Client;
  /** The one bucket the browser may reach: the files bucket. */
  bucket: string;
  now: () => Date;
}

/** Types a download keeps: the ones the API lets anyone upload. Anything else goes out as bytes. */
const servableTypes = new Set<string>([...attachmentContentTypes, ...documentContentTypes]);
const fallbackType = 'application/octet-stream';

/** The stored type if it is one we let people upload, else plain bytes: never HTML, SVG or script. */
export function servedContentType(stored: string | undefined): string {
  const type = (stored ?? '').split(';')[0]!.trim().toLowerCase();
  return servableTypes.has(type) ? type : fallbackType;
}

/** The signed disposition when it is an attachment in plain ASCII, else a bare `attachment`. */
function attachmentDisposition(signed: string | undefined): string {
  return signed && /^attachment(;|$)/i.test(signed) && /^[\x20-\x7e]*$/.test(signed) ? signed : 'attachment';
}

/** Fields before the file are small; a form whose fields outgrow this is not one the API issued. */
const maxFieldBytes = 64 * 1024;

const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** An S3-style error, as the browser's upload code and a curious person would get from S3. */
function s3Error(status: 400 | 403 | 404, code: string, message: string): Response {
  return new Response(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>\n`,
    {
      status,
      headers: { 'content-type': 'application/xml', 'cache-control': 'no-store' },
    },
  );
}

const denied = (reason: string) => s3Error(403, 'AccessDenied', reason);

export function localS3Proxy(options: LocalS3ProxyOptions) {
  const prefix = new URL(options.signedEndpoint).pathname.replace(/\/$/, '');

  async function download(c: Context, url: URL): Promise<Response> {
    const verdict = verifyPresignedGet(
      { method: c.req.method, path: url.pathname, query: url.search.slice(1) },
      options,
      options.now(),
    );
    if (!verdict.ok) return denied(verdict.reason);
    const { bucket, key, contentDisposition } = verdict.value;
    if (bucket !== options.bucket) return denied('Only the files bucket is served here.');
    let object: GetObjectCommandOutput;
    try {
      object = await options.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return s3Error(404, 'NoSuchKey', 'No such file.');
      throw err;
    }
    const headers = new Headers({
      'content-type': servedContentType(object.ContentType),
      'content-disposition': attachmentDisposition(contentDisposition),
      'x-content-type-options': 'nosniff',
      // Restricted content: no browser or proxy keeps a copy.
      'cache-control': 'no-store',
    });
    if (object.ContentLength !== undefined) headers.set('content-length', String(object.ContentLength));
    if (object.ETag) headers.set('etag', object.ETag);
    if (object.LastModified) headers.set('last-modified', object.LastModified.toUTCString());
    return new Response(object.Body?.transformToWebStream() ?? null, { status: 200, headers });
  }

  async function upload(c: Context, bucket: string): Promise<Response> {
    const boundary = c.req
      .header('content-type')
      ?.match(/^multipart\/form-data\s*;.*?\bboundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i);
    const body = c.req.raw.body;
    if (bucket !== options.bucket) return denied('Only the files bucket is served here.');
    if (!boundary || !body) return denied('Uploads are multipart forms with the fields the portal signed.');
    const reader = body.getReader();
    let result: Awaited<ReturnType<typeof readUpload>>;
    try {
      result = await readUpload(new ByteReader(reader), boundary[1] ?? boundary[2]!, (fields) =>
        verifyPresignedPost(bucket, fields, options, options.now()),
      );
    } finally {
      await discardRest(reader);
    }
    if (!result.ok)
      return result.status === 403
        ? denied(result.reason)
        : s3Error(400, 'MalformedPOSTRequest', result.reason);
    const { post, file } = result.value;
    // Only now, checked whole, does anything reach s3rver (which writes in place, so a refused or
    // cut-off upload must never start there).
    await options.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: post.key, Body: file, ContentType: post.contentType }),
    );
    return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  }

  return async (c: Context): Promise<Response> => {
    const url = new URL(c.req.url);
    if (c.req.method === 'GET') return download(c, url);
    const bucketOnly = url.pathname.slice(prefix.length).match(/^\/([^/]+)\/?$/);
    // Bucket names have nothing to percent-encode, so the path segment is the name as sent.
    if (c.req.method === 'POST' && bucketOnly && !url.search) return upload(c, bucketOnly[1]!);
    return denied('Only presigned downloads and presigned uploads from the portal are allowed here.');
  };
}

/** Past this much unread body (a refused file) the connection is dropped instead of read out. */
const maxDiscardBytes = 64 * 1024 * 1024;

/**
 * Reads what is left of the body and throws it away, so the answer reaches a browser that is
 * still sending and the connection stays usable; a client sending without end is cut off.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>) {
  let left = maxDiscardBytes;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      left -= value.length;
      if (left < 0) return await reader.cancel();
    }
  } catch {
    // The client went away; there is nobody left to answer.
  }
}

type UploadResult =
  | { ok: true; value: { post: PresignedPost; file: Buffer } }
  | { ok: false; status: 400 | 403; reason: string };

/**
 * Reads a multipart form as S3 does for a POST upload: the fields up to the part named `file`,
 * which `authorise` checks before a byte of the file is kept; then the file, refused as soon as it
 * grows past the policy's maximum. Whatever follows the file is ignored, as S3 ignores it.
 */
async function readUpload(
  bytes: ByteReader,
  boundary: string,
  authorise: (fields: ReadonlyMap<string, string>) => Verdict<PresignedPost>,
): Promise<UploadResult> {
  // Until the policy is checked nothing shows the request is the API's: every refusal is a 403.
  const malformed = (reason: string): UploadResult => ({ ok: false, status: 403, reason });
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter may start the body without a CRLF before it.
  bytes.unshift(Buffer.from('\r\n'));
  const first = await bytes.find(delimiter, maxFieldBytes);
  if (typeof first !== 'number') return malformed('The form has no parts.');
  bytes.skip(first + delimiter.length);
  const fields = new Map<string, string>();
  let fieldBytes = 0;
  for (;;) {
    const eol = await bytes.find(crlf, 256);
    if (typeof eol !== 'number') return malformed('The form is cut off.');
    const after = bytes.take(eol + crlf.length).toString('latin1');
    if (after.startsWith('--')) return malformed('The form has no file.');
    if (after.trim() !== '') return malformed('The form is malformed.');
    const headerEnd = await bytes.find(blankLine, 8 * 1024);
    if (typeof headerEnd !== 'number') return malformed('A form part has no end to its headers.');
    const headers = bytes.take(headerEnd + blankLine.length).toString('utf8');
    const name = headers.match(/^content-disposition:\s*form-data\s*;(?:.*;)?\s*name="([^"]*)"/im)?.[1];
    if (name === undefined) return malformed('A form part has no name.');
    if (name === 'file') break;
    const end = await bytes.find(delimiter, maxFieldBytes - fieldBytes);
    if (typeof end !== 'number') return malformed('The form fields are too large or cut off.');
    fieldBytes += end;
    if (fields.has(name)) return malformed(`The form field ${name} is repeated.`);
    fields.set(name, bytes.take(end).toString('utf8'));
    bytes.skip(delimiter.length);
  }
  const verdict = authorise(fields);
  if (!verdict.ok) return { ok: false, status: 403, reason: verdict.reason };
  const { minBytes, maxBytes } = verdict.value;
  const end = await bytes.find(delimiter, maxBytes + delimiter.length);
  if (end === 'too-long' || (typeof end === 'number' && end > maxBytes))
    return { ok: false, status: 403, reason: `The file is larger than the ${maxBytes} bytes signed for.` };
  if (end === 'ended') return { ok: false, status: 400, reason: 'The form is cut off inside the file.' };
  if (end < minBytes)
    return { ok: false, status: 403, reason: `The file is smaller than the ${minBytes} bytes signed for.` };
  return { ok: true, value: { post: verdict.value, file: Buffer.from(bytes.take(end)) } };
}

const crlf = Buffer.from('\r\n');
const blankLine = Buffer.from('\r\n\r\n');

/** A request body read on demand into one growing buffer (doubling, so a 20 MB file copies little). */
class ByteReader {
  private buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  private done = false;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  private append(chunk: Uint8Array) {
    const held = this.end - this.start;
    if (this.end + chunk.length > this.buffer.length) {
      const next = Buffer.allocUnsafe(Math.max(64 * 1024, 2 * (held + chunk.length)));
      this.buffer.copy(next, 0, this.start, this.end);
      this.buffer = next;
      this.start = 0;
      this.end = held;
    }
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
  }

  unshift(bytes: Buffer) {
    const rest = this.buffer.subarray(this.start, this.end);
    this.buffer = Buffer.concat([bytes, rest]);
    this.start = 0;
    this.end = this.buffer.length;
  }

  /**
   * Reads until `needle` appears among the held bytes, holding at most `limit` bytes before it;
   * returns its offset, or why not.
   */
  async find(needle: Buffer, limit: number): Promise<number | 'too-long' | 'ended'> {
    let from = 0;
    for (;;) {
      const held = this.buffer.subarray(this.start, this.end);
      const at = held.indexOf(needle, from);
      if (at >= 0) return at > limit ? 'too-long' : at;
      if (held.length > limit + needle.length) return 'too-long';
      if (this.done) return 'ended';
      from = Math.max(0, held.length - needle.length + 1);
      const { value, done } = await this.reader.read();
      if (done) this.done = true;
      else this.append(value);
    }
  }

  take(count: number): Buffer {
    const out = this.buffer.subarray(this.start, this.start + count);
    this.start += count;
    return out;
  }

  skip(count: number) {
    this.start += count;
  }
}
