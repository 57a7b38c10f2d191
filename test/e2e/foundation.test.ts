import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPerFile, newPage, signInAs, unique } from '../support/browser';

let page: Page;
const pages = browserPerFile();

/** A fresh page per test; script errors and CSP violations fail the test that caused them. */
async function freshPage() {
  page = await pages.open();
  return page;
}

const header = () => page.locator('.site-header');
const rowsOf = (table: string) => page.getByRole('table', { name: table }).locator('tbody tr');

describe('signing in', () => {
  it('signs a demo member in through the sign-in page and shows who they are', async () => {
    await freshPage();
    await page.goto('/');
    // Signed out, the portal's address is the alliance's public page, with the way in.
    await page.waitForURL('**/public');
    await page.getByRole('link', { name: 'Sign in as a member' }).click();
    await page.waitForURL('**/sign-in');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Sign in to the Alliance portal',
    );
    await page.getByRole('button', { name: /, ben@antwerp\.example$/ }).click();

    await page.getByRole('heading', { name: 'Welcome, Ben Claes' }).waitFor();
    expect(await header().locator('.who-name').textContent()).toBe('Ben Claes');
    expect(await header().locator('.who-org').textContent()).toBe('Contributor · Port of Antwerp-Bruges');
    const facts = await page.locator('.card .facts').textContent();
    expect(facts).toContain('Port authority');
    expect(facts).toContain('BEANR');
    expect(facts).toContain('Belgium (BE)');
  });

  it('explains the TLP labels with badges in FIRST’s colours on black', async () => {
    await freshPage();
    await signInAs(page, 'bo@antwerp.example');
    const badges = page.locator('.tlp-legend .tlp');
    // The header shows once signed in; the desk and its legend render after their own request.
    await badges.last().waitFor();
    expect(await badges.allTextContents()).toEqual([
      'TLP:CLEAR',
      'TLP:GREEN',
      'TLP:AMBER',
      'TLP:AMBER+STRICT',
      'TLP:RED',
    ]);
    const red = await badges.last().evaluate((el) => {
      const style = getComputedStyle(el);
      return { color: style.color, background: style.backgroundColor };
    });
    expect(red).toEqual({ color: 'rgb(255, 43, 43)', background: 'rgb(0, 0, 0)' });
  });

  it('offers a skip link as the first stop of the keyboard on a freshly loaded page', async () => {
    await freshPage();
    await signInAs(page, 'ruth@rotterdam.example', '/organisations');
    await page.reload();
    await rowsOf('Organisations').first().waitFor();
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');
    // The next Tab goes into the content, past the header's navigation.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').evaluate((el) => el.closest('main')?.id)).toBe('content');
  });

  it('sends a member with a rejected token back to sign-in, then on to the page they asked for', async () => {
    await freshPage();
    await page.goto('/sign-in');
    await page.evaluate(() => sessionStorage.setItem('alliance.idToken', 'not-a-jwt'));
    await page.goto('/organisations?kind=agency');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/organisations?kind=agency');

    await page.getByRole('button', { name: /, hans@hamburg\.example$/ }).click();
    await page.waitForURL((url) => url.pathname === '/organisations' && url.search === '?kind=agency');
    await rowsOf('Organisations').first().waitFor();
    expect(await rowsOf('Organisations').count()).toBe(2);
  });

  it('signs out to the sign-in page', async () => {
    await freshPage();
    await signInAs(page, 'sam@northsea-line.example');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.evaluate(() => sessionStorage.getItem('alliance.idToken'))).toBeNull();
  });
});

describe('organisation directory', () => {
  it('filters by kind and country, with the filters in the address', async () => {
    await freshPage();
    await signInAs(page, 'hans@hamburg.example');
    await page.getByRole('link', { name: 'Directory', exact: true }).click();
    await rowsOf('Organisations').first().waitFor();
    const everyone = await rowsOf('Organisations').count();
    expect(everyone).toBeGreaterThanOrEqual(16);

    await page.getByLabel('Kind').selectOption('port_authority');
    await page.getByLabel('Country').selectOption('FR');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.search === '?kind=port_authority&country=FR');
    await expect
      .poll(() => rowsOf('Organisations').locator('td:first-child').allTextContents())
      .toEqual(['Port of Le Havre (HAROPA)', 'Port of Marseille Fos']);
    expect(await rowsOf('Organisations').first().textContent()).toContain('FRLEH');

    await page.getByLabel('Kind').selectOption('shipping_company');
    await page.getByLabel('Country').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect
      .poll(() => rowsOf('Organisations').locator('td:first-child').allTextContents())
      .toEqual(expect.arrayContaining(['North Sea Line', 'Iberia Reefer Lines']));
    const kinds = await rowsOf('Organisations').locator('td:nth-child(2)').allTextContents();
    expect(new Set(kinds)).toEqual(new Set(['Shipping company']));
  });

  it('pages through the directory with "load more", each organisation once', async () => {
    await freshPage();
    await signInAs(page, 'marc@marseille.example', '/organisations?limit=5');
    await rowsOf('Organisations').first().waitFor();
    expect(await rowsOf('Organisations').count()).toBe(5);
    const loadMore = page.getByRole('button', { name: 'Load more organisations' });
    while (await loadMore.isVisible()) {
      const before = await rowsOf('Organisations').count();
      await loadMore.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => rowsOf('Organisations').count()).toBeGreaterThan(before);
    }
    const names = await rowsOf('Organisations').locator('td:first-child').allTextContents();
    expect(names.length).toBeGreaterThanOrEqual(16);
    expect(new Set(names).size).toBe(names.length);
    await page.getByText(`All ${names.length} organisations shown.`).waitFor();
  });

  it('says so when no organisation matches', async () => {
    await freshPage();
    await signInAs(page, 'hans@hamburg.example', '/organisations?kind=commission&country=PL');
    await page.getByText('No organisation matches these filters.').waitFor();
    expect(await page.getByRole('table', { name: 'Organisations' }).count()).toBe(0);
  });

  it('opens an organisation from the directory, without its members for a non-admin', async () => {
    await freshPage();
    await signInAs(page, 'ruth@rotterdam.example', '/organisations?kind=port_authority&country=DE');
    await page.getByRole('link', { name: 'Port of Hamburg' }).click();
    await page.getByRole('heading', { level: 1, name: 'Port of Hamburg' }).waitFor();
    expect(await page.locator('.facts').textContent()).toContain('DEHAM');
    expect(await page.getByRole('heading', { name: 'Members' }).count()).toBe(0);
  });

  it('tells a member when an organisation does not exist', async () => {
    await freshPage();
    await signInAs(page, 'ruth@rotterdam.example', '/organisations/no-such-port');
    await page.getByRole('heading', { name: 'No such organisation' }).waitFor();
  });
});

describe('members', () => {
  it('lets Ana (Antwerp org_admin) invite a member, submitted from the keyboard, and lists them', async () => {
    await freshPage();
    await signInAs(page, 'ana@antwerp.example');
    await page.getByRole('link', { name: 'Manage the members of Port of Antwerp-Bruges' }).click();
    await rowsOf('Members of Port of Antwerp-Bruges').first().waitFor();
    expect(await rowsOf('Members of Port of Antwerp-Bruges').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('bo@antwerp.example')]),
    );

    const name = unique('Inspector');
    const email = `${name.toLowerCase().replace(/\s+/g, '.')}@antwerp.example`;
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Role', { exact: true }).selectOption('contributor');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('E-mail').press('Enter');

    await page
      .getByRole('status')
      .filter({ hasText: `Invited ${name} (${email}) as contributor.` })
      .waitFor();
    const row = rowsOf('Members of Port of Antwerp-Bruges').filter({ hasText: email });
    expect(await row.locator('td').allTextContents()).toEqual([
      name,
      email,
      'Contributor',
      'Active',
      'Never',
      expect.any(String),
      // Last read of restricted material, then the actions.
      'Never',
      'SuspendChange roleRemove',
    ]);
    // The form is ready for the next invitation.
    expect(await page.getByLabel('E-mail').inputValue()).toBe('');

    // The invited member exists for real: they can sign in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: new RegExp(`, ${email.replace(/\./g, '\\.')}$`) }).click();
    await page.getByRole('heading', { name: `Welcome, ${name}` }).waitFor();
  });

  it('shows the API’s field error next to a bad e-mail and invites no one', async () => {
    await freshPage();
    await signInAs(page, 'ana@antwerp.example', '/organisations/antwerp');
    await rowsOf('Members of Port of Antwerp-Bruges').first().waitFor();
    const before = await rowsOf('Members of Port of Antwerp-Bruges').count();

    const name = unique('Typo');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('E-mail').fill('not-an-email');
    await page.getByRole('button', { name: 'Invite member' }).click();

    const email = page.getByLabel('E-mail');
    await page.locator('.field-error').first().waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(
      'Give an e-mail address such as name@example.org.',
    );
    expect(await page.getByRole('alert').textContent()).toContain('Please correct the marked fields.');
    // Other fields carry no error.
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBe('false');

    await page.reload();
    await rowsOf('Members of Port of Antwerp-Bruges').first().waitFor();
    expect(await rowsOf('Members of Port of Antwerp-Bruges').count()).toBe(before);
    expect(await page.getByText(name).count()).toBe(0);
  });

  it('lets Ana suspend Bo with a reason from the keyboard; Bo’s next navigation says his access is suspended', async () => {
    const members = 'Members of Port of Antwerp-Bruges';
    const bo = await newPage(pages.browser);
    try {
      await signInAs(bo, 'bo@antwerp.example');
      await freshPage();
      await signInAs(page, 'ana@antwerp.example', '/organisations/antwerp');
      const row = rowsOf(members).filter({ hasText: 'bo@antwerp.example' });
      await row.waitFor();
      // Bo has signed in: the members page says when.
      expect(await row.locator('td').nth(4).textContent()).not.toBe('Never');

      await page.getByRole('button', { name: 'Suspend: Bo Maes' }).press('Enter');
      const reason = page.getByLabel('Reason');
      // The confirm step takes the focus; a missing reason is explained under the field.
      expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
      await reason.press('Enter');
      await page.locator('.field-error').waitFor();
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('.field-error').textContent()).toMatch(/reason/);
      await reason.fill('Phone lost on the quay');
      await reason.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Bo Maes is suspended' }).waitFor();
      await row.filter({ hasText: 'Suspended' }).waitFor();

      // Bo's next navigation: refused, and told why.
      await bo.locator('.site-header').getByRole('link', { name: 'Directory' }).click();
      await bo.waitForURL('**/sign-in**');
      const notice = bo.getByRole('alert').filter({ hasText: 'Your access has been suspended' });
      await notice.waitFor();
      expect(await notice.textContent()).toContain('Ask your organisation');
      // Signing in again is refused too, in plain words.
      await bo.getByRole('button', { name: /, bo@antwerp\.example$/ }).click();
      await bo.getByRole('alert').filter({ hasText: 'Your access has been suspended' }).nth(1).waitFor();

      await page.getByRole('button', { name: 'Reinstate: Bo Maes' }).click();
      await page.getByLabel('Reason').fill('Phone found');
      await page.getByRole('button', { name: 'Reinstate Bo Maes' }).click();
      await page.getByRole('status').filter({ hasText: 'Bo Maes is reinstated.' }).waitFor();
      await signInAs(bo, 'bo@antwerp.example');
    } finally {
      // Later tests sign in as Bo: never leave him suspended, even when this test fails.
      await page.evaluate(async () => {
        await fetch('/api/v1/organisations/antwerp/members/bo-antwerp', {
          method: 'PATCH',
          headers: {
            authorization: `Bearer ${sessionStorage.getItem('alliance.idToken')}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ status: 'active', reason: 'end of the e2e test' }),
        });
      });
      await bo.context().close();
    }
  });

  it('shows Bo (reader) no members and no invite form', async () => {
    await freshPage();
    await signInAs(page, 'bo@antwerp.example', '/organisations/antwerp');
    await page.getByRole('heading', { level: 1, name: 'Port of Antwerp-Bruges' }).waitFor();
    await page.locator('.facts').waitFor();
    expect(await page.getByRole('heading', { name: 'Invite a member' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Members' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Invite member' }).count()).toBe(0);
    expect(await page.locator('.site-header').getByRole('link', { name: 'Add organisation' }).count()).toBe(
      0,
    );
  });
});

describe('organisations', () => {
  it('lets Clara (Commission org_admin) add an organisation that then appears in the directory', async () => {
    await freshPage();
    await signInAs(page, 'clara@commission.example');
    await page.locator('.site-header').getByRole('link', { name: 'Add organisation' }).click();
    await page.getByRole('heading', { name: 'Add a member organisation' }).waitFor();

    const name = unique('Port of Sines');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Kind').selectOption('port_authority');
    await page.getByLabel('Country').selectOption('PT');
    await page.getByLabel('UN/LOCODE').fill('ptsie');
    await page.getByRole('button', { name: 'Add organisation' }).click();

    await page.getByRole('heading', { level: 1, name }).waitFor();
    expect(page.url()).toMatch(/\/organisations\/port-of-sines-[a-z0-9-]+$/);
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain('PTSIE');
    expect(facts).toContain('Portugal (PT)');
    // Commission org_admins manage any organisation's members: the new one has none yet.
    await page.getByText('No members yet.').waitFor();

    await page.goto('/organisations?country=PT');
    await expect
      .poll(() => rowsOf('Organisations').locator('td:first-child').allTextContents())
      .toContain(name);
  });

  it('shows each field’s error for an incomplete organisation and adds nothing', async () => {
    await freshPage();
    await signInAs(page, 'clara@commission.example', '/organisations/new');
    const name = unique('Port without code');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Kind').selectOption('port_authority');
    await page.getByRole('button', { name: 'Add organisation' }).click();

    await page.locator('.field-error').first().waitFor();
    expect(await page.getByLabel('Country').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('UN/LOCODE').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBe('false');
    expect(page.url()).toMatch(/\/organisations\/new$/);

    await page.goto('/organisations?kind=port_authority');
    await rowsOf('Organisations').first().waitFor();
    expect(await page.getByText(name).count()).toBe(0);
  });

  it('keeps the add-organisation page from other members', async () => {
    await freshPage();
    await signInAs(page, 'ana@antwerp.example', '/organisations/new');
    await page.getByText('Your role does not give access to this page.').waitFor();
    expect(await page.getByLabel('Name').count()).toBe(0);
  });
});
