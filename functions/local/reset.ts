/**
 * `npm run reset`: forgets everything the local portal stored (DynamoDB Local's files, s3rver's
 * objects, the local issuer's key) so the next `npm start` seeds a fresh demo alliance.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { localDataEntries } from './data-dir';

const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const shown = relative(process.cwd(), dataDir) || dataDir;

/** What `npm start` writes there; anything else means DATA_DIR points somewhere we must not wipe. */
const ours = new Set<string>(Object.values(localDataEntries));

if (!existsSync(dataDir)) {
  console.log(`Nothing to reset: ${shown} does not exist. The next npm start seeds the demo alliance.`);
  process.exit(0);
}
const strangers = readdirSync(dataDir).filter((entry) => !ours.has(entry));
if (strangers.length > 0) {
  console.error(
    `alliance-portal: ${shown} holds ${strangers.slice(0, 3).join(', ')}${strangers.length > 3 ? ', …' : ''}, which the portal did not write; not removing it.`,
  );
  process.exit(1);
}
rmSync(dataDir, { recursive: true, force: true });
console.log(`Removed ${shown}: the local data is gone; the next npm start seeds a fresh demo alliance.`);
