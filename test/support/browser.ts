import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { inDays } from './clock';

/**
 * Chromium for the e2e tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download, works offline). Typical use in a test file:
 *
 *   const pages = browserPerFile();                   // launch, close, fail on page errors
 *
 *   it('…', async () => {
 *     const page = await pages.openAs('ana@antwerp.example');  // fresh session, real sign-in page
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

/** A demo member's bearer token from the local issuer, for calls straight to the API. */
export async function tokenFor(email: string): Promise<string> {
  const res = await fetch(`${portalUrl()}/local/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  return ((await res.json()) as { token: string }).token;
}

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
 * Collects a page's script errors and Content Security Policy violations into `errors`, so that
 * a test can fail on them.
 */
export function collectPageErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) errors.push(msg.text());
  });
}

/**
 * Chromium for the tests of one file (call it at the top level): launched before them, closed
 * after. Every page it opens collects script errors and CSP violations (`collectPageErrors`);
 * after each test its pages are closed, and the test fails if they met any.
 */
export function browserPerFile() {
  let browser: Browser | undefined;
  const pages: Page[] = [];
  let errors: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const seen = errors;
    errors = [];
    try {
      expect(seen).toEqual([]);
    } finally {
      for (const page of pages.splice(0)) await page.context().close();
    }
  });
  const session = {
    get browser(): Browser {
      if (!browser) throw new Error('The browser starts in beforeAll: use it inside a test.');
      return browser;
    },
    /** A fresh page (own cookies and storage), watched for errors. */
    async open(options?: Parameters<typeof newPage>[1]): Promise<Page> {
      const page = await newPage(session.browser, options);
      collectPageErrors(page, errors);
      pages.push(page);
      return page;
    },
    /** A fresh watched page, signed in as a demo member (landing on `next` when given). */
    async openAs(email: string, next?: string): Promise<Page> {
      const page = await session.open();
      await signInAs(page, email, next);
      return page;
    },
  };
  return session;
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

/**
 * The date `days` days from now, as a date field takes it (`2026-12-09`). The e2e portal runs on
 * the machine's clock, so "now" is the machine's here; keep such dates days away from today so a
 * run across midnight does not change what they mean.
 */
export const dateInDays = (days: number): string => inDays(days, new Date()).slice(0, 10);

/** A name no other test (or earlier run on the same data) uses: `unique('Inspector')` → "Inspector 5k2x9". */
export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36).slice(-4)}${Math.random().toString(36).slice(2, 5)}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
