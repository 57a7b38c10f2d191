/**
 * Runs in every integration test file (vitest.config.ts `setupFiles`): when the file's tests and
 * its own afterAll hooks are done (hooks run last-registered first, and this one is registered
 * before any of the file's), its tables are dropped from the run's shared DynamoDB Local.
 */
import { afterAll } from 'vitest';
import { dropTablesOfThisFile } from './portal';

afterAll(dropTablesOfThisFile);
