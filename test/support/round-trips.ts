import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Counts DynamoDB round trips made through a client (every command the SDK sends, by name), so
 * tests and benchmarks can hold endpoints to docs/decisions.md: reads ≤ 2, writes one transaction, no Scan.
 */
export function countRoundTrips(client: DynamoDBClient) {
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName ?? 'unknown').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'allianceRoundTripCounter', override: true },
  );
  return {
    /** Runs `work` and returns the commands it sent. */
    async during<T>(work: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
      const start = commands.length;
      const result = await work();
      return { result, commands: commands.slice(start) };
    },
    get all() {
      return [...commands];
    },
  };
}

let holds = 0;

/**
 * Holds the next command sent through `client` that `matches` (by command name and input) until
 * `release()`: a request can be stopped between its read and its write, another run to the end
 * meanwhile, and the first let go. Interleavings that a race would produce only sometimes happen
 * on every run this way. The hold removes itself once it has caught a command.
 */
export function holdNext(client: DynamoDBClient, matches: (command: string, input: unknown) => boolean) {
  const name = `allianceHold${++holds}`;
  let reached!: () => void;
  let release!: () => void;
  const reachedP = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let caught = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? '').replace(/Command$/, '');
      if (!caught && matches(command, args.input)) {
        caught = true;
        client.middlewareStack.remove(name);
        reached();
        await released;
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { reached: reachedP, release };
}
