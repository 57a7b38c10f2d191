export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
  key: string;
}

/** Files in S3: uploads and downloads go straight between the browser and S3, presigned. */
export interface FileStore {
  presignUpload(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresInSeconds?: number;
  }): Promise<PresignedUpload>;
  presignDownload(input: { key: string; fileName: string; expiresInSeconds?: number }): Promise<string>;
  describe(key: string): Promise<{ size: number; contentType?: string } | null>;
  /** Reads the object through once, streaming, and returns its SHA-256 (hex); null when it is missing. */
  digest(key: string): Promise<{ sha256: string; size: number } | null>;
  /**
   * The object's malware scan status tag (shared/malware-scan.ts), null when it has none yet or
   * is missing: one GetObjectTagging.
   */
  scanStatus(key: string): Promise<string | null>;
  /** Deletes the object; a key with no object is fine (an upload that never arrived). */
  remove(key: string): Promise<void>;
}
