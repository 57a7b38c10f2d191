/**
 * The pipeline's smoke test against a deployed stage (.github/workflows/deploy.yml):
 *
 *   npx tsx infra/scripts/smoke.ts https://d1234.cloudfront.net
 *
 * The site answers, the API answers through CloudFront, the public feed is served. Exits non-zero
 * with one plain line naming what failed.
 */
import { smokeChecks } from './smoke-checks';

const site = process.argv[2];
if (!site?.startsWith('https://')) {
  console.error('Usage: npx tsx infra/scripts/smoke.ts https://<site address>');
  process.exit(2);
}
const failures = await smokeChecks(site);
for (const failure of failures) console.error(failure);
console.log(
  failures.length === 0 ? `${site} passed the smoke test` : `${site} failed ${failures.length} check(s)`,
);
process.exit(failures.length === 0 ? 0 : 1);
