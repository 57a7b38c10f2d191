/** S3 behind the file store port, loaded by the api Lambda on first use (lambda.ts). */
import { createS3Client, S3FileStore } from '../../adapters/s3/files';

export const s3FileStore = (bucket: string) => new S3FileStore(createS3Client(), bucket);
