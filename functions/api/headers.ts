import * as z from 'zod';

/**
 * The request headers routes declare, spelled once: zod checks them, and routes read the checked
 * values with `c.req.valid('header')` instead of parsing `c.req.header()` again.
 */

/** `If-Match: "3"` (or `W/"3"`, or `3`): the revision the client last saw; absent means "whatever is current". */
export const IfMatch = z
  .string()
  .regex(/^(W\/)?"?\d{1,9}"?$/, 'the revision as an ETag, such as "3"')
  .optional();

/** The revision an `If-Match` header names (it has passed `IfMatch`), or undefined without one. */
export const revisionNamed = (ifMatch: string | undefined): number | undefined =>
  ifMatch === undefined ? undefined : Number(ifMatch.replace(/^W\//, '').replaceAll('"', ''));

/** The header clients send on retriable writes; printable, bounded, so it cannot bloat the hashed payload. */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,128}$/, '8–128 letters, digits, dots, dashes, colons or underscores')
  .optional();

export const ifMatchHeaders = z.object({ 'if-match': IfMatch });
export const idempotencyHeaders = z.object({ 'idempotency-key': IdempotencyKey });
export const writeHeaders = z.object({ 'if-match': IfMatch, 'idempotency-key': IdempotencyKey });
