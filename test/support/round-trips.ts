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
