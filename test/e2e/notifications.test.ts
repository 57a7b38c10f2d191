import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPerFile, dateInDays, portalUrl, unique } from '../support/browser';

const pages = browserPerFile();

/** A message of the local mailbox, as `GET /local/mail/messages` lists them (issue 12's contract). */
interface MailboxMessage {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  receivedAt: string;
}

/** The count the bell says it has, from its accessible name ("Notifications, 3 unread"). */
async function unreadOf(page: Page): Promise<number> {
  const label = (await page.locator('header a.bell').getAttribute('aria-label')) ?? '';
  const match = /^Notifications, (none|\d+) unread$/.exec(label);
  if (!match) throw new Error(`the bell is named “${label}”`);
  return match[1] === 'none' ? 0 : Number(match[1]);
}

/**
 * Navigates within the portal (the bell asks again on every navigation) until the bell shows
 * more than `before`; issue 12 gives a notification 10 seconds to exist locally.
 */
async function waitForBellAbove(page: Page, before: number): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const asked = page.waitForResponse((r) => r.url().includes('/api/v1/me/notifications?'));
    // To another page than the one shown: navigating to the same path is no navigation.
    const onHome = new URL(page.url()).pathname === '/';
    // The Bulletins link carries the desk's count in its name ("Bulletins 2") once the desk is shown.
    await page
      .getByRole('link', { name: onHome ? /^Bulletins(\s+\d+\+?)?$/ : 'Home' })
      .first()
      .click();
    await asked;
    try {
      await expect.poll(() => unreadOf(page), { timeout: 1_000 }).toBeGreaterThan(before);
      return await unreadOf(page);
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

/** The messages to `to` in the local mailbox whose text links to `path`, waited for up to 15 s. */
async function mailTo(to: string, path: string): Promise<MailboxMessage[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await fetch(`${portalUrl()}/local/mail/messages`);
    expect(res.status).toBe(200);
    const all = (await res.json()) as MailboxMessage[];
    const found = all.filter((m) => m.to.includes(to) && m.text.includes(path));
    if (found.length > 0) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} linking to ${path} in 15 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('notifications of an AMBER bulletin from Antwerp to Rotterdam', () => {
  it('ring Ruth’s bell, mail her the label and the publisher but not the title, lead her to sign in and acknowledge, and tell Ben', async () => {
    const title = unique('Rip-off team at terminal gate');
    const summary = unique('Extraction team seen near the reefer stack');

    const ruth = await pages.openAs('ruth@rotterdam.example');
    const ruthBefore = await unreadOf(ruth);
    const ben = await pages.openAs('ben@antwerp.example');
    const benBefore = await unreadOf(ben);

    // Ben (Antwerp) publishes an AMBER bulletin to Rotterdam that Rotterdam must acknowledge.
    await ben.getByRole('link', { name: 'Bulletins' }).click();
    await ben.getByRole('link', { name: 'Write a bulletin' }).click();
    await ben.locator('input[name=tlp][value="TLP:AMBER"]').check();
    await ben.getByLabel('Title').fill(title);
    await ben.getByLabel('Summary').fill(summary);
    await ben.getByLabel('Body').fill('Two people in high-visibility vests opened a reefer at the gate.');
    await ben.getByLabel('Severity').selectOption('high');
    await ben.getByRole('checkbox', { name: /Extraction teams/ }).check();
    await ben.getByRole('checkbox', { name: 'Port of Rotterdam' }).check();
    await ben.getByRole('checkbox', { name: /must acknowledge/ }).check();
    await ben.getByLabel('Acknowledge by').fill(dateInDays(7));
    await ben.getByRole('button', { name: 'Save draft' }).click();
    await ben.waitForURL(/\/bulletins\/[0-9a-f-]{36}\/edit$/);
    const id = ben.url().split('/').at(-2)!;
    await ben.getByRole('button', { name: 'Publish bulletin' }).click();
    await ben.waitForURL(`**/bulletins/${id}`);
    const path = `/bulletins/${id}`;

    // Ruth's bell counts it.
    const ruthAfter = await waitForBellAbove(ruth, ruthBefore);
    expect(ruthAfter).toBeGreaterThan(ruthBefore);

    // The local mailbox holds her mail: label and publisher, a link, never the title or summary.
    const [mail] = await mailTo('ruth@rotterdam.example', path);
    for (const part of [mail!.subject, mail!.text, mail!.html]) {
      expect(part).not.toContain(title);
      expect(part).not.toContain(summary);
    }
    expect(`${mail!.subject}\n${mail!.text}`).toContain('TLP:AMBER');
    expect(`${mail!.subject}\n${mail!.text}`).toContain('Antwerp');
    const links = [...mail!.text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => new URL(m[0]));
    const link = links.find((l) => l.pathname === path);
    expect(link, mail!.text).toBeDefined();

    // She follows the link in a browser that is not signed in: sign-in first, then the bulletin.
    const fromMail = await pages.open();
    await fromMail.goto(link!.pathname);
    await fromMail.waitForURL(/\/sign-in\?next=/);
    await fromMail.getByRole('button', { name: /, ruth@rotterdam\.example$/ }).click();
    await fromMail.waitForURL(`**${path}`);
    await fromMail.getByRole('heading', { level: 1, name: title }).waitFor();
    await fromMail.getByRole('button', { name: 'Acknowledge for my organisation' }).click();
    await fromMail.getByText('Acknowledged on behalf of your organisation.').waitFor();

    // In her notification centre the bulletin is named by label and publisher, newest first.
    await fromMail.locator('header a.bell').click();
    await fromMail.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const first = fromMail.locator('.notification-row').first();
    await expect(first.getByRole('link').getAttribute('href')).resolves.toBe(path);
    await expect(first.textContent()).resolves.toContain('TLP:AMBER bulletin');
    await expect(first.textContent()).resolves.toContain('Port of Antwerp-Bruges');
    await expect(first.textContent()).resolves.not.toContain(title);

    // Ben is told of the receipt: his bell rises, his centre names Rotterdam and links the bulletin.
    await waitForBellAbove(ben, benBefore);
    await ben.locator('header a.bell').click();
    const receipt = ben
      .locator('.notification-row', { hasText: 'Acknowledged by Port of Rotterdam' })
      .first();
    await receipt.waitFor();
    await expect(receipt.getByRole('link').getAttribute('href')).resolves.toBe(path);

    // Marking everything read empties his bell.
    await ben.getByRole('button', { name: 'Mark all as read' }).click();
    await ben.getByText('All notifications are marked as read.').waitFor();
    await expect.poll(() => unreadOf(ben)).toBe(0);
    await expect(ben.locator('header a.bell').getAttribute('aria-label')).resolves.toBe(
      'Notifications, none unread',
    );
    // Two members' sessions, a publish, the stream's fan-out and the mailbox: longer than one page.
  }, 120_000);
});

describe('e-mail preferences', () => {
  it('are chosen with the keyboard and saved, with a plain message', async () => {
    const hans = await pages.openAs('hans@hamburg.example');
    await hans.goto('/preferences');
    await hans.getByRole('heading', { level: 1, name: 'E-mail preferences' }).waitFor();
    const reminders = hans.getByRole('group', { name: 'Reminders of due dates' });
    await reminders.getByRole('radio', { name: 'No e-mail' }).focus();
    await hans.keyboard.press('Space');
    await expect(reminders.getByRole('radio', { name: 'No e-mail' }).isChecked()).resolves.toBe(true);
    await hans.getByLabel('Daily digest at').selectOption('7');
    await hans.getByRole('button', { name: 'Save preferences' }).focus();
    await hans.keyboard.press('Enter');
    await hans.getByText('Your e-mail preferences are saved.').waitFor();

    // Read again from the API, the choice stayed.
    await hans.reload();
    await hans.getByRole('heading', { level: 1, name: 'E-mail preferences' }).waitFor();
    await expect(
      hans
        .getByRole('group', { name: 'Reminders of due dates' })
        .getByRole('radio', { name: 'No e-mail' })
        .isChecked(),
    ).resolves.toBe(true);
    await expect(hans.getByLabel('Daily digest at').inputValue()).resolves.toBe('7');
  });
});
