import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { inject } from 'vitest';
import { localCredentials, localRegion } from '../../functions/local/dynamodb-local';
import type { TestPortal } from './portal';

/**
 * A portal table's stream read by hand, for tests that hand a job its records themselves (no
 * poller, no waiting): each call returns the records not returned before, in stream order.
 */
export function streamReader(portal: Pick<TestPortal, 'dynamo' | 'tableName'>) {
  const streams = new DynamoDBStreamsClient({
    endpoint: inject('dynamoEndpoint'),
    region: localRegion,
    credentials: localCredentials,
  });
  const seen = new Set<string>();
  return {
    async fresh(): Promise<DynamoDBRecord[]> {
      const { Table } = await portal.dynamo.send(new DescribeTableCommand({ TableName: portal.tableName }));
      const arn = Table!.LatestStreamArn!;
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
      const out: DynamoDBRecord[] = [];
      for (const shard of StreamDescription?.Shards ?? []) {
        let { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: arn,
            ShardId: shard.ShardId!,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        while (ShardIterator) {
          const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
          const records = page.Records ?? [];
          for (const r of records) {
            const seq = r.dynamodb?.SequenceNumber ?? '';
            if (seen.has(seq)) continue;
            seen.add(seq);
            out.push(r as unknown as DynamoDBRecord);
          }
          if (records.length === 0) break;
          ShardIterator = page.NextShardIterator;
        }
      }
      return out;
    },
    close: () => streams.destroy(),
  };
}
