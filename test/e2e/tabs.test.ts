import { describe, expect, it } from 'vitest';
import { browserPerFile } from '../support/browser';

/**
 * The session across tabs (web/src/auth/session.ts): a link opened in a new tab of the same browser
 * is signed in as the tab it came from, and signing out in one tab ends the session in the others.
 * A browser with no portal tab open (a new context) is still signed out.
 */
const pages = browserPerFile();

describe('a new tab', () => {
  it('joins the open tab’s session, and a sign-out in either tab ends it in both', async () => {
    const first = await pages.openAs('ruth@rotterdam.example');
    const second = await first.context().newPage();
    try {
      await second.goto('/bulletins');
      await second.locator('.site-header .who-name').waitFor();
      expect(await second.locator('.site-header .who-name').textContent()).toBe(
        await first.locator('.site-header .who-name').textContent(),
      );
      expect(new URL(second.url()).pathname).toBe('/bulletins');

      // Another browser (no tab of it open) is not signed in by this one.
      const stranger = await pages.open();
      await stranger.goto('/bulletins');
      await stranger.waitForURL((url) => url.pathname === '/sign-in');

      await first.getByRole('button', { name: 'Sign out' }).click();
      await first.waitForURL((url) => url.pathname === '/sign-in');
      // The other tab's next step needs the session, and it is gone there too.
      await second
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: /^Checklists/ })
        .click();
      await second.waitForURL((url) => url.pathname === '/sign-in');
      expect(await second.locator('.site-header .who-name').count()).toBe(0);
    } finally {
      await second.close();
    }
  });
});
