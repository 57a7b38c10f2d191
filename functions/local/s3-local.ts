import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';
import { freePort } from './dynamodb-local';

export interface RunningS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts s3rver in-process on a free port, keeping objects under `directory`, with the given buckets. */
export async function startS3Local(options: { directory: string; buckets: string[] }): Promise<RunningS3> {
  mkdirSync(options.directory, { recursive: true });
  const port = await freePort();
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory: options.directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => server.close(),
  };
}
