/**
 * `npm start`: the whole portal on one port with Amazon's DynamoDB Local and s3rver embedded,
 * data kept under `.data/`, a seeded demo alliance and a local sign-in.
 */
import { existsSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { rebuildDirectorySummary } from '../adapters/dynamodb/directory-summary';
import { rebuildHarmonization } from '../adapters/dynamodb/harmonization-rebuild';
import { rebuildPortNaming } from '../adapters/dynamodb/port-naming-rebuild';
import { ensureTable } from '../adapters/dynamodb/table';
import type { Deps } from '../api/env';
import { keptSecret, localDataEntries } from './data-dir';
import { javaMajorVersion, startDynamoDbLocal } from './dynamodb-local';
import { LocalIssuer } from './issuer';
import { loadEverythingNow } from './load-everything';
import type { Mailbox } from './mailbox';
import type { LocalNotifications } from './notifier';
import { startS3Local } from './s3-local';
import { seedDemoAlliance } from './seed';
import { localServer, loopback, portIsFree } from './server';
import { localS3Client, localWiring } from './wiring';

// We pin the SDK (docs/decisions.md) and know its Node 20 notice; keep the start-up output to what matters.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const port = Number(process.env.PORT ?? 3000);
// Loopback unless told otherwise: the local sign-in lets anyone be anyone, so only this machine.
const host = process.env.HOST ?? loopback;
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
// WEB_DIST lets start-up tests run without a frontend build; npm start always builds web/dist.
const webDist = resolve(process.env.WEB_DIST ?? 'web/dist');

/** More crashes than this within the window and the portal exits instead of restarting again. */
const maxCrashes = 3;
const crashWindowMs = 60_000;
/** How long Ctrl-C waits for requests in flight before it cuts them off and stops storage. */
const drainMs = 5_000;

function fail(message: string): never {
  console.error(`alliance-portal: ${message}`);
  process.exit(1);
}

async function main() {
  const java = javaMajorVersion();
  if (java === null)
    fail(
      'Java 17 or newer is needed for DynamoDB Local, and `java` was not found. Install a JRE 17+ (Debian: apt-get install openjdk-17-jre-headless).',
    );
  if (java < 17) fail(`Java 17 or newer is needed for DynamoDB Local; found Java ${java}.`);
  if (!(await portIsFree(port, host)))
    fail(`port ${port} is taken; stop what uses it or start with PORT=<another port> npm start.`);
  if (!existsSync(resolve(webDist, 'index.html')))
    fail('web/dist is missing: run `npm run build:web` (npm start does it for you).');

  const started = performance.now();
  const crashes: number[] = [];
  const [dynamo, s3] = await Promise.all([
    startDynamoDbLocal({
      dataPath: resolve(dataDir, localDataEntries.dynamodb),
      // Restarted on the same port and data, so the API's client and every item stay as they were;
      // a Java that keeps dying is not restarted for ever.
      onCrash: (how, restart) => {
        const now = performance.now();
        crashes.push(now);
        if (crashes.filter((at) => now - at < crashWindowMs).length > maxCrashes)
          fail(`DynamoDB Local died ${maxCrashes + 1} times within a minute (${how}); stopping.`);
        console.error(`alliance-portal: DynamoDB Local stopped (${how}); restarting it on the same data.`);
        restart().then(
          () => console.error('alliance-portal: DynamoDB Local is back.'),
          (err: unknown) =>
            fail(
              `DynamoDB Local could not be restarted: ${err instanceof Error ? err.message : String(err)}`,
            ),
        );
      },
    }),
    startS3Local({ directory: resolve(dataDir, localDataEntries.s3), buckets: [localWiring.filesBucket] }),
  ]);
  // Started once the portal serves (below): the mailbox and the notify poller load SMTP and
  // parsing libraries that the start does not need to wait for.
  let mailbox: Mailbox | undefined;
  let notifications: LocalNotifications | undefined;
  const stopAll = async () => {
    await notifications?.stop().catch(() => {});
    await Promise.allSettled([dynamo.stop(), s3.stop(), mailbox?.stop()]);
  };
  try {
    await ensureTable(dynamo.client, localWiring.tableName);
    const seeded = await seedDemoAlliance(
      DynamoDBDocumentClient.from(dynamo.client),
      localWiring.tableName,
      new Date(),
      { s3: localS3Client(s3.endpoint), bucket: localWiring.filesBucket },
    );
    // Data kept from before the directory summary (with UN/LOCODEs), the waterbed's harmonization
    // items and its bulletins naming a port existed gets them now (cheap: the directory, the
    // checklists, their current assessments, one Scan for the published bulletins).
    if (!seeded) {
      const db = DynamoDBDocumentClient.from(dynamo.client);
      await rebuildDirectorySummary(db, localWiring.tableName);
      await rebuildHarmonization(db, localWiring.tableName);
      await rebuildPortNaming(db, localWiring.tableName);
    }
    const baseUrl = `http://localhost:${port}`;
    const issuer = await LocalIssuer.create(`${baseUrl}/local`, resolve(dataDir, localDataEntries.issuerKey));
    const cursorKey = keptSecret(resolve(dataDir, localDataEntries.cursorKey));
    let deps: Deps | undefined;
    const app = localServer({
      dynamo: dynamo.client,
      s3Endpoint: s3.endpoint,
      issuer,
      webDist,
      baseUrl,
      cursorKey,
      mailbox: { messages: () => mailbox?.messages() ?? [] },
      onDeps: (built) => {
        deps = built;
      },
    });
    await loadEverythingNow();
    const server = serve({ fetch: app.fetch, port, hostname: host });
    server.once('listening', () => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      // The warning comes before the ready line: whoever waits for "ready" has read it by then.
      if (host !== loopback)
        console.log(`Listening on ${host} (HOST): anyone who can reach this machine can sign in as anyone.`);
      console.log(
        `Alliance portal ready in ${seconds} s on ${baseUrl}${seeded ? ' (demo alliance seeded)' : ''}`,
      );
      console.log(`Mail the portal sends: ${baseUrl}/local/mail`);
      console.log('Sign in as any demo member there; Ctrl-C stops everything.');
      // The notify job as the Lambda runs it, on this table's stream, mailing through SMTP to the
      // local mailbox (a free port unless MAIL_PORT names one, so portals never collide). Started
      // once the portal serves: catching up with the stream (the seed's events at first) and
      // loading the mail libraries must not slow the start.
      (async () => {
        const [{ startMailbox }, { startLocalNotifications }] = await Promise.all([
          import('./mailbox'),
          import('./notifier'),
        ]);
        mailbox = await startMailbox(process.env.MAIL_PORT ? { port: Number(process.env.MAIL_PORT) } : {});
        notifications = await startLocalNotifications({
          dynamo: dynamo.client,
          tableName: localWiring.tableName,
          deps: deps!,
          mailbox,
          scheduleEveryMs: 60_000,
        });
      })().catch((err: unknown) =>
        console.error(
          `alliance-portal: notifications did not start: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    });
    let stopping = false;
    const shutdown = async () => {
      if (stopping) return;
      stopping = true;
      console.log('\nStopping…');
      // Stop accepting, let requests in flight finish (storage is still up: it runs in its own
      // process group, which the terminal's Ctrl-C does not reach), then stop storage last.
      const closed = new Promise<void>((done) => server.close(() => done()));
      // Keep-alive connections between requests would hold `close` open: end each once it is idle.
      const idle = setInterval(() => (server as HttpServer).closeIdleConnections(), 50);
      (server as HttpServer).closeIdleConnections();
      const drained = await Promise.race([
        closed.then(() => true),
        new Promise<boolean>((done) => setTimeout(() => done(false), drainMs)),
      ]);
      clearInterval(idle);
      if (!drained) {
        console.error(`alliance-portal: requests still running after ${drainMs / 1000} s were cut off.`);
        (server as HttpServer).closeAllConnections();
      }
      await stopAll();
      process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } catch (err) {
    await stopAll();
    throw err;
  }
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
