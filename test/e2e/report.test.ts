import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserPerFile, signInAs } from '../support/browser';

/**
 * The Commission's port-by-item grid and the printable harmonization report (issue 13,
 * docs/review.md), on the seeded demo alliance.
 */
const pages = browserPerFile();

describe('the port-by-item grid', () => {
  it('Carl switches the grid to port by item with the keyboard, reads a port’s answers and exports them', async () => {
    const carl = await pages.open();
    await signInAs(carl, 'carl@commission.example', '/progress');
    await carl.getByRole('heading', { level: 2, name: 'Country by checklist' }).waitFor();
    // Keyboard only: focus the switch's first choice, arrow to the second.
    await carl.getByRole('radio', { name: 'Country by checklist' }).focus();
    await carl.keyboard.press('ArrowRight');
    expect(await carl.getByRole('radio', { name: 'Port by item' }).isChecked()).toBe(true);
    await carl
      .getByLabel('Checklist version')
      .selectOption({ label: 'Container-terminal access control (version 1)' });
    const grid = carl.getByRole('table', { name: 'Port by item' });
    const rotterdam = grid.locator('tr[data-organisation="rotterdam"]');
    await rotterdam.waitFor();
    const headers = await grid.locator('thead th').allTextContents();
    expect(headers.slice(1, 4)).toEqual(['AC-01', 'AC-02', 'AC-03']);
    const ac03 = rotterdam.locator('td[data-item="AC-03"]');
    expect(await ac03.getAttribute('data-status')).toBe('implemented');
    expect(await ac03.textContent()).toContain('Implemented');
    // Genoa answered AC-03 "not implemented"; Le Havre has not answered at all.
    expect(
      await grid.locator('tr[data-organisation="genoa"] td[data-item="AC-03"]').getAttribute('data-status'),
    ).toBe('not_implemented');
    expect(await grid.locator('tr[data-organisation="le-havre"] td[data-item="AC-01"]').textContent()).toBe(
      'No answer',
    );

    const [download] = await Promise.all([
      carl.waitForEvent('download'),
      carl.locator('.csv-links').last().getByRole('button', { name: 'Port by item' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('terminal-access-control-v1-port-items.csv');
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'organisationId,name,kind,country,acknowledged,AC-01,AC-02,AC-03,AC-04,AC-05,AC-06,AC-07,AC-08',
    );
    expect(csv.find((l) => l.startsWith('rotterdam,'))).toContain(',true,implemented+');
  });
});

describe('the harmonization report', () => {
  it('Carl opens it from the scoreboard: sections, date and TLP; in print no navigation nor buttons, and a PDF', async () => {
    const started = Date.now();
    const carl = await pages.open();
    await signInAs(carl, 'carl@commission.example', '/progress');
    await carl
      .getByRole('link', { name: 'Harmonization report for the ministerial review (printable)' })
      .click();
    await carl.waitForURL('**/progress/report');
    await carl.getByRole('heading', { level: 1, name: 'Harmonization report' }).waitFor();
    const sections = await carl.getByRole('heading', { level: 2 }).allTextContents();
    expect(sections).toEqual(['Overview', 'By port', 'Declared and verified, per item', 'Trend']);

    expect(await carl.locator('.report .tlp').textContent()).toBe('TLP:AMBER');
    const dated = carl.getByTestId('report-date');
    expect(await dated.textContent()).toMatch(/^Prepared on /);
    // Dated when it was drawn: a timestamp taken while this test ran, its date shown in full.
    const at = (await dated.locator('time').getAttribute('dateTime'))!;
    expect(Date.parse(at)).toBeGreaterThanOrEqual(started);
    expect(Date.parse(at)).toBeLessThanOrEqual(Date.now());
    expect(await dated.textContent()).toContain(at.slice(0, 10));

    const overview = carl.getByRole('table', { name: 'Overview' });
    expect(await overview.textContent()).toContain('Container-terminal access control');
    const ports = carl.getByRole('table', { name: 'By port: Container-terminal access control' });
    // Rotterdam declared every item implemented: six mandatory of six.
    expect(await ports.locator('tr[data-organisation="rotterdam"] td').nth(2).textContent()).toBe('6/6');
    const items = carl.getByRole('table', {
      name: 'Declared and verified, per item: Container-terminal access control',
    });
    expect(await items.locator('tr[data-item="AC-03"] .declared-count').textContent()).toMatch(/^\d+$/);
    expect(await items.locator('tr[data-item="AC-03"] .verified-count').textContent()).toMatch(/^\d+$/);
    await carl.getByRole('table', { name: 'Trend: Container-terminal access control' }).waitFor();

    // On screen the navigation and the print button are there; in print they are not.
    const nav = carl.getByRole('navigation', { name: 'Main' });
    const print = carl.getByRole('button', { name: 'Print or save as PDF' });
    expect(await nav.isVisible()).toBe(true);
    expect(await print.isVisible()).toBe(true);
    await carl.emulateMedia({ media: 'print' });
    expect(await nav.isVisible()).toBe(false);
    expect(await print.isVisible()).toBe(false);
    expect(await carl.locator('.site-header').isVisible()).toBe(false);
    expect(await overview.isVisible()).toBe(true);

    const pdf = await carl.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
    const pageCount = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    expect(pageCount).toBeGreaterThanOrEqual(1);
  });

  it('tells a member it is prepared for the Commission, and shows no organisation', async () => {
    const ruth = await pages.open();
    await signInAs(ruth, 'ruth@rotterdam.example', '/progress/report');
    await ruth.getByText('The harmonization report is prepared for the Commission.').waitFor();
    const text = await ruth.textContent('main');
    for (const other of ['Hamburg', 'Algeciras', 'TLP:AMBER']) expect(text).not.toContain(other);
  });
});
