/**
 * Why each integration test file gets its own DynamoDB Local (test/support/file-dynamo.ts): on one
 * instance, tables made and dropped in turn leave it slower for the next, as one instance for a
 * whole test run did. Twelve cycles of a table (the portal's definition, streams on) with 2,000
 * writes, then dropped; per cycle the time of its writes and the median PutItem after them.
 * Informational: no budget (docs/benchmarks.md).
 *
 * Part of `npm run bench` (default export, see test/bench/run.ts).
 */
import { BatchWriteItemCommand, DeleteTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { type BenchSection, median } from './bench';

const cycles = 12;
const writesPerTable = 2_000;

const section: BenchSection = {
  title: 'DynamoDB Local: tables made and dropped in turn on one instance',
  async run() {
    const dynamo = await startDynamoDbLocal();
    const rows: (string | number)[][] = [];
    try {
      for (let n = 1; n <= cycles; n++) {
        const table = `history-${n}`;
        const started = performance.now();
        await ensureTable(dynamo.client, table);
        for (let i = 0; i < writesPerTable; i += 25) {
          const batch = Array.from({ length: 25 }, (_, j) => ({
            PutRequest: {
              Item: {
                pk: { S: `p${i + j}` },
                sk: { S: 'x' },
                gsi1pk: { S: 'g' },
                gsi1sk: { S: String(i + j) },
                body: { S: 'y'.repeat(200) },
              },
            },
          }));
          await dynamo.client.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } }));
        }
        const filled = performance.now() - started;
        const puts: number[] = [];
        for (let i = 0; i < 15; i++) {
          const at = performance.now();
          await dynamo.client.send(
            new PutItemCommand({ TableName: table, Item: { pk: { S: `q${i}` }, sk: { S: 'x' } } }),
          );
          puts.push(performance.now() - at);
        }
        rows.push([n, `${(filled / 1000).toFixed(1)} s`, `${median(puts).toFixed(1)} ms`]);
        await dynamo.client.send(new DeleteTableCommand({ TableName: table }));
      }
    } finally {
      await dynamo.stop();
    }
    return {
      columns: ['table', `${writesPerTable} writes`, 'PutItem after them (median of 15)'],
      rows,
      budgets: [],
      notes: [
        'Each table is dropped before the next is made, so only what earlier tables wrote differs between rows.',
      ],
    };
  },
};
export default section;
