import { describe, expect, it } from 'vitest';
import { browserPerFile, dateInDays, unique } from '../support/browser';

const pages = browserPerFile();

/** A signed-in page in its own session; script errors and CSP violations fail the test. */
const pageFor = (email: string) => pages.openAs(email);

describe('an AMBER bulletin with an attachment, from Antwerp to Rotterdam', () => {
  it('is published by Ben, read, downloaded and acknowledged by Ruth, invisible to Hans, and receipted to Ben', async () => {
    const title = unique('Reefer panel rip-on');
    const attachment = 'Seal numbers: 4711, 4712\n';

    // Ben (Antwerp) writes the draft, attaches a file, sees who will see it, publishes.
    const ben = await pageFor('ben@antwerp.example');
    await ben.getByRole('link', { name: 'Bulletins' }).click();
    await ben.getByRole('link', { name: 'Write a bulletin' }).click();
    await ben.locator('input[name=tlp][value="TLP:AMBER"]').check();
    await ben.getByLabel('Title').fill(title);
    await ben.getByLabel('Summary').fill('Bags behind evaporator panels of reefers from Guayaquil.');
    await ben
      .getByLabel('Body')
      .fill('## Check\n\n- fresh screws on the **panel**\n- <script>alert(1)</script> stays text');
    await ben.getByLabel('Severity').selectOption('high');
    await ben.getByRole('checkbox', { name: /Reefer machinery/ }).check();
    await ben.getByLabel('Affected ports').fill('BEANR, NLRTM');
    await ben.getByRole('checkbox', { name: 'Port of Rotterdam' }).check();
    await expect(ben.locator('.who-will-see').textContent()).resolves.toContain(
      'Port of Antwerp-Bruges, Port of Rotterdam',
    );
    await ben.getByRole('checkbox', { name: /must acknowledge/ }).check();
    await ben.getByLabel('Acknowledge by').fill(dateInDays(7));
    await ben.getByRole('button', { name: 'Save draft' }).click();
    await ben.waitForURL(/\/bulletins\/[0-9a-f-]{36}\/edit$/);
    const id = ben.url().split('/').at(-2)!;

    await ben.getByLabel('File', { exact: true }).setInputFiles({
      name: 'seals.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(attachment),
    });
    await ben.getByText('seals.txt uploaded.').waitFor();
    await expect(ben.locator('progress').getAttribute('value')).resolves.toBe('100');
    await expect(ben.locator('.publish').textContent()).resolves.toContain(
      'Members of Port of Antwerp-Bruges, Port of Rotterdam',
    );
    await ben.getByRole('button', { name: 'Publish bulletin' }).click();
    await ben.waitForURL(`**/bulletins/${id}`);
    await ben.getByRole('heading', { level: 1, name: title }).waitFor();
    // The body's markup is rendered from the safe subset; raw HTML is text.
    await expect(ben.locator('.markdown strong').textContent()).resolves.toBe('panel');
    await expect(ben.locator('.markdown script').count()).resolves.toBe(0);

    // Ruth (Rotterdam) sees it marked, opens it, downloads the attachment, acknowledges.
    const ruth = await pageFor('ruth@rotterdam.example');
    await ruth.getByRole('link', { name: 'Bulletins' }).click();
    const row = ruth.locator('.bulletin-row', { hasText: title });
    await row.waitFor();
    await expect(row.locator('.tlp').first().textContent()).resolves.toContain('TLP:AMBER');
    await expect(row.textContent()).resolves.toContain('Unread');
    await expect(row.textContent()).resolves.toContain('Needs your acknowledgement');
    // Narrowed to what Rotterdam must acknowledge, the feed still holds it, and only such rows.
    await ruth.getByRole('checkbox', { name: 'Only what we must acknowledge' }).check();
    await ruth.getByRole('button', { name: 'Filter' }).click();
    await ruth.waitForURL(/needsAcknowledgement=true/);
    const owed = ruth.locator('.bulletin-row', { hasText: title });
    await owed.waitFor();
    const shown = await ruth.locator('.bulletin-row').allTextContents();
    expect(shown.every((text) => text.includes('Needs your acknowledgement'))).toBe(true);
    await owed.getByRole('link', { name: title }).click();
    await ruth.getByRole('heading', { level: 1, name: title }).waitFor();
    const [download] = await Promise.all([
      ruth.waitForEvent('download'),
      ruth.getByRole('button', { name: 'Download seals.txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('seals.txt');
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(attachment);
    await ruth.getByRole('button', { name: 'Acknowledge for my organisation' }).click();
    await ruth.getByText('Acknowledged on behalf of your organisation.').waitFor();
    await ruth.getByRole('link', { name: 'Bulletins' }).first().click();
    const after = ruth.locator('.bulletin-row', { hasText: title });
    await after.waitFor();
    await expect(after.textContent()).resolves.not.toContain('Needs your acknowledgement');

    // Hans (Hamburg) neither sees it in his feed nor at its address.
    const hans = await pageFor('hans@hamburg.example');
    await hans.getByRole('link', { name: 'Bulletins' }).click();
    await hans.locator('.bulletin-row').first().waitFor();
    await expect(hans.locator('.bulletin-row', { hasText: title }).count()).resolves.toBe(0);
    await hans.goto(`/bulletins/${id}`);
    await hans.getByRole('heading', { level: 1, name: 'Bulletin not found' }).waitFor();
    await expect(hans.content()).resolves.not.toContain(title);

    // Ben sees Ruth's receipt.
    await ben.getByRole('link', { name: 'Receipts' }).click();
    const receipt = ben.getByRole('row', { name: /rotterdam/ });
    await receipt.waitFor();
    await expect(receipt.textContent()).resolves.toContain('Acknowledged');
    await expect(receipt.textContent()).resolves.toContain('ruth@rotterdam.example');
  });
});

describe('an attachment whose upload the file store refuses', () => {
  it('is said in plain words, stays pending and unpublishable, and is uploaded again or removed', async () => {
    const title = unique('Seal check');
    const notes = 'Seals 4711 and 4712 intact, panels reopened.\n';
    const ben = await pageFor('ben@antwerp.example');
    await ben.getByRole('link', { name: 'Bulletins' }).click();
    await ben.getByRole('link', { name: 'Write a bulletin' }).click();
    await ben.locator('input[name=tlp][value="TLP:AMBER"]').check();
    await ben.getByLabel('Title').fill(title);
    await ben.getByLabel('Summary').fill('Seal numbers checked on the reefers from Guayaquil.');
    await ben.getByRole('checkbox', { name: /Reefer machinery/ }).check();
    await ben.getByRole('checkbox', { name: 'Port of Rotterdam' }).check();
    await ben.getByRole('button', { name: 'Save draft' }).click();
    await ben.waitForURL(/\/bulletins\/[0-9a-f-]{36}\/edit$/);

    // The file store fails every upload, answering as S3 does: a 500 with an XML error. The first
    // answer is held until the test lets it go, so the draft can be saved while the file is on
    // its way (its row is then listed before the failure arrives).
    let letFirstAnswerGo = () => {};
    const firstAnswerHeld = new Promise<void>((resolve) => (letFirstAnswerGo = resolve));
    let fileArrived = () => {};
    const firstFileArrived = new Promise<void>((resolve) => (fileArrived = resolve));
    const storePosts = (url: URL) => url.pathname.startsWith('/local/s3/');
    await ben.route(storePosts, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      fileArrived();
      await firstAnswerHeld;
      return route.fulfill({
        status: 500,
        contentType: 'application/xml',
        body: '<?xml version="1.0"?><Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>',
      });
    });
    const attachFile = async (name: string) => {
      await ben.getByLabel('File', { exact: true }).setInputFiles({
        name,
        mimeType: 'text/plain',
        buffer: Buffer.from(notes),
      });
    };
    await attachFile('notes.txt');
    const row = ben.getByRole('listitem', { name: 'notes.txt' });
    // Saved while the file is on its way: the upload's steps moved the revision, not the content,
    // so the save is not refused as a conflict.
    await firstFileArrived;
    await ben.getByRole('button', { name: 'Save draft' }).click();
    await row.getByText('Not uploaded yet').waitFor();
    await ben.getByText('Draft saved.').waitFor();
    await expect(ben.content()).resolves.not.toContain('Precondition failed');
    letFirstAnswerGo();
    await row.getByText('The file could not be stored; try again.').waitFor();
    await row.getByText('Not uploaded yet').waitFor();
    await expect(ben.content()).resolves.not.toContain('InternalError');

    // Publishing is refused while it is pending, naming the file.
    await ben.getByRole('button', { name: 'Publish bulletin' }).click();
    await ben
      .locator('.publish')
      .getByText(/Not uploaded yet: notes\.txt/)
      .waitFor();

    // A second failed file is removed.
    await attachFile('draft-notes.txt');
    const second = ben.getByRole('listitem', { name: 'draft-notes.txt' });
    await second.getByText('The file could not be stored; try again.').waitFor();
    await second.getByRole('button', { name: 'Remove' }).click();
    await second.waitFor({ state: 'detached' });

    // The store is back: Upload again sends the same file, and the mark goes.
    await ben.unroute(storePosts);
    await row.getByRole('button', { name: 'Upload again' }).click();
    await row.getByText('Not uploaded yet').waitFor({ state: 'detached' });
    await ben.getByRole('button', { name: 'Publish bulletin' }).click();
    await ben.getByRole('heading', { level: 1, name: title }).waitFor();

    // Ruth sees the one attachment and downloads it.
    const ruth = await pageFor('ruth@rotterdam.example');
    await ruth.goto(new URL(ben.url()).pathname);
    await ruth.getByRole('heading', { level: 1, name: title }).waitFor();
    await expect(
      ruth
        .locator('.attachment-list')
        .getByRole('button', { name: /^Download / })
        .allTextContents(),
    ).resolves.toEqual(['Download notes.txt']);
    const [download] = await Promise.all([
      ruth.waitForEvent('download'),
      ruth.getByRole('button', { name: 'Download notes.txt' }).click(),
    ]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(notes);
  });
});

describe('composing on one page', () => {
  it('attaches before any save, previews, publishes with a success message, and keeps the author page calm', async () => {
    const title = unique('Container seal swap');
    const ben = await pageFor('ben@antwerp.example');
    await ben.getByRole('link', { name: 'Bulletins' }).click();
    await ben.getByRole('link', { name: 'Write a bulletin' }).click();
    await ben.waitForURL('**/bulletins/new');
    await ben.locator('input[name=tlp][value="TLP:GREEN"]').check();
    await ben.getByLabel('Title').fill(title);
    await ben.getByLabel('Summary').fill('Seals swapped between arrival and gate-out.');
    await ben.getByLabel('Body').fill('Compare the **seal numbers** at the gate.');
    await ben.getByRole('checkbox', { name: /Deep concealment/ }).check();

    // No Save draft first: the page says attaching saves a draft, and the file lands on it.
    await ben.getByText(/Attaching a file saves what you have written as a draft first/).waitFor();
    // The file store holds the upload until Ben has written more: choosing the file is enough to
    // start it (there is no Upload button), and the page stays writable while it runs.
    let releaseUpload = () => {};
    const uploadHeld = new Promise<void>((resolve) => {
      releaseUpload = resolve;
    });
    let uploadStarted = () => {};
    const uploadArrived = new Promise<void>((resolve) => {
      uploadStarted = resolve;
    });
    const storePosts = (url: URL) => url.pathname.startsWith('/local/s3/');
    await ben.route(storePosts, async (route) => {
      uploadStarted();
      await uploadHeld;
      await route.continue();
    });
    await expect(ben.getByRole('button', { name: 'Upload', exact: true }).count()).resolves.toBe(0);
    await ben.getByLabel('File', { exact: true }).setInputFiles({
      name: 'gate-log.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Gate 4, 02:10, seal 9931\n'),
    });
    await uploadArrived;
    // The draft has its own address while the upload runs, and nothing typed meanwhile is lost.
    await ben.waitForURL(/\/bulletins\/[0-9a-f-]{36}\/edit$/);
    const id = ben.url().split('/').at(-2)!;
    await ben.getByLabel('Body').pressSequentially(' Written during the upload.');
    releaseUpload();
    await ben.getByText('gate-log.txt uploaded.').waitFor();
    await ben.getByRole('listitem', { name: 'gate-log.txt' }).waitFor();
    await ben.unroute(storePosts);
    await expect(ben.getByLabel('Body').inputValue()).resolves.toBe(
      'Compare the **seal numbers** at the gate. Written during the upload.',
    );
    await expect(ben.getByLabel('Title').inputValue()).resolves.toBe(title);
    // The breadcrumb names the draft.
    await expect(ben.locator('.breadcrumb [aria-current=page]').textContent()).resolves.toBe(title);

    // The preview renders the body as recipients will see it.
    await ben.getByText('Preview', { exact: true }).click();
    await expect(ben.locator('.preview .markdown strong').textContent()).resolves.toBe('seal numbers');

    // An edit made after the upload is published too: Publish saves what is on screen.
    await ben.getByLabel('Summary').fill('Seals swapped between arrival and gate-out at terminal 4.');
    await ben.getByRole('button', { name: 'Publish bulletin' }).click();
    await ben.waitForURL(`**/bulletins/${id}`);
    await ben.getByText('Published. Its recipients can read it now.').waitFor();
    await ben.getByText('Seals swapped between arrival and gate-out at terminal 4.').waitFor();
    await expect(ben.locator('.breadcrumb [aria-current=page]').textContent()).resolves.toBe(title);

    // The author is not asked to mark their own bulletin read; Revise and Withdraw open on demand.
    await expect(ben.getByRole('button', { name: 'Mark as read' }).count()).resolves.toBe(0);
    const lifecycle = ben.locator('details.lifecycle');
    await expect(lifecycle.getAttribute('open')).resolves.toBeNull();
    await expect(ben.getByRole('button', { name: 'Withdraw' }).isVisible()).resolves.toBe(false);
    await lifecycle.locator('summary').click();
    await ben.getByRole('button', { name: 'Withdraw' }).waitFor();

    // The message is said once: a reload does not repeat it.
    await ben.reload();
    await ben.getByRole('heading', { level: 1, name: title }).waitFor();
    await expect(ben.getByText('Published. Its recipients can read it now.').count()).resolves.toBe(0);
  });
});

describe('a saved draft', () => {
  it('is listed for its organisation on the feed and reopens for editing, and stays hidden from others', async () => {
    const title = unique('Unfinished warning');
    const ben = await pageFor('ben@antwerp.example');
    await ben.getByRole('link', { name: 'Bulletins' }).click();
    await ben.getByRole('link', { name: 'Write a bulletin' }).click();
    await ben.locator('input[name=tlp][value="TLP:GREEN"]').check();
    await ben.getByLabel('Title').fill(title);
    await ben.getByLabel('Summary').fill('Started, to be finished after the night shift reports.');
    await ben.getByRole('checkbox', { name: /Deep concealment/ }).check();
    await ben.getByRole('button', { name: 'Save draft' }).click();
    await ben.waitForURL(/\/bulletins\/[0-9a-f-]{36}\/edit$/);
    const editPath = new URL(ben.url()).pathname;

    // Ana, an org_admin of the same port, finds it from the feed and reopens it.
    const ana = await pageFor('ana@antwerp.example');
    await ana.getByRole('link', { name: 'Bulletins' }).click();
    const drafts = ana.getByRole('region', { name: 'Drafts of your organisation' });
    await drafts.getByRole('link', { name: title }).click();
    await ana.waitForURL((url) => url.pathname === editPath);
    await expect(ana.getByLabel('Title').inputValue()).resolves.toBe(title);

    // Ruth (Rotterdam) sees no such draft.
    const ruth = await pageFor('ruth@rotterdam.example');
    await ruth.getByRole('link', { name: 'Bulletins' }).click();
    await ruth.locator('.bulletin-row').first().waitFor();
    await expect(ruth.getByText(title).count()).resolves.toBe(0);
  });
});
