import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPerFile, dateInDays, portalUrl, signInAs, tokenFor, unique } from '../support/browser';

/**
 * Issue 13's journey: Sam (North Sea Line) submits with evidence → Carl (Commission) opens Sam's
 * assessment from the scoreboard and marks AC-03 "needs more evidence" with a comment → Sam sees it
 * and adds a file → Carl accepts → the scoreboard shows AC-03 verified one more.
 */
const pages = browserPerFile();

/** A checklist for shipping companies with author-chosen ids, published by Carl through the API. */
async function publishForShippingLines(title: string): Promise<string> {
  const token = await tokenFor('carl@commission.example');
  const call = (path: string, body?: unknown) =>
    fetch(`${portalUrl()}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const item = (id: string, text: string, area: string) => ({ id, text, level: 'mandatory', area });
  const draft = await call('/checklists', {
    title,
    description: 'Release PINs and vessel access for shipping lines.',
    appliesTo: ['shipping_company'],
    dueAt: `${dateInDays(30)}T00:00:00.000Z`,
    items: [
      item('AC-01', 'Crew lists are sent to the terminal before arrival.', 'access_control'),
      item('AC-02', 'Visitors on board are escorted and logged.', 'access_control'),
      item('AC-03', 'Container-release PINs are single-use and expire within 24 hours.', 'it_security'),
    ],
  });
  expect(draft.status).toBe(201);
  const { id } = (await draft.json()) as { id: string };
  expect((await call(`/checklists/${id}/publish`)).status).toBe(201);
  return id;
}

const verifiedAc03 = async (carl: Page) => {
  const cell = carl.getByRole('table', { name: 'Per item' }).locator('tr[data-item="AC-03"] .verified-count');
  await cell.waitFor();
  return Number(await cell.textContent());
};

const ac03Row = (page: Page) =>
  page.getByRole('table', { name: 'Answers and their review' }).locator('tr[data-item="AC-03"]');

describe('reviewing an answer', () => {
  it('Sam submits with evidence, Carl asks for more on AC-03, Sam adds a file, Carl accepts: AC-03 verified +1', {
    timeout: 120_000,
  }, async () => {
    const title = unique('Release PIN hygiene');
    const id = await publishForShippingLines(title);
    const scoreboard = `/progress/checklists/${id}/versions/1`;

    const carl = await pages.open();
    await signInAs(carl, 'carl@commission.example', scoreboard);
    const before = await verifiedAc03(carl);

    // Sam answers every item, with an evidence file on AC-01, and submits.
    const sam = await pages.open();
    await signInAs(sam, 'sam@northsea-line.example', `/checklists/${id}/versions/1/assess`);
    const items = sam.locator('.item-card');
    await items.first().waitFor();
    for (let i = 0; i < 3; i++) await items.nth(i).getByLabel('Implemented', { exact: true }).check();
    await sam.getByLabel('Evidence file for AC-01 (optional)').setInputFiles({
      name: 'crew-list-procedure.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Crew lists go to the terminal 24 hours before arrival.'),
    });
    await sam.getByText('Evidence: crew-list-procedure.txt').waitFor();
    await sam.getByRole('button', { name: 'Submit and acknowledge' }).click();
    await sam.waitForURL(`**/checklists/${id}`);

    // Carl opens Sam's assessment from the scoreboard's port table and asks for more on AC-03.
    await carl.reload();
    await carl.getByRole('table', { name: 'By port' }).getByRole('link', { name: 'North Sea Line' }).click();
    await carl.waitForURL(`**/checklists/${id}/versions/1/assessments/northsea-line`);
    await carl.getByRole('button', { name: 'Download crew-list-procedure.txt' }).waitFor();
    await ac03Row(carl).getByLabel('Comment for the organisation').fill('Send the PIN expiry log.');
    await ac03Row(carl).getByRole('button', { name: 'Needs more evidence' }).click();
    await carl.locator('tr[data-item="AC-03"][data-review="needs_evidence"]').waitFor();

    // Sam sees the comment, adds a file to AC-03 and submits again.
    await sam.goto(`/checklists/${id}/versions/1/assessments/northsea-line`);
    await ac03Row(sam).getByText('Send the PIN expiry log.').waitFor();
    expect(await ac03Row(sam).getByText('Needs more evidence').count()).toBe(1);
    await sam.getByRole('link', { name: 'Answer the comment: add evidence and submit again' }).click();
    await sam.getByLabel('Evidence file for AC-03 (optional)').setInputFiles({
      name: 'pin-expiry-log.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('PIN 4711 issued 08:00, expired 08:00 next day.'),
    });
    await sam.getByText('Evidence: pin-expiry-log.txt').waitFor();
    await sam.getByRole('button', { name: 'Submit the new answers' }).click();
    await sam.waitForURL(`**/checklists/${id}`);

    // Carl reads the new revision, accepts AC-03, and the scoreboard counts it verified.
    await carl.reload();
    await ac03Row(carl).getByRole('button', { name: 'Download pin-expiry-log.txt' }).waitFor();
    expect(await carl.locator('tr[data-item="AC-03"]').getAttribute('data-review')).toBe('awaiting_review');
    await ac03Row(carl).getByRole('button', { name: 'Accept', exact: true }).click();
    await carl.locator('tr[data-item="AC-03"][data-review="accepted"]').waitFor();
    await carl.goto(scoreboard);
    expect(await verifiedAc03(carl)).toBe(before + 1);
    const perItem = carl.getByRole('table', { name: 'Per item' });
    expect(await perItem.locator('tr[data-item="AC-03"] .implemented-count').textContent()).toBe('1');

    // Sam sees the decision on his own answers.
    await sam.goto(`/checklists/${id}/versions/1/assessments/northsea-line`);
    await sam.locator('tr[data-item="AC-03"][data-review="accepted"]').waitFor();
  });
});
