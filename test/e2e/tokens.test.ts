import { describe, expect, it } from 'vitest';
import { browserPerFile, portalUrl, unique } from '../support/browser';

/**
 * Issue 15's API tokens in Chromium: Ana (Antwerp org admin) creates a token for her organisation's
 * MISP from the organisation page, sees it once, the token reads the feed and the TAXII server,
 * the list shows it, and revoking it stops it at its next request.
 */
const pages = browserPerFile();

describe('API tokens', () => {
  it('are created with their secret shown once, work at once, and stop working when revoked', async () => {
    const ana = await pages.openAs('ana@antwerp.example', '/organisations/antwerp');
    await ana.getByRole('link', { name: 'API tokens' }).click();
    await ana.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();

    const name = unique('MISP of the port');
    const form = ana.getByRole('form', { name: 'Create a token' });
    await form.getByLabel('Name').fill(name);
    await form.getByRole('checkbox', { name: 'Read documents' }).check();
    await form.getByRole('button', { name: 'Create token' }).click();
    await ana.getByText(`Token “${name}” created. Copy it now: it is shown only this once.`).waitFor();
    const token = await ana.getByLabel('Token', { exact: true }).inputValue();
    expect(token).toMatch(/^alp\.antwerp\./);

    const row = ana.getByRole('table', { name: 'Your organisation’s tokens' }).getByRole('row', { name });
    await row.waitFor();
    expect(await row.textContent()).toContain('Read bulletins, Read documents');
    expect(await row.textContent()).toContain('Never');

    const call = (path: string, accept = 'application/json') =>
      fetch(`${portalUrl()}${path}`, { headers: { authorization: `Bearer ${token}`, accept } });
    expect((await call('/api/v1/bulletins?limit=5')).status).toBe(200);
    expect((await call('/taxii2/', 'application/taxii+json;version=2.1')).status).toBe(200);
    // Not a scope it was given.
    expect((await call('/api/v1/progress')).status).toBe(403);

    // A reload shows the secret no more, and the list its last use.
    await ana.reload();
    await row.waitFor();
    expect(await ana.getByLabel('Token', { exact: true }).count()).toBe(0);
    expect(await row.textContent()).not.toContain('Never');

    ana.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await ana.getByText(`Token “${name}” revoked.`).waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await call('/api/v1/bulletins?limit=5')).status).toBe(401);
  });

  it('is a page only the organisation’s own org admins are offered', async () => {
    const ben = await pages.openAs('ben@antwerp.example', '/organisations/antwerp');
    await ben.getByRole('heading', { level: 1 }).waitFor();
    expect(await ben.getByRole('link', { name: 'API tokens' }).count()).toBe(0);
  });
});
