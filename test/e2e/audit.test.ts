import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { auditCsvColumns } from '../../shared/audit';
import { browserPerFile, signInAs } from '../support/browser';

let page: Page;
const pages = browserPerFile();

async function freshPage() {
  page = await pages.open();
  return page;
}

/** An API call as Ana, signed in through the local issuer like the browser is. */
async function asAna(path: string, init: RequestInit) {
  const base = inject('portalUrl');
  const signIn = await fetch(`${base}/local/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ana@antwerp.example' }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
}

const rows = (table: string) => page.getByRole('table', { name: table }).locator('tbody tr');
const overdueNames = async () => {
  await page.goto('/access-reviews');
  await page.getByRole('heading', { name: 'Overdue access reviews' }).waitFor();
  await rows('Organisations overdue with their access review').first().waitFor();
  return rows('Organisations overdue with their access review').locator('td:first-child').allTextContents();
};

describe('audit trail', () => {
  it('lets Ana read her organisation’s trail, filter it by member and download it as CSV', async () => {
    await freshPage();
    await signInAs(page, 'ana@antwerp.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    // Her first look is itself in the trail, so filtering by her finds at least that.
    await page.reload();
    await rows('Audit events, newest first').first().waitFor();

    await page.getByLabel('Member').selectOption({ label: 'Ana Peeters' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('memberId') === 'ana-antwerp');
    // The address changes before the filtered rows arrive: wait until no one else's row is left.
    await rows('Audit events, newest first')
      .filter({ hasNotText: 'Ana Peeters' })
      .first()
      .waitFor({ state: 'detached' });
    await rows('Audit events, newest first').first().waitFor();
    const who = await rows('Audit events, newest first').locator('td:nth-child(2)').allTextContents();
    expect(who.length).toBeGreaterThan(0);
    for (const cell of who) expect(cell).toContain('Ana Peeters');
    expect(await rows('Audit events, newest first').first().textContent()).toContain('audit.read');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('audit-antwerp.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(auditCsvColumns.join(','));
    // The rows shown, and the reading of them (recorded after they were read).
    expect(lines.length).toBe(who.length + 2);
    for (const line of lines.slice(1)) expect(line).toContain(',ana-antwerp,antwerp,org_admin,');
  });

  it('lets the Commission pick the organisation by name, not type its id', async () => {
    await freshPage();
    await signInAs(page, 'clara@commission.example', '/audit');
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    const organisation = page.getByLabel('Organisation', { exact: true });
    // The names arrive from the directory; the picker is a list, with no id to type.
    await organisation
      .locator('option', { hasText: 'Port of Rotterdam (NLRTM)' })
      .waitFor({ state: 'attached' });
    expect(await organisation.evaluate((el) => el.tagName)).toBe('SELECT');
    await organisation.selectOption({ label: 'Port of Rotterdam (NLRTM)' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('organisationId') === 'rotterdam');
    // The filter keeps showing the name it was given.
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    expect(await organisation.inputValue()).toBe('rotterdam');
    expect(await organisation.locator('option:checked').textContent()).toBe('Port of Rotterdam (NLRTM)');
  });

  it('keeps the Audit trail out of a contributor’s navigation', async () => {
    await freshPage();
    await signInAs(page, 'ben@antwerp.example');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Home' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Audit trail' }).count()).toBe(0);
  });
});

describe('access review', () => {
  it('shows Clara Antwerp overdue; Ana sees the notice, keeps every member; Clara no longer sees Antwerp', async () => {
    await freshPage();
    await signInAs(page, 'clara@commission.example');
    expect(await overdueNames()).toContain('Port of Antwerp-Bruges');
    await page.context().close();

    await freshPage();
    await signInAs(page, 'ana@antwerp.example');
    const notice = page.getByRole('status').filter({ hasText: 'Your access review is overdue' });
    await notice.waitFor();
    await notice.getByRole('link', { name: 'Review who still needs access' }).click();
    await page.getByRole('heading', { name: 'Access review' }).waitFor();
    const members = rows('Members and their decisions');
    await members.first().waitFor();
    expect(await members.count()).toBeGreaterThanOrEqual(3);
    // Keyboard: every decision is a radio group, "Keep" chosen by default.
    const bo = members.filter({ hasText: 'Bo Maes' });
    expect(await bo.getByRole('radio', { name: 'Keep' }).isChecked()).toBe(true);
    await bo.getByRole('radio', { name: 'Suspend' }).focus();
    await page.keyboard.press('Space');
    expect(await bo.getByRole('radio', { name: 'Suspend' }).isChecked()).toBe(true);
    await bo.getByRole('radio', { name: 'Keep' }).check();
    await page.getByRole('button', { name: 'Complete the review' }).click();
    await page.getByText('Review recorded.').waitFor();
    await page.getByText(/Next review due/).waitFor();
    expect(await page.getByText('The review is due now.').count()).toBe(0);
    await page.goto('/');
    await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
    await page.getByRole('link', { name: 'Read the audit trail' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByText('Your access review is overdue').count()).toBe(0);
    await page.context().close();

    await freshPage();
    await signInAs(page, 'clara@commission.example');
    const after = await overdueNames();
    expect(after).not.toContain('Port of Antwerp-Bruges');
    expect(after).toContain('Port of Rotterdam');
  });

  it('suspends a member through the member PATCH, then records the review', async () => {
    await freshPage();
    await signInAs(page, 'ana@antwerp.example', '/organisations/antwerp/access-review');
    const bo = rows('Members and their decisions').filter({ hasText: 'Bo Maes' });
    await bo.getByRole('radio', { name: 'Suspend' }).check();
    try {
      const [patch, review] = await Promise.all([
        page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith('/members/bo-antwerp')),
        page.waitForRequest(
          (r) => r.method() === 'POST' && r.url().endsWith('/organisations/antwerp/access-review'),
        ),
        page.getByRole('button', { name: 'Complete the review' }).click(),
      ]);
      await page.getByText('Review recorded.').waitFor();
      expect(patch.postDataJSON()).toEqual({
        status: 'suspended',
        reason: 'Access review: access no longer needed',
      });
      expect(review.postDataJSON().decisions).toContainEqual({ memberId: 'bo-antwerp', decision: 'suspend' });
      // The real endpoint suspended Bo: the members page says so.
      await page.goto('/organisations/antwerp');
      const row = page.getByRole('row').filter({ hasText: 'bo@antwerp.example' });
      await row.getByText('Suspended').waitFor();
    } finally {
      // Other e2e files sign in as Bo on the same portal: reinstate him whatever happened above.
      await asAna('/api/v1/organisations/antwerp/members/bo-antwerp', {
        method: 'PATCH',
        body: JSON.stringify({ status: 'active', reason: 'End of the access review test' }),
      });
    }
  });
});
