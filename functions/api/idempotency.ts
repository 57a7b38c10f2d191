import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  boundedByDeadline,
  currentDeadline,
  isStorageUnavailable,
  remainingMs,
} from '../adapters/bounded-storage';
import type * as Utility from './on-demand/idempotency';
import { conflict, ProblemError } from './problems';

/** Where the idempotency records live, made on first use (with Powertools, see `IdempotentRequests`). */
export type IdempotencyPersistence = () => Promise<BasePersistenceLayer>;

/** Powertools' records in the single table (on-demand/idempotency.ts). */
export const idempotencyPersistence =
  (client: DynamoDBClient, tableName: string): IdempotencyPersistence =>
  async () =>
    (await import('./on-demand/idempotency')).dynamoPersistence(client, tableName);

/** Which retry a request is: the member, the operation on its object, and the `Idempotency-Key` header (checked by `IdempotencyKey` in headers.ts). */
export interface Retry {
  memberId: string;
  operation: string;
  key: string | undefined;
}

interface Payload {
  /** What identifies the retry: who, which operation on which object, which key. */
  key: { memberId: string; operation: string; idempotencyKey: string };
  /** What must be the same on a retry; a different request with a used key is refused. */
  request: unknown;
}

interface Runner {
  run(payload: Payload, work: () => Promise<unknown>): Promise<unknown>;
  registerLambdaContext(context: { getRemainingTimeInMillis(): number }): void;
}

/**
 * Writes that a retry could duplicate run through Powertools' idempotency utility: the first
 * run's result is stored, and a retry with the same `Idempotency-Key` gets it back without
 * running (and writing) again. The utility loads on the first request with a key.
 *
 * Across stalls (docs/faults.md): an attempt's in-progress record expires at its request's
 * deadline (functions/api/middleware/deadline.ts), its work stops there too, and it removes only
 * a record it still owns (on-demand/idempotency.ts). A retry after a 503 therefore runs the work
 * again rather than meeting "in progress", so the work must recognise its own earlier effect (a
 * publish does: functions/api/publish-once.ts).
 */
export class IdempotentRequests {
  private engine?: Promise<{ runner: Runner; errors: typeof Utility }>;

  constructor(
    private readonly persistence: IdempotencyPersistence,
    private readonly expiresAfterSeconds = 24 * 60 * 60,
  ) {}

  private load() {
    // A failed load is tried again by the next request rather than remembered.
    this.engine ??= (async () => {
      const [utility, persistence] = await Promise.all([
        import('./on-demand/idempotency'),
        this.persistence(),
      ]);
      const runner = utility.idempotentRunner<Payload, unknown>(persistence, this.expiresAfterSeconds);
      // Read at each record's write, in that request's own context: its in-progress record
      // expires when its deadline passes, in Lambda and at home alike.
      runner.registerLambdaContext({ getRemainingTimeInMillis: () => Math.max(1, remainingMs()) });
      return { runner, errors: utility };
    })().catch((error: unknown) => {
      this.engine = undefined;
      throw error;
    });
    return this.engine;
  }

  /**
   * Runs `work` once per (member, operation, key) and answers retries with its first result;
   * without a key it simply runs. `request` is what a retry must repeat to reuse the key.
   */
  async once<T>(retry: Retry, request: unknown, work: () => Promise<T>): Promise<T> {
    if (retry.key === undefined) return work();
    const payload: Payload = {
      key: { memberId: retry.memberId, operation: retry.operation, idempotencyKey: retry.key },
      request: request ?? null,
    };
    const { runner, errors } = await this.load();
    try {
      // What the runner stores and gives back is exactly what `work` resolved to. The work ends at
      // the deadline: finishing later, it would complete a record another attempt may own by then.
      return (await errors.asAttempt(() => runner.run(payload, () => boundedByDeadline(work())))) as T;
    } catch (err) {
      if (err instanceof ProblemError) throw err;
      // Powertools wraps a failed record write; storage that did not answer is a 503, as anywhere.
      const cause = err instanceof errors.IdempotencyPersistenceLayerError ? err.cause : err;
      if (isStorageUnavailable(cause)) {
        // Our in-progress record may yet be written (storage holds the call) and stands until the
        // deadline: the 503 leaves no earlier, so the client's retry always finds it expired
        // rather than being told "in progress" because of this very attempt.
        await deadlinePassed();
        throw cause;
      }
      if (err instanceof errors.IdempotencyValidationError) {
        throw new ProblemError(
          422,
          'Unprocessable content',
          'This Idempotency-Key was used for a different request; use a new key.',
          [{ field: 'Idempotency-Key', message: 'used for a different request' }],
        );
      }
      if (err instanceof errors.IdempotencyAlreadyInProgressError) {
        throw conflict('A request with this Idempotency-Key is still in progress; retry shortly.');
      }
      throw err;
    }
  }
}

/** Resolves when the current request's deadline has passed (at once outside a request). */
function deadlinePassed(): Promise<void> {
  const deadline = currentDeadline();
  if (!deadline || deadline.signal.aborted) return Promise.resolve();
  return new Promise((done) => deadline.signal.addEventListener('abort', () => done(), { once: true }));
}
