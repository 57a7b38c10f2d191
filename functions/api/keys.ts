/**
 * Keys the api reads at run time, never from its configuration: the cursor-sealing key and the
 * secret CloudFront sends the API (functions/api/origin.ts). In AWS each is a Secrets Manager
 * secret read with Powertools' parameters utility and cached; a rotation
 * (`aws secretsmanager put-secret-value`, docs/runbooks.md) moves AWSCURRENT to the new value and
 * AWSPREVIOUS to the old one, and both stay valid until the next rotation. At home a fixed pair
 * stands in (functions/local/wiring.ts), behind the same small port.
 */

import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readableVersionStages } from '../settings/environment';

/** The value that seals or is sent now, and the one before the last rotation, still accepted. */
export interface KeyPair {
  current: string;
  previous?: string;
}

/** Where the api's keys come from; cached by the implementation, so cheap to call per request. */
export type KeySource = () => Promise<KeyPair>;

/**
 * A secret's pair, and its current value alone: a check that passes against the current value
 * (the origin secret, nearly every request) needs no read of the previous one.
 */
export interface RotatedSecret extends KeySource {
  current: () => Promise<string>;
}

/** How long a read key is trusted before it is read again: a rotation reaches every Lambda within this. */
export const keyCacheSeconds = 300;

/** A fixed pair, for the local runtime and tests. */
export const fixedKeys =
  (pair: KeyPair): KeySource =>
  async () =>
    pair;

const isMissing = (error: unknown) =>
  (error as { name?: string })?.name === 'ResourceNotFoundException' ||
  (error as { cause?: { name?: string } })?.cause?.name === 'ResourceNotFoundException';

/**
 * One secret's AWSCURRENT and AWSPREVIOUS versions, each through its own Powertools provider (the
 * provider's cache is keyed by name alone, so one provider would hand back one version for both).
 * A secret never rotated has no AWSPREVIOUS: that absence is remembered for as long as a value.
 */
export function secretsManagerKeys(
  secretId: string,
  options: { client?: SecretsManagerClient; now?: () => number } = {},
): RotatedSecret {
  const providers = readableVersionStages.map(
    () => new SecretsProvider(options.client ? { awsSdkV3Client: options.client } : {}),
  );
  const now = options.now ?? Date.now;
  let previousMissingUntil = 0;
  const read = (index: 0 | 1) =>
    providers[index]!.get(secretId, {
      maxAge: keyCacheSeconds,
      // Named explicitly, so the role's condition on the stage always has a value to check.
      sdkOptions: { VersionStage: readableVersionStages[index] },
    }) as Promise<string | undefined>;
  const current = async () => {
    const value = await read(0);
    if (!value) throw new Error(`Secret ${secretId} has no current value`);
    return value;
  };
  const pair = async (): Promise<KeyPair> => {
    const [currentValue, previous] = await Promise.all([
      current(),
      now() < previousMissingUntil
        ? undefined
        : read(1).catch((error: unknown) => {
            if (!isMissing(error)) throw error;
            previousMissingUntil = now() + keyCacheSeconds * 1000;
            return undefined;
          }),
    ]);
    return { current: currentValue, ...(previous && previous !== currentValue ? { previous } : {}) };
  };
  return Object.assign(pair, { current });
}
