import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { malwareScanTag } from '../../../shared/malware-scan';
import type { FileStore, PresignedUpload } from '../../ports';
import { boundedClientConfig, mapStorageErrors } from '../bounded-storage';

/**
 * S3 clients never add checksums on their own: s3rver stores streamed checksummed bodies
 * corrupted, and a presigned request carrying one is refused by real S3 (docs/decisions.md).
 * Calls are bounded like the table's (../bounded-storage.ts): a slow or failing store answers
 * `StorageUnavailableError` (503) within the request's deadline.
 */
export function createS3Client(config: S3ClientConfig = {}) {
  const client = new S3Client({
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...boundedClientConfig(),
    ...config,
  });
  mapStorageErrors(client.middlewareStack, 'files');
  return client;
}

export interface PresigningOptions {
  /**
   * Signs URLs for browsers with this client (another endpoint) while server-side calls use the
   * first: at home the browser reaches s3rver through the same-origin `/local/s3` proxy.
   */
  presigner?: S3Client;
  /** Rewrites a presigned URL before it leaves (at home: to a same-origin relative path). */
  publicUrl?: (url: string) => string;
}

/**
 * `attachment` with the file's name: in plain ASCII for old clients and in UTF-8 (RFC 6266
 * `filename*`) for the rest, so the header stays valid whatever the name.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const utf8 = encodeURIComponent(fileName).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

/** Presigned uploads and downloads in the files bucket, under keys the server chose. */
export class S3FileStore implements FileStore {
  private readonly presigner: S3Client;
  private readonly publicUrl: (url: string) => string;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    options: PresigningOptions = {},
  ) {
    this.presigner = options.presigner ?? s3;
    this.publicUrl = options.publicUrl ?? ((url) => url);
  }

  async presignUpload(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresInSeconds?: number;
  }): Promise<PresignedUpload> {
    const { url, fields } = await createPresignedPost(this.presigner, {
      Bucket: this.bucket,
      Key: input.key,
      Conditions: [
        ['content-length-range', 1, input.maxBytes],
        ['eq', '$Content-Type', input.contentType],
      ],
      Fields: { 'Content-Type': input.contentType },
      Expires: input.expiresInSeconds ?? 300,
    });
    return { url: this.publicUrl(url), fields, key: input.key };
  }

  async presignDownload(input: {
    key: string;
    fileName: string;
    expiresInSeconds?: number;
  }): Promise<string> {
    const url = await getSignedUrl(
      this.presigner,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: input.key,
        // Saved, never shown inline on anyone's origin, and kept by no cache: files are restricted.
        ResponseContentDisposition: attachmentDisposition(input.fileName),
        ResponseCacheControl: 'no-store',
      }),
      { expiresIn: input.expiresInSeconds ?? 60 },
    );
    return this.publicUrl(url);
  }

  async scanStatus(key: string): Promise<string | null> {
    try {
      const { TagSet } = await this.s3.send(new GetObjectTaggingCommand({ Bucket: this.bucket, Key: key }));
      return TagSet?.find((tag) => tag.Key === malwareScanTag)?.Value ?? null;
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async digest(key: string): Promise<{ sha256: string; size: number } | null> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const hash = createHash('sha256');
      let size = 0;
      // Chunk by chunk, so a 20 MB file never sits in memory whole.
      for await (const chunk of object.Body as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        size += chunk.length;
      }
      return { sha256: hash.digest('hex'), size };
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    // S3 answers a DeleteObject of a missing key with success, so a discarded upload that never
    // arrived needs no HEAD first.
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async describe(key: string): Promise<{ size: number; contentType?: string } | null> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        size: head.ContentLength ?? 0,
        ...(head.ContentType ? { contentType: head.ContentType } : {}),
      };
    } catch (err) {
      if ((err as { name?: string }).name === 'NotFound') return null;
      throw err;
    }
  }
}
