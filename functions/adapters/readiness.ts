import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { readinessProbeKey } from '../../shared/files';
import { keys } from '../../shared/table';
import type { Readiness } from '../api/env';
import type { FileStore } from '../ports';
import type { DocumentClient } from './dynamodb/client';

/** Readiness answers within this even when storage hangs (a paused process, a black-holed host). */
export const readinessTimeoutMs = 1_500;

/**
 * Readiness of the table and the file store: one GetItem of a fixed key and one HEAD of a fixed
 * object, both actions the api role already has (infra/least-privilege.ts; DescribeTable is not
 * granted). A missing item or a 404 is an answer, so it counts as ready.
 */
export function storageReadiness(options: {
  db: DocumentClient;
  tableName: string;
  files: FileStore;
  timeoutMs?: number;
}): () => Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? readinessTimeoutMs;
  return async () => {
    const table = options.db
      .send(new GetCommand({ TableName: options.tableName, Key: keys.readinessProbe }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      })
      .then(() => true);
    const files = options.files.describe(readinessProbeKey).then(() => true);
    const [tableOk, filesOk] = await Promise.all([within(table, timeoutMs), within(files, timeoutMs)]);
    return { table: tableOk, files: filesOk };
  };
}

/** True when the check answered in time; false when it failed or did not answer. */
function within(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((done) => {
    timer = setTimeout(() => done(false), ms);
  });
  return Promise.race([check.catch(() => false), late]).finally(() => clearTimeout(timer));
}
