import { expect } from 'vitest';
import { Refusal } from '../../shared/shared-item';

/** What a domain rule threw: a Refusal, so that a test can look at its reason, words and fields. */
export function refusalOf(rule: () => unknown): Refusal {
  let thrown: unknown;
  try {
    rule();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(Refusal);
  return thrown as Refusal;
}
