/**
 * Runs in every integration test file (vitest.config.ts `setupFiles`): when the file's tests and
 * its own afterAll hooks are done (hooks run last-registered first, and this one is registered
 * before any of the file's), the file's DynamoDB Local is stopped (test/support/file-dynamo.ts).
 */
import { afterAll } from 'vitest';
import { stopFileDynamo } from './file-dynamo';

afterAll(stopFileDynamo);
