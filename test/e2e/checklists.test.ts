import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPerFile, dateInDays, portalUrl, signInAs, tokenFor, unique } from '../support/browser';

const pages = browserPerFile();

/** A fresh page; script errors and CSP violations fail the test. */
const freshPage = () => pages.open();

const belgianRow = (page: Page) =>
  page.getByRole('table', { name: 'By country' }).locator('tr[data-country="BE"]');

describe('harmonized checklists', () => {
  it('Clara publishes, Ben answers from his to-do, Clara sees Antwerp on the scoreboard, Sam sees nothing of it', async () => {
    const title = unique('Reefer inspection at the gate');

    // Clara drafts and publishes a checklist for port authorities.
    const clara = await freshPage();
    await signInAs(clara, 'clara@commission.example', '/checklists/new');
    await clara.getByLabel('Title').fill(title);
    await clara.getByLabel('Description').fill('Reefer machinery is a favourite hiding place.');
    const dueDate = dateInDays(7);
    await clara.getByLabel('Due date').fill(dueDate);
    await clara
      .getByLabel('Control', { exact: true })
      .first()
      .fill('Open and inspect the reefer machinery of flagged containers.');
    await clara.getByRole('button', { name: 'Add an item' }).click();
    await clara
      .getByLabel('Control', { exact: true })
      .nth(1)
      .fill('Seal numbers are photographed at the gate.');
    await clara.getByRole('button', { name: 'Save draft' }).click();
    await clara.getByRole('heading', { level: 1, name: title }).waitFor();
    await clara.getByRole('button', { name: 'Publish' }).click();
    await clara.getByText('Version 1 is published.').waitFor();
    const checklistPath = new URL(clara.url()).pathname;

    await clara.getByRole('link', { name: 'Scoreboard of this version' }).click();
    await clara.getByRole('heading', { level: 2, name: 'By country' }).waitFor();
    expect(await belgianRow(clara).locator('td').nth(1).textContent()).toBe('0 of 1');
    expect(await clara.getByTestId('acknowledged-tile').textContent()).toMatch(/^0\/\d+/);
    const scoreboardPath = new URL(clara.url()).pathname;

    // Ben finds it in his to-do, answers every item and submits.
    const ben = await freshPage();
    await signInAs(ben, 'ben@antwerp.example', '/checklists');
    const todo = ben.getByRole('list', { name: 'Checklists to acknowledge, overdue first' });
    await todo.getByRole('link', { name: title }).click();
    await ben.getByRole('link', { name: 'Answer this checklist' }).click();
    const items = ben.locator('.item-card');
    await items.first().waitFor();
    expect(await items.count()).toBe(2);
    await items.nth(0).getByLabel('Implemented', { exact: true }).check();
    await items.nth(0).getByLabel('Note on item-1').fill('Done since March.');
    // Keyboard only for the second item: focus its first choice, arrow to "In progress".
    await items.nth(1).getByLabel('Implemented', { exact: true }).focus();
    await ben.keyboard.press('ArrowRight');
    expect(await items.nth(1).getByLabel('In progress').isChecked()).toBe(true);
    await ben.getByLabel('Statement').fill('Signed off by the harbour master.');
    await ben.getByRole('button', { name: 'Submit and acknowledge' }).click();
    await ben.waitForURL(`**${checklistPath}`);
    await ben.locator('.card .mark-ok', { hasText: 'Acknowledged' }).waitFor();
    await ben.goto('/checklists');
    await ben.getByRole('heading', { name: 'My to-do' }).waitFor();
    await ben.getByRole('link', { name: title }).first().waitFor();
    expect(
      await ben
        .getByRole('list', { name: 'Checklists to acknowledge, overdue first' })
        .getByText(title)
        .count(),
    ).toBe(0);

    // Clara's scoreboard now counts Antwerp, its items and the Belgian cell.
    await clara.goto(scoreboardPath);
    await clara.getByRole('heading', { level: 2, name: 'By country' }).waitFor();
    expect(await belgianRow(clara).locator('td').nth(1).textContent()).toBe('1 of 1');
    expect(await clara.getByTestId('acknowledged-tile').textContent()).toMatch(/^1\/\d+/);
    const perItem = clara.getByRole('table', { name: 'Per item' });
    expect(await perItem.locator('tr[data-item="item-1"] .implemented-count').textContent()).toBe('1');
    expect(await perItem.locator('tr[data-item="item-2"] .implemented-count').textContent()).toBe('0');
    expect(
      await clara.getByRole('list', { name: 'Organisations that have not acknowledged' }).textContent(),
    ).not.toContain('Port of Antwerp');
    // The charts are drawn (SVG), loaded on demand.
    await clara.locator('svg.chart').first().waitFor();
    await clara.goto('/progress');
    const gridCell = clara
      .getByRole('table', { name: 'Country by checklist' })
      .locator(`tr[data-country="BE"] td[data-checklist="${checklistPath.split('/').pop()}"]`);
    expect(await gridCell.getAttribute('data-light')).toBe('amber');

    // Sam, of a shipping company, neither sees Antwerp's answers nor can submit for Antwerp.
    const sam = await freshPage();
    await signInAs(sam, 'sam@northsea-line.example', checklistPath);
    await sam.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await sam.getByRole('link', { name: 'Answer this checklist' }).count()).toBe(0);
    expect(await sam.textContent('main')).not.toContain('Done since March');
    await sam.goto(`${checklistPath}/versions/1/assess`);
    await sam
      .getByText('Only contributors of an organisation this checklist applies to answer it.')
      .waitFor();
    await sam.goto(scoreboardPath);
    await sam.getByRole('heading', { level: 2, name: 'Alliance average' }).waitFor();
    const samSees = await sam.textContent('main');
    expect(samSees).not.toContain('Antwerp');
    expect(samSees).not.toContain('Done since March');

    const token = await tokenFor('sam@northsea-line.example');
    const api = `${portalUrl()}/api/v1${checklistPath}/versions/1/assessments`;
    const read = await fetch(`${api}/antwerp`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(403);
    expect(await read.text()).not.toContain('Done since March');
    const list = await fetch(api, { headers: { authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
    const write = await fetch(`${api}/antwerp`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [
          { itemId: 'item-1', status: 'not_implemented' },
          { itemId: 'item-2', status: 'not_implemented' },
        ],
      }),
    });
    expect(write.status).toBe(403);
  });

  it('shows a member the anonymous alliance average of a seeded checklist, with no other organisation named', async () => {
    const ruth = await freshPage();
    await signInAs(ruth, 'ruth@rotterdam.example', '/progress/checklists/terminal-access-control/versions/1');
    await ruth.getByRole('heading', { level: 2, name: 'Alliance average' }).waitFor();
    await ruth.locator('svg.chart').first().waitFor();
    const text = await ruth.textContent('main');
    for (const other of ['Hamburg', 'Algeciras', 'Valencia', 'Antwerp']) expect(text).not.toContain(other);
    expect(text).toContain('Acknowledged');
  });
});
