import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPerFile, signInAs } from '../support/browser';

/**
 * axe-core over every page of the portal, signed out and as members of each kind, in English and
 * in French: zero violations. axe runs through the DevTools protocol (`page.evaluate`), not as a
 * script tag, so the portal's Content Security Policy stays as it is in production.
 */
const pages = browserPerFile();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; nodes: { target: unknown[] }[] }[];
}

/** Opens `path` when given, waits until the page has loaded what it shows, and runs axe over it. */
async function scan(page: Page, path: string | null, found: string[]): Promise<void> {
  if (path) await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page
    .locator('.loading')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {});
  const result = (await page.evaluate(
    `(async () => { if (!window.axe) { ${axeSource} } return window.axe.run(document); })()`,
  )) as AxeResult;
  const where = new URL(page.url()).pathname;
  for (const v of result.violations) {
    found.push(`${where}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
}

/** The first link of the page's content to an item under `prefix`, e.g. a bulletin in the feed. */
async function firstLink(page: Page, prefix: string): Promise<string> {
  const link = page
    .locator(
      `main li a[href^="${prefix}"]:not([href$="/new"]), main td a[href^="${prefix}"], main th[scope="row"] a[href^="${prefix}"]`,
    )
    .first();
  await link.waitFor();
  return (await link.getAttribute('href'))!;
}

async function open(locale: 'en' | 'fr'): Promise<Page> {
  const page = await pages.open();
  await page.addInitScript((l) => localStorage.setItem('portal.language', l), locale);
  return page;
}

describe.each(['en', 'fr'] as const)('every page in %s', (locale) => {
  it('signed out: the public page and sign-in', async () => {
    const page = await open(locale);
    const found: string[] = [];
    await scan(page, '/public', found);
    await scan(page, '/sign-in', found);
    expect(found).toEqual([]);
  });

  it('as an org admin of a port: desk, bulletins, library', { timeout: 120_000 }, async () => {
    const page = await open(locale);
    await signInAs(page, 'ana@antwerp.example');
    const found: string[] = [];
    for (const path of ['/', '/bulletins/new', '/documents/new']) await scan(page, path, found);
    await scan(page, '/bulletins', found);
    await scan(page, await firstLink(page, '/bulletins/'), found);
    await scan(page, '/documents', found);
    const document = await firstLink(page, '/documents/');
    await scan(page, document, found);
    await scan(page, `${document}/acknowledgements`, found);
    await scan(page, `${document}/versions/new`, found);
    expect(found).toEqual([]);
  });

  it('as an org admin of a port: checklists, scoreboard, directory, members, review, audit', {
    timeout: 120_000,
  }, async () => {
    const page = await open(locale);
    await signInAs(page, 'ana@antwerp.example');
    const found: string[] = [];
    await scan(page, '/checklists', found);
    await scan(page, await firstLink(page, '/checklists/'), found);
    for (const path of [
      '/progress',
      '/organisations',
      '/organisations/antwerp',
      '/organisations/antwerp/access-review',
      '/organisations/antwerp/tokens',
      '/audit',
    ]) {
      await scan(page, path, found);
    }
    expect(found).toEqual([]);
  });

  it('as a contributor: answering a checklist, and one’s standing on the scoreboard', {
    timeout: 120_000,
  }, async () => {
    const page = await open(locale);
    await signInAs(page, 'ben@antwerp.example');
    const found: string[] = [];
    await scan(page, '/checklists', found);
    const checklist = await firstLink(page, '/checklists/');
    await page.goto(checklist);
    const answer = page.locator(`main a[href^="${checklist}/versions/"]`).first();
    await answer.waitFor();
    await scan(page, await answer.getAttribute('href'), found);
    await scan(page, '/progress', found);
    await scan(page, await firstLink(page, '/progress/checklists/'), found);
    expect(found).toEqual([]);
  });

  it('as the Commission: desk, scoreboard (both grids) and its versions, the report, drafting, adding an organisation, overdue reviews', {
    timeout: 120_000,
  }, async () => {
    const page = await open(locale);
    await signInAs(page, 'clara@commission.example');
    const found: string[] = [];
    for (const path of ['/', '/progress']) await scan(page, path, found);
    // The grid switched to port by item (the second choice of the switch).
    await page.locator('input[name="grid-shape"][value="ports"]').check();
    await page.locator('table.port-grid').waitFor();
    await scan(page, null, found);
    await scan(page, '/progress/report', found);
    await page.goto('/progress');
    await scan(page, await firstLink(page, '/progress/checklists/'), found);
    for (const path of ['/checklists/new', '/organisations/new', '/access-reviews', '/audit']) {
      await scan(page, path, found);
    }
    expect(found).toEqual([]);
  });

  it('the waterbed: map, legend, table, spread and origins, as the Commission and as a port', {
    timeout: 120_000,
  }, async () => {
    const found: string[] = [];
    for (const who of ['clara@commission.example', 'ben@antwerp.example']) {
      const page = await open(locale);
      await signInAs(page, who);
      await page.goto('/waterbed');
      await page.locator('svg.waterbed-map').waitFor();
      await scan(page, null, found);
      // Sightings: the spread and origins tables come with them.
      await page.locator('.waterbed-controls select').first().selectOption('sightings');
      await page.locator('.waterbed-spread h2').waitFor();
      await page.locator('svg.waterbed-map').waitFor();
      await scan(page, null, found);
    }
    expect(found).toEqual([]);
  });
});
