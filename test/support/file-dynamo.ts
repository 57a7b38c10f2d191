import { type RunningDynamoDb, startDynamoDbLocal } from '../../functions/local/dynamodb-local';

/**
 * One DynamoDB Local (in memory) per integration test file, started by the file's first portal
 * and stopped when the file ends (test/support/file-dynamo.setup.ts). One instance for the whole
 * run slowed down as the run went on: DynamoDB Local keeps the stream records of earlier tables,
 * dropped or not, and every write costs more with them (`npm run bench --
 * local-storage-history`: twelve tables of 2,000 writes each, made and dropped in turn, take a
 * table's writes from 1.7 s to 9.7 s; docs/benchmarks.md). Late in a CI run a portal's seed took
 * over 120 s and files failed in beforeAll. A fresh instance costs about 1.5 s of start per file.
 */
let running: Promise<RunningDynamoDb> | undefined;

/** This test file's DynamoDB Local endpoint, starting it on first use. */
export async function fileDynamoEndpoint(): Promise<string> {
  running ??= startDynamoDbLocal();
  return (await running).endpoint;
}

/** Stops this file's DynamoDB Local, if it started one. */
export async function stopFileDynamo(): Promise<void> {
  const started = running;
  running = undefined;
  if (started) await (await started).stop();
}
