process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPortalProcess } from './portal-process';

/**
 * The e2e project's global setup: one real portal started as `npm start` would (the local entry
 * with DynamoDB Local, s3rver, seed, issuer, API and the built frontend) on a free port with a
 * fresh data directory. Every e2e file shares it; `inject('portalUrl')` gives its address.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(resolve('web/dist/index.html'))) {
    throw new Error('web/dist is missing: run `npm run build:web` first (`npm test` does).');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'alliance-e2e-'));
  const portal = await startPortalProcess({ dataDir });
  project.provide('portalUrl', portal.url);
  return async () => {
    await portal.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
