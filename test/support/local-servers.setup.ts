process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startS3Local } from '../../functions/local/s3-local';

/** Buckets every integration test may use; each test file keeps to its own key prefix. */
export const testBuckets = ['alliance-files-test'];

/**
 * One s3rver (temp directory) for the whole integration run. DynamoDB Local is one per test file
 * (test/support/file-dynamo.ts): a single one slowed down as the run went on.
 */
export default async function setup(project: TestProject) {
  const s3Dir = mkdtempSync(join(tmpdir(), 'alliance-s3-'));
  const s3 = await startS3Local({ directory: s3Dir, buckets: testBuckets });
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await s3.stop();
    rmSync(s3Dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    portalUrl: string;
  }
}
