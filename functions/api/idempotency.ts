import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'hono';
import type { AppEnv } from './env';
import type * as Utility from './on-demand/idempotency';
import { badRequest, conflict, ProblemError } from './problems';

/** Where the idempotency records live, made on first use (with Powertools, see `IdempotentRequests`). */
export type IdempotencyPersistence = () => Promise<BasePersistenceLayer>;

/** Powertools' records in the single table (on-demand/idempotency.ts). */
export const idempotencyPersistence =
  (client: DynamoDBClient, tableName: string): IdempotencyPersistence =>
  async () =>
    (await import('./on-demand/idempotency')).dynamoPersistence(client, tableName);

/**
 * The header clients send; printable, bounded, so it cannot bloat the hashed payload. Checked here
 * without zod (the api's cold start does not load it); idempotency-header.ts is its zod schema.
 */
export const idempotencyKeyRule = {
  pattern: /^[A-Za-z0-9._:-]{8,128}$/,
  message: '8–128 letters, digits, dots, dashes, colons or underscores',
} as const;

export interface IdempotentResult {
  status: 200 | 201;
  body: unknown;
}

interface Payload {
  /** What identifies the retry: who, which operation on which object, which key. */
  key: { memberId: string; operation: string; idempotencyKey: string };
  /** What must be the same on a retry; a different request with a used key is refused. */
  request: unknown;
}

/** How long a request may take at most (the api Lambda's timeout). */
const requestTimeoutMillis = 10_000;

type RemainingTime = { getRemainingTimeInMillis(): number };

interface Runner {
  run(payload: Payload, work: () => Promise<IdempotentResult>): Promise<IdempotentResult>;
  registerLambdaContext(context: RemainingTime): void;
}

/**
 * Writes that a retry could duplicate run through Powertools' idempotency utility: the first
 * run's result is stored, and a retry with the same `Idempotency-Key` gets it back without
 * running (and writing) again. The utility loads on the first request with a key.
 */
export class IdempotentRequests {
  private engine?: Promise<{ runner: Runner; errors: typeof Utility }>;

  // Outside Lambda, an in-progress record expires after a request's worst case, so a crash
  // mid-request does not block its key for a day; in Lambda each invocation registers its own.
  private context: RemainingTime = { getRemainingTimeInMillis: () => requestTimeoutMillis };

  constructor(
    private readonly persistence: IdempotencyPersistence,
    private readonly expiresAfterSeconds = 24 * 60 * 60,
  ) {}

  /** In Lambda, the invocation's context: an in-progress record then expires with the invocation. */
  registerLambdaContext(context: RemainingTime) {
    this.context = context;
  }

  private load() {
    // A failed load is tried again by the next request rather than remembered.
    this.engine ??= (async () => {
      const [utility, persistence] = await Promise.all([
        import('./on-demand/idempotency'),
        this.persistence(),
      ]);
      const runner = utility.idempotentRunner<Payload, IdempotentResult>(
        persistence,
        this.expiresAfterSeconds,
      );
      return { runner, errors: utility };
    })().catch((error: unknown) => {
      this.engine = undefined;
      throw error;
    });
    return this.engine;
  }

  /** Runs `work` once per (member, operation, key); without a key it simply runs. */
  async once(
    c: Context<AppEnv>,
    operation: string,
    request: unknown,
    work: () => Promise<IdempotentResult>,
  ): Promise<IdempotentResult> {
    const header = c.req.header('idempotency-key');
    if (header === undefined) return work();
    if (!idempotencyKeyRule.pattern.test(header)) {
      throw badRequest('The Idempotency-Key header is malformed.', [
        { field: 'Idempotency-Key', message: idempotencyKeyRule.message },
      ]);
    }
    const payload: Payload = {
      key: { memberId: c.get('viewer').memberId, operation, idempotencyKey: header },
      request: request ?? null,
    };
    const { runner, errors } = await this.load();
    runner.registerLambdaContext(this.context);
    try {
      return await runner.run(payload, work);
    } catch (err) {
      if (err instanceof ProblemError) throw err;
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
