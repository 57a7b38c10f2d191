import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { streamsClientOf } from '../../functions/local/stream-poller';
import type { TestPortal } from './portal';

/**
 * A portal table's stream read by hand, for tests that hand a job its records themselves (no
 * poller, no waiting): each call returns the records not returned before, in stream order. Each
 * shard is read on from the last record returned (AFTER_SEQUENCE_NUMBER), 100 at a time as the
 * local poller reads (functions/local/stream-poller.ts): re-reading from TRIM_HORIZON grew with
 * the stream, and DynamoDB Local once left such a read unanswered after some 2,700 records.
 */
export function streamReader(portal: Pick<TestPortal, 'dynamo' | 'tableName'>) {
  // The portal's own DynamoDB Local (test/support/file-dynamo.ts), made with the first read.
  let client: Promise<DynamoDBStreamsClient> | undefined;
  const streamsClient = () => {
    client ??= streamsClientOf(portal.dynamo);
    return client;
  };
  /** The last sequence number returned, per shard. */
  const lastOf = new Map<string, string>();
  return {
    async fresh(): Promise<DynamoDBRecord[]> {
      const { Table } = await portal.dynamo.send(new DescribeTableCommand({ TableName: portal.tableName }));
      const arn = Table!.LatestStreamArn!;
      const streams = await streamsClient();
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
      const out: DynamoDBRecord[] = [];
      for (const shard of StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId!;
        const last = lastOf.get(shardId);
        let { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: arn,
            ShardId: shardId,
            ...(last
              ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: last }
              : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        );
        while (ShardIterator) {
          const page = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 100 }));
          const records = page.Records ?? [];
          if (records.length === 0) break;
          out.push(...(records as unknown as DynamoDBRecord[]));
          lastOf.set(shardId, records[records.length - 1]!.dynamodb!.SequenceNumber!);
          ShardIterator = page.NextShardIterator;
        }
      }
      return out;
    },
    close: () => {
      void client?.then((streams) => streams.destroy());
    },
  };
}
