import * as z from 'zod';
import { idempotencyKeyRule } from './idempotency';

/** The `Idempotency-Key` header as the routes declare it (and the OpenAPI document shows it). */
export const IdempotencyKeyHeader = z
  .string()
  .regex(idempotencyKeyRule.pattern, idempotencyKeyRule.message)
  .optional();
