import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, createS3Client, S3FileStore } from '../../functions/adapters/s3/files';
import { verifyPresignedGet, verifyPresignedPost } from '../../functions/local/presigned-access';
import { servedContentType } from '../../functions/local/s3-proxy';

/**
 * The URLs and forms the API issues (S3FileStore, as in AWS) and the local store's check of them
 * (presigned-access.ts) agree, and any change to what was signed is refused. Presigning is offline.
 */

const credentials = { accessKeyId: 'UNITPRESIGN', secretAccessKey: 'unit-secret' };
const region = 'eu-west-1';
const signedEndpoint = 'http://localhost:3000/local/s3';
const config = { credentials, region, signedEndpoint };
const bucket = 'alliance-files';

const store = (signingDate?: Date) =>
  new S3FileStore(
    createS3Client({
      endpoint: signedEndpoint,
      region,
      forcePathStyle: true,
      credentials,
      ...(signingDate ? { systemClockOffset: signingDate.getTime() - Date.now() } : {}),
    }),
    bucket,
  );

const signedAt = new Date('2030-06-01T12:00:00Z');
const at = (seconds: number) => new Date(signedAt.getTime() + seconds * 1000);

/**
 * A presigned GET as the API makes it, and a clock `seconds` after it was signed (getSignedUrl
 * signs at the time it runs, so the checks count from the date in the URL, not the wall clock).
 */
async function download(key: string, fileName = 'report.pdf') {
  const url = new URL(await store().presignDownload({ key, fileName }));
  const date = url.searchParams
    .get('X-Amz-Date')!
    .replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  const signedPlus = (seconds: number) => new Date(Date.parse(date) + seconds * 1000);
  return { path: url.pathname, query: url.search.slice(1), url, signedPlus };
}

const decoded = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
};

describe('the presigned GET the API issues (request shape, as S3 receives it)', () => {
  it('asks for an attachment with the name, no-store, signs the host only, lives 60 s', async () => {
    const { url } = await download('bulletins/b1/a1', 'Zeebrugge – seals "2030".pdf');
    expect(url.origin + url.pathname).toBe(`${signedEndpoint}/${bucket}/bulletins/b1/a1`);
    const q = url.searchParams;
    expect(q.get('response-content-disposition')).toBe(
      `attachment; filename="Zeebrugge _ seals _2030_.pdf"; filename*=UTF-8''Zeebrugge%20%E2%80%93%20seals%20%222030%22.pdf`,
    );
    expect(q.get('response-cache-control')).toBe('no-store');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host');
    expect(q.get('X-Amz-Expires')).toBe('60');
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toMatch(new RegExp(`^UNITPRESIGN/\\d{8}/${region}/s3/aws4_request$`));
  });

  it('is accepted by the local check for its key, until it expires', async () => {
    const { path, query, signedPlus } = await download('documents/d1/v1');
    const verdict = verifyPresignedGet({ method: 'GET', path, query }, config, signedPlus(59));
    expect(verdict).toEqual({
      ok: true,
      value: { bucket, key: 'documents/d1/v1', contentDisposition: attachmentDisposition('report.pdf') },
    });
    expect(verifyPresignedGet({ method: 'GET', path, query }, config, signedPlus(61)).ok).toBe(false);
    expect(verifyPresignedGet({ method: 'GET', path, query }, config, signedPlus(-16 * 60)).ok).toBe(false);
    expect(verifyPresignedGet({ method: 'HEAD', path, query }, config, signedPlus(1)).ok).toBe(false);
    const otherSecret = { ...config, credentials: { ...credentials, secretAccessKey: 'other' } };
    expect(verifyPresignedGet({ method: 'GET', path, query }, otherSecret, signedPlus(1)).ok).toBe(false);
    expect(
      verifyPresignedGet(
        { method: 'GET', path, query },
        { ...config, signedEndpoint: 'http://localhost:4000/local/s3' },
        signedPlus(1),
      ).ok,
    ).toBe(false);
  });

  it('verifies for any key and file name, and any one changed character of path or query is refused', {
    timeout: 30_000,
  }, async () => {
    // Keys as the server makes them; `.` and `..` segments no URL keeps as they are.
    const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/).filter((s) => s !== '.' && s !== '..');
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.integer({ min: 33, max: 126 }),
        async (segments, fileName, where, replacement) => {
          const { path, query, signedPlus } = await download(segments.join('/'), fileName);
          expect(verifyPresignedGet({ method: 'GET', path, query }, config, signedPlus(1)).ok).toBe(true);
          const whole = `${path}?${query}`;
          const i = where % whole.length;
          const changed = `${whole.slice(0, i)}${String.fromCharCode(replacement)}${whole.slice(i + 1)}`;
          fc.pre(changed !== whole);
          const [p, ...rest] = changed.split('?');
          // Checked a second after the URL's own signing date, as the unchanged one is: a clock of
          // its own (`at`) would refuse every change as expired and hide why it was refused.
          const verdict = verifyPresignedGet(
            { method: 'GET', path: p!, query: rest.join('?') },
            config,
            signedPlus(1),
          );
          // A change that decodes to the same request (e.g. %2F for /) is the same request.
          const same =
            decoded(p!) !== null &&
            decoded(p!) === decoded(path) &&
            [...new URLSearchParams(rest.join('?'))].join() === [...new URLSearchParams(query)].join();
          expect(verdict.ok).toBe(same);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('the presigned POST the API issues', () => {
  const key = 'bulletins/b1/a1';
  const upload = () =>
    store(signedAt).presignUpload({ key, contentType: 'text/plain', maxBytes: 100, expiresInSeconds: 300 });
  const check = (fields: Record<string, string>, now = at(1), to = bucket) =>
    verifyPresignedPost(to, new Map(Object.entries(fields)), config, now);

  it('is accepted as issued, with its key, type and size range, until it expires', async () => {
    const { fields, url } = await upload();
    expect(url).toBe(`${signedEndpoint}/${bucket}`);
    expect(check(fields)).toEqual({
      ok: true,
      value: { key, contentType: 'text/plain', minBytes: 1, maxBytes: 100 },
    });
    expect(check(fields, at(301)).ok).toBe(false);
  });

  it('is refused with any signed field changed, a field added or dropped, or for another bucket', async () => {
    const { fields } = await upload();
    for (const name of Object.keys(fields)) {
      const changed = { ...fields, [name]: `${fields[name]}x` };
      expect(check(changed).ok, `changed ${name}`).toBe(false);
      // As in S3, the bucket is the one the form is posted to; its field may be left out.
      if (name === 'bucket') continue;
      const { [name]: _dropped, ...dropped } = fields;
      expect(check(dropped).ok, `without ${name}`).toBe(false);
    }
    expect(check({ ...fields, acl: 'public-read' }).ok).toBe(false);
    expect(check({ ...fields, 'content-type': 'text/html' }).ok).toBe(false);
    expect(check(fields, at(1), 'another-bucket').ok).toBe(false);
    const otherSecret = { ...config, credentials: { ...credentials, secretAccessKey: 'other' } };
    expect(verifyPresignedPost(bucket, new Map(Object.entries(fields)), otherSecret, at(1)).ok).toBe(false);
  });
});

describe('what the local store serves as', () => {
  it('keeps the types people may upload and turns everything else into plain bytes', () => {
    expect(servedContentType('application/pdf')).toBe('application/pdf');
    expect(servedContentType('text/plain; charset=utf-8')).toBe('text/plain');
    for (const dangerous of [
      'text/html',
      'image/svg+xml',
      'application/javascript',
      'text/xml',
      'application/xhtml+xml',
      '',
      undefined,
    ]) {
      expect(servedContentType(dangerous)).toBe('application/octet-stream');
    }
  });
});
