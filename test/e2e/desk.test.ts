import { describe, expect, it } from 'vitest';
import { browserPerFile } from '../support/browser';

/**
 * The home desk in Chromium: Pieter (Dutch seaport police, a recipient of Ruth's bulletin whose
 * acknowledgement is overdue in the demo seed, and used by no other e2e file) sees what needs his
 * organisation with counts, follows it, acknowledges, and the desk no longer lists it.
 */
const pages = browserPerFile();
const overdueTitle = 'Terminal planners approached through encrypted chat';

describe('the member’s desk', () => {
  it('shows what the organisation must acknowledge, overdue first, with counts; following it and acknowledging clears it', async () => {
    const page = await pages.openAs('pieter@police-nl.example');
    await page.getByRole('heading', { level: 2, name: 'What needs you' }).waitFor();
    const toAck = page.getByRole('region', { name: /To acknowledge for your organisation/ });
    const first = toAck.getByRole('listitem').first();
    await first.waitFor();
    expect(await first.getByRole('link').textContent()).toBe(overdueTitle);
    expect(await first.locator('.mark-overdue').textContent()).toBe('Overdue');
    expect(await toAck.getByRole('heading').textContent()).toMatch(
      /To acknowledge for your organisation \d+/,
    );
    // The unread count reaches the navigation.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Bulletins \d+\+?$/ })
      .waitFor();
    // Every list of the desk says something: items or an empty state.
    for (const name of ['Unread bulletins', 'Checklists due', 'Documents to attest', 'Drafts to finish']) {
      const region = page.getByRole('region', { name: new RegExp(`^${name}`) });
      await region.locator('li, .empty-state').first().waitFor();
    }

    await first.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: overdueTitle }).waitFor();
    expect(await page.locator('.breadcrumb').textContent()).toContain(overdueTitle);
    await page.getByRole('button', { name: 'Acknowledge for my organisation' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Acknowledged on behalf of your organisation.' })
      .waitFor();

    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { level: 2, name: 'What needs you' }).waitFor();
    const after = page.getByRole('region', { name: /To acknowledge for your organisation/ });
    await after.locator('li, .empty-state').first().waitFor();
    expect(await after.textContent()).not.toContain(overdueTitle);
  });
});
