import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../../functions/local/dynamodb-local';

/** The local entry point as `npm start` runs it (after building the frontend). */
export const localEntry = resolve('functions/local/main.ts');
/**
 * How package.json runs a TypeScript entry: node itself with tsx's loader. Not the `tsx` command,
 * which runs node as a child and, on a loaded machine, turns Ctrl-C into exit 130 when that child
 * has not answered its signal relay within 30 ms.
 */
export const runTypeScript = (entry: string): [string, string[]] => [
  process.execPath,
  ['--import', 'tsx', entry],
];

export interface PortalProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output: () => string;
  /**
   * Ctrl-C, as a terminal sends it: SIGINT to the portal's whole process group. Resolves with the
   * exit code once the process has gone.
   */
  stop: () => Promise<number | null>;
}

export interface StartOptions {
  /** A fixed port; without one a free port is picked (and another if someone takes it first). */
  port?: number;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the "ready" line; start-up takes a few seconds. */
  readyWithinMs?: number;
}

/**
 * Spawns the local portal and resolves once it prints its "ready" line; rejects if it exits first.
 * A port picked here can be grabbed by another process (other test runs, outgoing connections)
 * before the portal binds it, so then it tries again with another.
 */
export async function startPortalProcess(options: StartOptions): Promise<PortalProcess> {
  if (options.port !== undefined) return spawnPortal({ ...options, port: options.port });
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnPortal({ ...options, port: await freePort() });
    } catch (err) {
      if (attempt >= 3 || !/port \d+ is taken/.test(String(err))) throw err;
    }
  }
}

function spawnPortal(options: StartOptions & { port: number }): Promise<PortalProcess> {
  const [command, args] = runTypeScript(localEntry);
  const child = spawn(command, args, {
    env: { ...process.env, PORT: String(options.port), DATA_DIR: options.dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, like a command started at a terminal, so `stop` can send the
    // terminal's Ctrl-C to all of it and nothing else.
    detached: true,
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group has gone
    }
  };
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup('SIGINT');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    }
    return child.exitCode;
  };
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      void stop();
      fail(new Error(`the portal did not start within ${options.readyWithinMs ?? 60_000} ms:\n${output}`));
    }, options.readyWithinMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready in [\d.]+ s on /.test(output)) {
        clearTimeout(timer);
        done({ url: `http://127.0.0.1:${options.port}`, child, output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`the portal exited (${code}) before it was ready:\n${output}`));
    });
  });
}
