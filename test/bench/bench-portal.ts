/**
 * A real API for round-trip benchmarks: DynamoDB Local and s3rver started for one section, a
 * table with the demo alliance, the app driven in-process, and `call(as, path)` signed in as a
 * demo member. `stop()` tears it all down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { createApp } from '../../functions/api/app';
import { demoAlliance, demoMemberId } from '../../functions/local/demo-alliance';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { LocalIssuer } from '../../functions/local/issuer';
import { startS3Local } from '../../functions/local/s3-local';
import { seedDemoAlliance } from '../../functions/local/seed';
import { localDeps } from '../../functions/local/wiring';

/**
 * `alsoTables`: the other tables the bench will `open`, started with the first. DynamoDB Local
 * charges every request on a table for the stream records of all tables written before that
 * table's first one (about 0.13 ms per thousand: docs/benchmarks.md, "DynamoDB Local's stream
 * cost"), so each table gets its first record before any is seeded, and tables timed against each
 * other start equal.
 */
export async function startBenchPortal(tableName: string, alsoTables: readonly string[] = []) {
  const s3Dir = mkdtempSync(join(tmpdir(), 'bench-s3-'));
  const [dynamo, s3] = await Promise.all([
    startDynamoDbLocal(),
    startS3Local({ directory: s3Dir, buckets: ['bench-files'] }),
  ]);
  const stop = async () => {
    await Promise.allSettled([dynamo.stop(), s3.stop()]);
    rmSync(s3Dir, { recursive: true, force: true });
  };
  try {
    const issuer = await LocalIssuer.create('http://localhost/bench');
    const tokens = new Map<string, string>();
    const token = async (email: string) => {
      if (!tokens.has(email)) {
        const org = demoAlliance.find((o) => o.members.some((m) => m.email === email))!;
        const m = org.members.find((x) => x.email === email)!;
        tokens.set(
          email,
          await issuer.sign({ ...m, id: demoMemberId(email, org.id), organisationId: org.id }),
        );
      }
      return tokens.get(email)!;
    };
    /**
     * A table with the demo alliance and the app over it, on this portal's DynamoDB Local and file
     * store: scenarios on their own tables can then be timed in turns, on the same warm processes.
     */
    const open = async (table: string) => {
      await ensureTable(dynamo.client, table);
      await seedDemoAlliance(DynamoDBDocumentClient.from(dynamo.client), table);
      const app = createApp(
        localDeps({
          dynamo: dynamo.client,
          tableName: table,
          issuer,
          files: { endpoint: s3.endpoint, bucket: 'bench-files' },
          logLevel: 'SILENT',
        }),
      );
      /** One API request as a demo member; a 4xx/5xx answer throws with the problem. */
      const call = async (as: string, path: string, method = 'GET', body?: unknown) => {
        const res = await app.request(path, {
          method,
          headers: {
            authorization: `Bearer ${await token(as)}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        const json = (await res.json()) as any;
        if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
        return json;
      };
      return { app, call };
    };
    for (const table of [tableName, ...alsoTables]) {
      await ensureTable(dynamo.client, table);
      await dynamo.client.send(
        new PutItemCommand({ TableName: table, Item: { pk: { S: 'BENCH' }, sk: { S: 'FIRST' } } }),
      );
    }
    const { app, call } = await open(tableName);
    return { dynamo, app, token, call, open, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
