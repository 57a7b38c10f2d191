import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserPerFile } from '../support/browser';

/**
 * The org admin's webhooks page (issue 15), clicked through in Chromium against the local portal:
 * reached from the organisation's page, a webhook added (its secret shown once), listed, its
 * delivery log opened, removed; axe finds nothing on it in English and French. A contributor is
 * not offered the page. The endpoint is a receiver in this test on 127.0.0.1 (allowed at home).
 */
const pages = browserPerFile();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let receiverUrl = '';
const server = createServer((_req, res) => {
  res.statusCode = 204;
  res.end();
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/e2e-hooks`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function axeViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  const result = (await page.evaluate(
    `(async () => { if (!window.axe) { ${axeSource} } return window.axe.run(document); })()`,
  )) as { violations: { id: string; nodes: { target: unknown[] }[] }[] };
  return result.violations.map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the webhooks page', () => {
  it.each(['en', 'fr'] as const)(
    'lets an org admin add, list, inspect and remove a webhook (%s), axe-clean',
    async (locale) => {
      const page = await pages.open();
      await page.addInitScript((l) => localStorage.setItem('portal.language', l), locale);
      await page.goto('/sign-in');
      await page.getByRole('button', { name: /, ana@antwerp\.example$/ }).click();
      await page.locator('.site-header .who-name').waitFor();
      await page.goto('/organisations/antwerp');
      await page.locator('main a[href="/organisations/antwerp/webhooks"]').click();
      await page.waitForURL('**/organisations/antwerp/webhooks');
      await page.locator('form input[name="url"]').waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.locator('input[name="url"]').fill(receiverUrl);
      await page.locator('input[name="description"]').fill(`E2E ${locale}`);
      await page.locator('form button[type="submit"]').click();
      const secret = page.locator('code.secret');
      await secret.waitFor();
      expect(await secret.textContent()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      const item = page.locator('ul.webhooks li', { hasText: `E2E ${locale}` });
      await item.waitFor();
      expect(await item.textContent()).toContain(receiverUrl);
      await item.locator('button[aria-expanded]').click();
      await item.locator('.empty-state, table').first().waitFor();
      expect(await axeViolations(page)).toEqual([]);

      page.once('dialog', (dialog) => void dialog.accept());
      await item.locator('button:not([aria-expanded])').click();
      await item.waitFor({ state: 'detached' });
      expect(await page.locator('ul.webhooks li', { hasText: `E2E ${locale}` }).count()).toBe(0);
    },
  );

  it('is not offered to a contributor', async () => {
    const page = await pages.openAs('ben@antwerp.example', '/organisations/antwerp');
    await page.locator('main h1').waitFor();
    expect(await page.locator('main a[href="/organisations/antwerp/webhooks"]').count()).toBe(0);
  });
});
