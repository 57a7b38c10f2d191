import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'hono';
import * as z from 'zod';
import { keys, tableDefinition } from '../../shared';
import type { AppEnv } from './env';
import { badRequest, conflict, ProblemError } from './problems';

/** Powertools' records in the single table: `IDEMPOTENCY` / hashed key, expiring through `expiresAt`. */
export function idempotencyPersistence(client: DynamoDBClient, tableName: string) {
  return new DynamoDBPersistenceLayer({
    tableName,
    awsSdkV3Client: client,
    keyAttr: tableDefinition.partitionKey,
    sortKeyAttr: tableDefinition.sortKey,
    staticPkValue: keys.idempotencyPartition,
    expiryAttr: tableDefinition.timeToLiveAttribute,
  });
}

/** The header clients send; printable, bounded, so it cannot bloat the hashed payload. */
export const IdempotencyKeyHeader = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,128}$/, '8–128 letters, digits, dots, dashes, colons or underscores')
  .optional();

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

/**
 * Writes that a retry could duplicate run through Powertools' idempotency utility: the first
 * run's result is stored, and a retry with the same `Idempotency-Key` gets it back without
 * running (and writing) again.
 */
/** How long a request may take at most (the api Lambda's timeout). */
const requestTimeoutMillis = 10_000;

export class IdempotentRequests {
  private readonly run: (
    payload: Payload,
    work: () => Promise<IdempotentResult>,
  ) => Promise<IdempotentResult>;

  private readonly config: IdempotencyConfig;

  constructor(persistence: BasePersistenceLayer, expiresAfterSeconds = 24 * 60 * 60) {
    this.config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      payloadValidationJmesPath: 'request',
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds,
    });
    // Outside Lambda, an in-progress record expires after a request's worst case, so a crash
    // mid-request does not block its key for a day; in Lambda each invocation registers its own.
    this.registerLambdaContext({ getRemainingTimeInMillis: () => requestTimeoutMillis });
    this.run = makeIdempotent(async (_payload: Payload, work: () => Promise<IdempotentResult>) => work(), {
      persistenceStore: persistence,
      // One constant prefix: the persistence layer keeps it as state shared by concurrent requests.
      keyPrefix: 'alliance-api',
      dataIndexArgument: 0,
      config: this.config,
    });
  }

  /** In Lambda, the invocation's context: an in-progress record then expires with the invocation. */
  registerLambdaContext(context: { getRemainingTimeInMillis(): number }) {
    this.config.registerLambdaContext(context as Parameters<IdempotencyConfig['registerLambdaContext']>[0]);
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
    const parsed = IdempotencyKeyHeader.safeParse(header);
    if (!parsed.success || !parsed.data) {
      throw badRequest('The Idempotency-Key header is malformed.', [
        { field: 'Idempotency-Key', message: parsed.error?.issues[0]?.message ?? 'invalid' },
      ]);
    }
    const payload: Payload = {
      key: { memberId: c.get('viewer').memberId, operation, idempotencyKey: parsed.data },
      request: request ?? null,
    };
    try {
      return await this.run(payload, work);
    } catch (err) {
      if (err instanceof ProblemError) throw err;
      if (err instanceof IdempotencyValidationError) {
        throw new ProblemError(
          422,
          'Unprocessable content',
          'This Idempotency-Key was used for a different request; use a new key.',
          [{ field: 'Idempotency-Key', message: 'used for a different request' }],
        );
      }
      if (err instanceof IdempotencyAlreadyInProgressError) {
        throw conflict('A request with this Idempotency-Key is still in progress; retry shortly.');
      }
      throw err;
    }
  }
}
