/**
 * Bounded calls to DynamoDB and S3 (docs/faults.md): every call of an SDK client configured with
 * `boundedClientConfig` (a) gives up when the request's deadline passes (the API's deadline
 * middleware runs each request inside `withinDeadline`), (b) waits at most
 * `deadlines.storageConnectMs` for a connection and `deadlines.storageAttemptMs` for an answer,
 * (c) retries with backoff only where a retry cannot write twice or mislead, and only while the
 * deadline leaves time, and (d) fails with `StorageUnavailableError` (503 + Retry-After) when
 * storage timed out, refused or throttled, instead of an SDK error that would be a 500.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type {
  HttpHandlerOptions,
  MiddlewareStack,
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
} from '@smithy/types';
import { StorageUnavailableError } from '../ports/errors';
import { deadlines } from '../settings/deadlines';

/** The request's deadline: the epoch millisecond it ends at, and the signal that fires then. */
export interface Deadline {
  at: number;
  signal: AbortSignal;
}

const requestDeadline = new AsyncLocalStorage<Deadline>();
/** The storage call in progress (its SDK command name), for the retry decision. */
const currentCall = new AsyncLocalStorage<string>();

/** Runs `work` (a request) under `deadline`: every bounded storage call inside gives up by then. */
export const withinDeadline = <T>(deadline: Deadline, work: () => Promise<T>): Promise<T> =>
  requestDeadline.run(deadline, work);

/** The deadline of the request running now, if any (jobs and start-up have none). */
export const currentDeadline = (): Deadline | undefined => requestDeadline.getStore();

/** Milliseconds left before the current request's deadline (never below 0), else `fallback`. */
export function remainingMs(fallback: number = deadlines.requestMs): number {
  const deadline = requestDeadline.getStore();
  return deadline ? Math.max(0, deadline.at - Date.now()) : fallback;
}

/**
 * Resolves or rejects as `work` does, or rejects with `StorageUnavailableError` when the current
 * request's deadline passes first: what runs after that would answer nobody.
 */
export function boundedByDeadline<T>(work: Promise<T>, store: 'table' | 'files' = 'table'): Promise<T> {
  const deadline = requestDeadline.getStore();
  if (!deadline) return work;
  const { signal } = deadline;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(new StorageUnavailableError(store));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StorageUnavailableError(store));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Socket-level failures: the call never got an answer. */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Names the SDKs give to throttling, timeouts and aborted calls, DynamoDB's and S3's. */
const unavailableNames = new Set([
  // A transaction whose earlier attempt is still being applied: done in a moment (see mayRetry).
  'TransactionInProgressException',
  'TimeoutError',
  'AbortError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
  'ServiceUnavailable',
  'InternalServerError',
  'InternalError',
]);

/** True for an error that says storage is slow, gone or busy rather than that the call was wrong. */
export function isStorageUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && unreachableCodes.has(code)) return true;
  if (unavailableNames.has(err.name)) return true;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

/** Calls that only read: retried on any retryable failure. */
const readCalls = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'TransactGetItemsCommand',
  'DescribeTableCommand',
  'ListTablesCommand',
  'GetObjectCommand',
  'HeadObjectCommand',
  'HeadBucketCommand',
  'ListObjectsV2Command',
]);

/**
 * Writes that may run twice with the same effect: a TransactWriteItems carries a
 * ClientRequestToken (functions/adapters/dynamodb/transact.ts), which DynamoDB uses to answer a
 * repeat as the first; deleting an S3 object twice leaves it deleted.
 */
const repeatableWrites = new Set(['TransactWriteItemsCommand', 'DeleteObjectCommand']);

/**
 * Whether one more attempt is safe. A throttled or refused call never ran, so anything may be
 * sent again. A call that timed out or failed with a 5xx may have been applied: a conditional
 * PutItem/UpdateItem sent again would then fail its own condition and be told "changed
 * meanwhile", so only reads and repeatable writes are retried then.
 */
function mayRetry(command: string | undefined, info: RetryErrorInfo): boolean {
  // An earlier attempt of this very transaction (same ClientRequestToken) is still being applied,
  // as after a pause: once it is done, the repeat is answered with its result.
  if (info.error?.name === 'TransactionInProgressException') return true;
  if (info.errorType === 'CLIENT_ERROR') return false;
  if (neverSent(info)) return true;
  if (info.error?.name === 'AbortError') return false;
  return command !== undefined && (readCalls.has(command) || repeatableWrites.has(command));
}

/** Throttled, refused, or no connection within `storageConnectMs`: storage never saw the call. */
function neverSent(info: RetryErrorInfo): boolean {
  if (info.errorType === 'THROTTLING') return true;
  const error = info.error as { code?: unknown; message?: unknown } | undefined;
  return (
    error?.code === 'ECONNREFUSED' ||
    // @smithy/node-http-handler's connection timeout (a TimeoutError named by its message only).
    (typeof error?.message === 'string' && error.message.includes('did not establish a connection'))
  );
}

const retryToken = (count: number, delay: number): RetryToken => ({
  getRetryCount: () => count,
  getRetryDelay: () => delay,
});

/**
 * Backoff with full jitter, at most `deadlines.storageMaxAttempts` attempts, and never an attempt
 * that would start too late to finish before the request's deadline.
 */
export function boundedRetryStrategy(): RetryStrategyV2 {
  return {
    async acquireInitialRetryToken() {
      return retryToken(0, 0);
    },
    async refreshRetryTokenForRetry(token, info) {
      const attempts = token.getRetryCount() + 1;
      const deadline = requestDeadline.getStore();
      // Outside a request nobody waits on a deadline: a call that never reached storage may be
      // tried a few more times (start-up under load); anything else keeps to the usual limit.
      const limit =
        !deadline && neverSent(info) ? deadlines.storageBackgroundMaxAttempts : deadlines.storageMaxAttempts;
      if (attempts >= limit || !mayRetry(currentCall.getStore(), info)) {
        throw info.error ?? new Error('no retry');
      }
      const ceiling = Math.min(deadlines.retryCapMs, deadlines.retryBaseMs * 2 ** attempts);
      const delay = Math.round(Math.random() * ceiling);
      // An attempt needs a moment to be worth sending; a retry after the deadline helps nobody.
      if (deadline && Date.now() + delay + deadlines.retryBaseMs >= deadline.at) {
        throw info.error ?? new Error('deadline');
      }
      return retryToken(attempts, delay);
    },
    recordSuccess() {},
  };
}

/**
 * The SDK's Node handler with both timeouts, and each attempt cut off at the request's deadline:
 * its abort signal joins the caller's, and its answer timeout shrinks to the time left.
 */
class BoundedHttpHandler extends NodeHttpHandler {
  override handle(request: Parameters<NodeHttpHandler['handle']>[0], options: HttpHandlerOptions = {}) {
    const deadline = requestDeadline.getStore();
    if (!deadline) return super.handle(request, options);
    const signals = [deadline.signal, options.abortSignal].filter(
      (s): s is AbortSignal => s instanceof AbortSignal,
    );
    return super.handle(request, {
      ...options,
      abortSignal: signals.length > 1 ? AbortSignal.any(signals) : deadline.signal,
      requestTimeout: Math.max(1, Math.min(deadlines.storageAttemptMs, deadline.at - Date.now())),
    });
  }
}

/** What a DynamoDB or S3 client needs to be bounded (spread into its config). */
export function boundedClientConfig() {
  return {
    requestHandler: new BoundedHttpHandler({
      connectionTimeout: deadlines.storageConnectMs,
      // Outside a request; inside one, `handle` above cuts each attempt to `storageAttemptMs`.
      requestTimeout: deadlines.storageBackgroundAttemptMs,
      // Without it the handler only logs a warning when the answer is late.
      throwOnRequestTimeout: true,
    }),
    retryStrategy: boundedRetryStrategy(),
    maxAttempts: deadlines.storageMaxAttempts,
  };
}

/**
 * Names each call for the retry decision and turns "storage is unavailable" errors into the
 * domain's `StorageUnavailableError`; other errors (a failed condition, a missing key) pass
 * unchanged, so callers that check for them (Powertools among them) see what they expect.
 */
export function mapStorageErrors<Input extends object, Output extends object>(
  stack: MiddlewareStack<Input, Output>,
  store: 'table' | 'files',
): void {
  stack.add(
    (next, context) => async (args) => {
      try {
        return await currentCall.run(String(context.commandName ?? ''), () => next(args));
      } catch (err) {
        if (isStorageUnavailable(err) && !(err instanceof StorageUnavailableError)) {
          throw new StorageUnavailableError(store, { cause: err });
        }
        throw err;
      }
    },
    { step: 'initialize', priority: 'high', name: 'allianceStorageErrors', override: true },
  );
}
