import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPerFile, collectPageErrors, portalUrl, signInAs } from '../support/browser';

/**
 * Issue 11 in Chromium: the signed-out public page with its Atom link, the member's language
 * (browser default, picker, `<html lang>`), plain messages next to the fields in two languages,
 * and organisations by name.
 */
const pages = browserPerFile();

/** A fresh page whose browser prefers `locale`, watched for script errors. */
async function pageIn(locale: string): Promise<Page> {
  const context = await pages.browser.newContext({
    baseURL: portalUrl(),
    locale,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  collectPageErrors(page, errors);
  page.on('close', () => expect(errors).toEqual([]));
  return page;
}

const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

describe('the public page, signed out', () => {
  it('shows the alliance, its members by name and its public items, with the Atom feed linked, in the browser’s language', async () => {
    const page = await pageIn('fr-BE');
    try {
      await page.goto('/');
      await page.waitForURL('**/public');
      await page.getByRole('heading', { level: 1, name: 'Portail de l’Alliance' }).waitFor();
      expect(await htmlLang(page)).toBe('fr');
      expect(await page.title()).toBe('L’Alliance · Portail de l’Alliance');
      const feed = page.locator('link[rel="alternate"][type="application/atom+xml"]');
      expect(await feed.getAttribute('href')).toBe('/api/v1/public/bulletins.atom');
      const members = page.getByRole('table', { name: 'Membres de l’Alliance' });
      await members.getByRole('row', { name: /Port of Antwerp-Bruges/ }).waitFor();
      expect(await members.getByRole('row', { name: /Port of Antwerp-Bruges/ }).textContent()).toContain(
        'BEANR',
      );
      expect(await members.textContent()).toContain('Autorité portuaire');
      expect(await members.textContent()).not.toContain('@');

      // The member's choice wins over the browser's, and stays.
      await page.getByLabel('Langue').selectOption('en');
      await page.getByRole('heading', { level: 1, name: 'Alliance portal' }).waitFor();
      expect(await htmlLang(page)).toBe('en');
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Members of the alliance' }).waitFor();
      expect(await htmlLang(page)).toBe('en');
    } finally {
      await page.context().close();
    }
  });
});

describe('writing a bulletin in two languages', () => {
  it('says what to fix next to each field, plainly, in English and then in French', async () => {
    const page = await pageIn('en-GB');
    try {
      await signInAs(page, 'ben@antwerp.example', '/bulletins/new');
      expect(await htmlLang(page)).toBe('en');
      const form = page.getByRole('form', { name: 'Bulletin' });
      await form.getByLabel('Title').fill('ab');
      await form.getByRole('button', { name: 'Save draft' }).click();
      const errorOf = async (label: string) => {
        const field = form.getByLabel(label, { exact: true });
        await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
        const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
        return page.locator(`[id="${ids.at(-1)}"]`).textContent();
      };
      await page.locator('.field-error').first().waitFor();
      expect(await errorOf('Title')).toBe('Give the title at least 3 characters.');
      expect(await errorOf('Summary')).toBe('Give the summary.');
      expect(await page.locator('fieldset .field-error').first().textContent()).toBe(
        'Choose at least one category.',
      );
      expect(await page.getByRole('alert').textContent()).toContain('Please correct the marked fields.');
      expect(await page.locator('main').textContent()).not.toMatch(/Too small|Invalid input|expected /);

      await page.getByLabel('Language').selectOption('fr');
      await page.getByRole('heading', { level: 1, name: 'Rédiger un bulletin' }).waitFor();
      expect(await htmlLang(page)).toBe('fr');
      expect(await page.getByRole('navigation', { name: 'Principal' }).textContent()).toContain('Accueil');
      await form.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
      await page.getByText('Donnez au moins 3 caractères pour le titre.').waitFor();
      expect(await errorOf('Titre')).toBe('Donnez au moins 3 caractères pour le titre.');
      expect(await errorOf('Résumé')).toBe('Indiquez le résumé.');
      expect(await page.locator('fieldset .field-error').first().textContent()).toBe(
        'Choisissez au moins une catégorie.',
      );
      expect(await page.getByRole('alert').textContent()).toContain('Corrigez les champs signalés.');
      expect(await page.locator('main').textContent()).not.toMatch(
        /Too small|Invalid input|expected |Give the/,
      );

      // Names, not ids: the feed says who a bulletin is from.
      await page
        .getByRole('navigation', { name: 'Principal' })
        .getByRole('link', { name: 'Bulletins' })
        .click();
      const meta = page.locator('.bulletin-meta').first();
      await meta.waitFor();
      await expect.poll(() => meta.textContent(), { timeout: 10_000 }).toMatch(/ · de [A-Z][^·]+ · /);
    } finally {
      await page.context().close();
    }
  });
});
