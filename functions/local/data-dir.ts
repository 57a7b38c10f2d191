import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What `npm start` keeps in its data directory (`.data/` unless DATA_DIR says otherwise); `npm run reset` removes exactly these. */
export const localDataEntries = {
  dynamodb: 'dynamodb',
  s3: 's3',
  issuerKey: 'issuer-key.json',
  /** The cursor sealing key: cursors handed out before a restart still open after it. */
  cursorKey: 'cursor-key',
} as const;

/** A random secret of `bytes` bytes kept in `file` (made on first use, readable by its owner only). */
export function keptSecret(file: string, bytes = 32): Buffer {
  if (existsSync(file)) {
    const kept = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (kept.length >= bytes) return kept;
  }
  const secret = randomBytes(bytes);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret.toString('base64url'), { mode: 0o600 });
  return secret;
}
