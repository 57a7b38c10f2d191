process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { BatchWriteItemCommand, PutItemCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';
const d = await startDynamoDbLocal();
const median = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
async function fill(t: string, n: number) {
  for (let i = 0; i < n; i += 25)
    await d.client.send(new BatchWriteItemCommand({ RequestItems: { [t]: Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: { pk: { S: `p${i + j}` }, sk: { S: 'x' }, gsi1pk: { S: 'g' }, gsi1sk: { S: `${i + j}` }, v: { S: 'y'.repeat(200) } } } })) } }));
}
async function probe(t: string) {
  const g: number[] = [];
  for (let i = 0; i < 15; i++) { const t0 = performance.now(); await d.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: `q${i}` }, sk: { S: 'x' } } })); g.push(performance.now() - t0); }
  return median(g).toFixed(2);
}
const keep = process.argv[2] === 'keep';
for (let n = 0; n < 12; n++) {
  const t = `table${n}`;
  const t0 = performance.now();
  await ensureTable(d.client, t);
  await fill(t, 2000);
  console.log(`${keep ? 'keep' : 'delete'} ${n + 1}: fill ${((performance.now() - t0) / 1000).toFixed(1)} s, put ${await probe(t)} ms`);
  if (!keep) await d.client.send(new DeleteTableCommand({ TableName: t }));
}
await d.stop();
