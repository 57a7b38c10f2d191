import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

/** docs/decisions.md: the first load (JS + CSS that index.html pulls in) stays within 80 KB gzip. */
const budgetBytes = 80 * 1024;
const dist = resolve('web/dist');

it('keeps the first load of the built frontend within 80 KB gzip', () => {
  const html = readFileSync(resolve(dist, 'index.html'), 'utf8');
  // Entry script, stylesheets and module preloads: what the browser fetches before any page chunk.
  const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
  expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
  const gzipped = assets.map((a) => gzipSync(readFileSync(resolve(dist, a)), { level: 9 }).length);
  const total = gzipped.reduce((sum, n) => sum + n, 0);
  console.log(`first load: ${assets.join(' + ')} = ${(total / 1024).toFixed(1)} KB gzip`);
  expect(total).toBeLessThanOrEqual(budgetBytes);
});
