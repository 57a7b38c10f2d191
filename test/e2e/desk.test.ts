import { describe, expect, it } from 'vitest';
import { browserPerFile, unique } from '../support/browser';

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

  it('shows an org admin the members who never signed in, and the Commission the newest bulletins', async () => {
    const ana = await pages.openAs('ana@antwerp.example', '/organisations/antwerp');
    const name = unique('Desk invitee');
    const email = `${name.toLowerCase().replace(/\s+/g, '.')}@antwerp.example`;
    await ana.getByLabel('Name').fill(name);
    await ana.getByLabel('E-mail').fill(email);
    await ana.getByRole('button', { name: 'Invite member' }).click();
    await ana
      .getByRole('status')
      .filter({ hasText: `Invited ${name}` })
      .waitFor();
    await ana.getByRole('link', { name: 'Home' }).click();
    const waiting = ana.getByRole('region', { name: /^Members who have not signed in yet/ });
    await waiting.getByRole('listitem').filter({ hasText: email }).waitFor();
    // Ana herself signed in just now, so she is not among them.
    expect(await waiting.textContent()).not.toContain('ana@antwerp.example');

    const clara = await pages.openAs('clara@commission.example');
    const recent = clara.getByRole('region', { name: /^Recent bulletins in the alliance/ });
    await recent.getByRole('listitem').first().waitFor();
    expect(await recent.getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await recent.getByRole('listitem').count()).toBeLessThanOrEqual(5);
    // A member who manages no one is not shown the list.
    const pieter = await pages.openAs('pieter@police-nl.example');
    await pieter.getByRole('heading', { level: 2, name: 'What needs you' }).waitFor();
    await pieter.getByRole('region', { name: /^Unread bulletins/ }).waitFor();
    expect(await pieter.getByRole('region', { name: /^Members who have not signed in yet/ }).count()).toBe(0);
  });
});
