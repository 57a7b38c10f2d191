import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

/**
 * Chromium for the e2e tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download, works offline). Typical use in a test file:
 *
 *   let browser: Browser;
 *   beforeAll(async () => { browser = await launchBrowser(); });
 *   afterAll(() => browser.close());
 *
 *   it('…', async () => {
 *     const page = await newPage(browser);            // fresh cookies and storage
 *     await signInAs(page, 'ana@antwerp.example');    // through the real sign-in page
 *     await page.getByRole('link', { name: 'Directory' }).click();
 *   });
 *
 * All e2e files share one running portal (see portal.setup.ts) and its seeded demo alliance:
 * give what you create unique names (`unique('Bulletin')`) so tests stay independent.
 */

/** Flags for Chromium in a container: no sandbox, no GPU, nothing that would reach the network. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches Chromium with a fresh temporary profile (playwright makes and removes it). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/** The running portal's address, e.g. http://127.0.0.1:41234 (provided by portal.setup.ts). */
export const portalUrl = (): string => inject('portalUrl');

/**
 * A page in its own context (no shared session storage), with relative `goto` paths resolved
 * against the portal. Close it with `page.context().close()` or let `browser.close()` do it.
 */
export async function newPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number } } = {},
) {
  const context: BrowserContext = await browser.newContext({
    baseURL: portalUrl(),
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: 'en-GB',
  });
  return context.newPage();
}

/**
 * Signs in as a demo member by clicking their button on the local sign-in page, then waits for
 * the header to show them. Lands on `next` (a path) when given, else the home page.
 */
export async function signInAs(page: Page, email: string, next?: string): Promise<void> {
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
  await page.getByRole('button', { name: new RegExp(`, ${escapeRegExp(email)}$`) }).click();
  await page.locator('.site-header .who-name').waitFor();
  if (next) await page.waitForURL((url) => url.pathname + url.search === next);
}

/** A name no other test (or earlier run on the same data) uses: `unique('Inspector')` → "Inspector 5k2x9". */
export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36).slice(-4)}${Math.random().toString(36).slice(2, 5)}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
