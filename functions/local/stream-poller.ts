/**
 * At home, the table's stream is read in-process, the way Lambda's event source mapping reads it
 * in AWS: every shard from its oldest record, one batch at a time, handed to the same
 * `notifyFromStream` the notify Lambda calls (functions/jobs/notify.ts). A batch that fails at a
 * record is read again from that record, as Lambda does with ReportBatchItemFailures. Never in a
 * request: the API only writes its transaction, and this picks the event up afterwards.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

export interface StreamPoller {
  /** Resolves once every shard has been read to its end at least once after this call. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface StreamPollerOptions {
  dynamo: DynamoDBClient;
  tableName: string;
  /** Handles one batch; names the record to start again from when it failed at one. */
  handle: (records: DynamoDBRecord[]) => Promise<{ failedSequenceNumber?: string }>;
  /** Pause between reads of an empty stream (ms). */
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A streams client on the same endpoint, region and credentials as the table's client. */
export async function streamsClientOf(dynamo: DynamoDBClient) {
  const config = dynamo.config;
  const endpoint = config.endpoint ? await config.endpoint() : undefined;
  return new DynamoDBStreamsClient({
    region: await config.region(),
    credentials: await config.credentials(),
    ...(endpoint
      ? {
          endpoint: `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path}`,
        }
      : {}),
  });
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const intervalMs = options.intervalMs ?? 200;
  const streams = await streamsClientOf(options.dynamo);
  const { Table } = await options.dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);

  /** Per shard: where to read next (null: the shard is closed and read to its end). */
  const iterators = new Map<string, string | null>();
  let running = true;
  let rounds = 0;
  const roundWaiters: { after: number; resolve: () => void }[] = [];

  const iteratorOf = async (input: Omit<GetShardIteratorCommandInput, 'StreamArn'>) =>
    (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ...input }))).ShardIterator ??
    null;

  async function discoverShards() {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      iterators.set(
        shard.ShardId,
        await iteratorOf({ ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
    }
  }

  /** Reads every open shard once; true when any record came. */
  async function round() {
    let any = false;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const { Records = [], NextShardIterator } = await streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }),
      );
      if (Records.length === 0) {
        iterators.set(shardId, NextShardIterator ?? null);
        continue;
      }
      any = true;
      const { failedSequenceNumber } = await options.handle(Records as unknown as DynamoDBRecord[]);
      iterators.set(
        shardId,
        failedSequenceNumber
          ? await iteratorOf({
              ShardId: shardId,
              ShardIteratorType: 'AT_SEQUENCE_NUMBER',
              SequenceNumber: failedSequenceNumber,
            })
          : (NextShardIterator ?? null),
      );
    }
    return any;
  }

  const loop = (async () => {
    while (running) {
      let any = false;
      try {
        // Locally DescribeStream is cheap: a shard that opened since the last round is read at once.
        await discoverShards();
        any = await round();
      } catch (error) {
        options.onError?.(error);
      }
      if (!any) {
        rounds += 1;
        for (const waiter of roundWaiters.filter((w) => rounds > w.after)) {
          roundWaiters.splice(roundWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
        await sleep(intervalMs);
      }
    }
  })();

  return {
    idle: () =>
      new Promise<void>((resolve) => {
        // Two empty rounds after now: the round running at this moment may have started before
        // the write the caller waits for.
        roundWaiters.push({ after: rounds + 1, resolve });
      }),
    async stop() {
      running = false;
      // A read of a paused or dead DynamoDB Local never ends: stopping waits a second at most.
      await Promise.race([loop, sleep(1_000)]);
      for (const waiter of roundWaiters.splice(0)) waiter.resolve();
      streams.destroy();
    },
  };
}
