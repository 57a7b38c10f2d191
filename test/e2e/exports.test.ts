import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPerFile } from '../support/browser';

/**
 * Issue 15's exports from the pages: the feed, with its filters, as CSV and as a STIX 2.1 bundle,
 * and one bulletin as STIX, fetched with the member's token (a plain link would carry none).
 */
const pages = browserPerFile();

async function saved(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, undefined];
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

describe('exports', () => {
  it('save the filtered feed as CSV and STIX, and one bulletin as STIX', async () => {
    const ruth = await pages.openAs('ruth@rotterdam.example', '/bulletins?category=reefer-machinery');
    const first = ruth.locator('.bulletin-row .bulletin-title').first();
    await first.waitFor();
    const shown = await ruth.locator('.bulletin-row .bulletin-title').allTextContents();

    const csv = await saved(ruth, () => ruth.getByRole('button', { name: 'CSV (spreadsheet)' }).click());
    expect(csv.name).toBe('bulletins.csv');
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines.length - 1).toBe(shown.length);
    for (const title of shown) expect(csv.text).toContain(title);

    const stix = await saved(ruth, () =>
      ruth.getByRole('button', { name: 'STIX 2.1 (MISP, OpenCTI)' }).click(),
    );
    const bundle = JSON.parse(stix.text) as { type: string; objects: { type: string; name?: string }[] };
    expect(bundle.type).toBe('bundle');
    const reports = bundle.objects.filter((o) => o.type === 'report').map((o) => o.name);
    expect(reports.sort()).toEqual([...shown].sort());

    const title = shown[0]!;
    await first.click();
    await ruth.getByRole('heading', { level: 1, name: title }).waitFor();
    const one = await saved(ruth, () => ruth.getByRole('button', { name: 'Download as STIX 2.1' }).click());
    const single = JSON.parse(one.text) as { objects: { type: string; name?: string }[] };
    expect(single.objects.filter((o) => o.type === 'report').map((o) => o.name)).toEqual([title]);
  });
});
