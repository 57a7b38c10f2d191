import { createHash } from 'node:crypto';
import type { Download } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPerFile, dateInDays, unique } from '../support/browser';

const pages = browserPerFile();

/** A signed-in page in its own session; script errors and CSP violations fail the test. */
const pageFor = (email: string) => pages.openAs(email);

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function bytesOf(download: Download) {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const inTwoWeeks = () => dateInDays(14);

describe('a TLP:GREEN guide that asks for acknowledgement, from Rotterdam to Algeciras', () => {
  it('is published with its file by Ruth, found by tag, downloaded and acknowledged by Alba, who is asked again after a material version 2', async () => {
    const title = unique('Release PIN guide');
    const tag = `pins-${title.split(' ').pop()}`;
    const first = pdf(`${title} version 1`);
    const second = pdf(`${title} version 2: identity-bound release`);

    // Ruth (Rotterdam) publishes the guide: label, audience, acknowledgement, file.
    const ruth = await pageFor('ruth@rotterdam.example');
    await ruth.getByRole('link', { name: 'Library', exact: true }).click();
    await ruth.getByRole('link', { name: 'Publish a document' }).click();
    await ruth.getByLabel('Title').fill(title);
    await ruth.getByLabel('Summary').fill('Replace container-release PINs by identity-bound release.');
    await ruth.getByLabel('Tags').fill(`${tag}, it security`);
    await ruth.getByRole('checkbox', { name: 'Cargo release' }).check();
    await ruth.locator('input[name=tlp][value="TLP:GREEN"]').check();
    await expect(ruth.locator('.who-will-see').textContent()).resolves.toContain(
      'Every member of every alliance organisation',
    );
    await ruth.getByRole('checkbox', { name: 'Port of Algeciras' }).check();
    await ruth.getByRole('checkbox', { name: /must acknowledge/ }).check();
    await ruth.getByLabel('Acknowledge by').fill(inTwoWeeks());
    await ruth
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'pins-guide.pdf', mimeType: 'application/pdf', buffer: first });
    await ruth.getByRole('button', { name: 'Publish document' }).click();
    await ruth.getByRole('heading', { level: 1, name: title }).waitFor();
    const versionRows = ruth.getByRole('table', { name: 'Versions' }).locator('tbody tr');
    await expect(versionRows.first().locator('.hash').getAttribute('title')).resolves.toBe(sha256(first));
    const documentPath = new URL(ruth.url()).pathname;

    // Alba (Algeciras) finds it by tag, downloads it and acknowledges it.
    const alba = await pageFor('alba@algeciras.example');
    await alba.getByRole('link', { name: 'Library', exact: true }).click();
    await alba.getByLabel('Tag').fill(tag);
    await alba.getByRole('button', { name: 'Search' }).click();
    await alba.waitForURL((url) => url.searchParams.get('tag') === tag);
    const row = alba.locator('.document-row', { hasText: title });
    // The whole library is listed until the tag search answers (Ruth's guide among it): wait for
    // the search's list, which holds her guide alone, rather than count the one on screen.
    await expect.poll(() => alba.locator('.document-row').count()).toBe(1);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Needs your acknowledgement');
    await row.getByRole('link', { name: title }).click();
    await alba.getByRole('heading', { level: 1, name: title }).waitFor();
    const [download] = await Promise.all([
      alba.waitForEvent('download'),
      alba.getByRole('button', { name: 'Download pins-guide.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('pins-guide.pdf');
    expect(sha256(await bytesOf(download))).toBe(sha256(first));
    await alba.getByRole('button', { name: 'Acknowledge version 1' }).click();
    await alba.getByText('Version 1 acknowledged on behalf of your organisation.').waitFor();
    await alba.getByText(/Your organisation acknowledged version 1/).waitFor();

    // Ruth sees the attestation, then uploads a material version 2.
    await ruth.reload();
    await ruth.getByRole('link', { name: 'Attestations' }).click();
    const receipt = ruth.getByRole('row', { name: /algeciras/ });
    await expect(receipt.textContent()).resolves.toContain('Acknowledged');
    await expect(receipt.textContent()).resolves.toContain('alba@algeciras.example');
    await expect(receipt.locator('.hash').getAttribute('title')).resolves.toBe(sha256(first));
    await ruth.goto(documentPath);
    await ruth.getByRole('link', { name: 'Upload a new version' }).click();
    await ruth.getByLabel('Change note').fill('Identity-bound release replaces PINs at every terminal');
    await ruth.getByRole('checkbox', { name: /Material change/ }).check();
    await ruth
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'pins-guide-v2.pdf', mimeType: 'application/pdf', buffer: second });
    await ruth.getByRole('button', { name: 'Publish version 2' }).click();
    await ruth.getByRole('heading', { level: 1, name: title }).waitFor();
    await ruth.getByRole('row', { name: /^2 / }).waitFor();
    await expect(ruth.getByRole('row', { name: /^1 / }).textContent()).resolves.toContain('Superseded');

    // Alba is asked again, for version 2; version 1 still downloads, marked superseded.
    await alba.goto('/documents');
    const again = alba.locator('.document-row', { hasText: title });
    await expect(again.textContent()).resolves.toContain('Needs your acknowledgement');
    await again.getByRole('link', { name: title }).click();
    await alba.getByText('Your organisation is asked to acknowledge version 2').waitFor();
    const [old] = await Promise.all([
      alba.waitForEvent('download'),
      alba.getByRole('button', { name: 'Download version 1' }).click(),
    ]);
    expect(sha256(await bytesOf(old))).toBe(sha256(first));
    await alba.getByText('Version 1 is superseded by version 2').waitFor();
    await alba.getByRole('button', { name: 'Acknowledge version 2' }).click();
    await alba.getByText('Version 2 acknowledged on behalf of your organisation.').waitFor();
  });
});

describe('an upload that never completed is not lost', () => {
  it('is listed for Ruth after a failed upload, uploaded again and published; another is discarded after a confirm step', async () => {
    const title = unique('Reefer inspection plan');
    const file = pdf(`${title}: who is on the quay`);
    const ruth = await pageFor('ruth@rotterdam.example');

    /** Fills the publish form and sends it while storage cannot be reached. */
    const startWithoutStorage = async (name: string, bytes: Buffer) => {
      await ruth.goto('/documents/new');
      await ruth.getByLabel('Title').fill(name);
      await ruth.getByLabel('Summary').fill('Who may enter the quay during a reefer inspection.');
      await ruth.locator('input[name=tlp][value="TLP:GREEN"]').check();
      await ruth
        .getByLabel('File', { exact: true })
        .setInputFiles({ name: 'reefer-plan.pdf', mimeType: 'application/pdf', buffer: bytes });
      await ruth.route('**/local/s3/**', (route) => route.abort());
      await ruth.getByRole('button', { name: 'Publish document' }).click();
      await ruth.getByText('The upload failed; check your connection.').waitFor();
      await ruth.unroute('**/local/s3/**');
    };

    await startWithoutStorage(title, file);
    // Gone from sight before this feature: a reload of the library shows it again.
    await ruth.goto('/documents');
    const unfinished = ruth.getByRole('region', { name: 'Unfinished uploads of your organisation' });
    const row = unfinished.getByRole('listitem', { name: title });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('reefer-plan.pdf');
    await row.getByRole('button', { name: 'Upload again' }).click();
    await row
      .getByLabel(/^File/)
      .setInputFiles({ name: 'reefer-plan.pdf', mimeType: 'application/pdf', buffer: file });
    await row.getByRole('button', { name: 'Upload and publish' }).click();
    await ruth.getByRole('heading', { level: 1, name: title }).waitFor();
    const versionRows = ruth.getByRole('table', { name: 'Versions' }).locator('tbody tr');
    await expect(versionRows.first().locator('.hash').getAttribute('title')).resolves.toBe(sha256(file));

    // Published: in the library, no longer unfinished.
    await ruth.goto('/documents');
    await ruth.locator('.document-list .document-row', { hasText: title }).waitFor();
    await expect(
      ruth.getByRole('listitem', { name: title }).filter({ hasText: 'Upload again' }).count(),
    ).resolves.toBe(0);

    // Another one is discarded, after saying yes.
    const other = unique('Abandoned draft');
    await startWithoutStorage(other, pdf(other));
    await ruth.goto('/documents');
    const abandoned = ruth
      .getByRole('region', { name: 'Unfinished uploads of your organisation' })
      .getByRole('listitem', { name: other });
    await abandoned.getByRole('button', { name: 'Discard' }).click();
    await abandoned.getByRole('button', { name: 'Keep it' }).waitFor();
    await abandoned.getByRole('button', { name: 'Yes, discard' }).click();
    await abandoned.waitFor({ state: 'detached' });
  });
});
