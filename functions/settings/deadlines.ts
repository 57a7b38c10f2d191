/**
 * How long the API waits for storage, and how much it takes on at once (docs/faults.md). Every
 * bound in functions/api/middleware/deadline.ts, functions/api/middleware/load-shedding.ts and
 * functions/adapters/bounded-storage.ts comes from here.
 */
export const deadlines = {
  /**
   * A request ends by then: with its answer, or with 503 and `Retry-After` when storage did not
   * answer. About three times the slowest p99 measured locally (890 ms at 50 clients,
   * docs/benchmarks.md), half the 6 s a client is promised, well inside the api Lambda's 10 s.
   */
  requestMs: 3_000,
  /**
   * In Lambda the deadline is also the invocation's remaining time less this, so the 503 leaves
   * before Lambda cuts the invocation off (which API Gateway would answer with a bare 500/503).
   */
  lambdaMarginMs: 500,
  /** Opening a connection to DynamoDB or S3: a refused or black-holed host fails fast. */
  storageConnectMs: 1_000,
  /**
   * One attempt of one call with no answer (a paused server, a slow partition): long enough for
   * any single call seen under load, short enough to leave a read time for one more attempt.
   */
  storageAttemptMs: 1_500,
  /**
   * One attempt's answer outside any request (start-up, seeding, table creation at home): nobody
   * is waiting on a deadline there, and a cold DynamoDB Local may take seconds to create a table.
   */
  storageBackgroundAttemptMs: 30_000,
  /** Attempts of one call in all, within the request's deadline (functions/adapters/bounded-storage.ts). */
  storageMaxAttempts: 3,
  /**
   * Attempts outside a request, of a call that never reached storage (refused, throttled, or no
   * connection in time): start-up seeds with dozens of writes at once on a machine that may be busy.
   */
  storageBackgroundMaxAttempts: 8,
  /** Backoff between attempts: full jitter on base · 2ⁿ, capped. */
  retryBaseMs: 50,
  retryCapMs: 400,
  /** What a client is told to wait before trying again when storage did not answer. */
  storageRetryAfterSeconds: 2,
  /**
   * Requests one server process works on at once; beyond it the API answers 503 at once rather
   * than queueing them inside the SDK (a Lambda instance only ever has one).
   */
  maxInFlight: 64,
  /** What a client turned away by load shedding is told to wait. */
  overloadedRetryAfterSeconds: 1,
} as const;
