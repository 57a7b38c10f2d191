import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserPerFile, dateInDays } from '../support/browser';

const pages = browserPerFile();
/** Ben's seeded bulletin (functions/local/seed-bulletins.ts): reefer machinery, rip-on/rip-off. */
const bensBulletin = '00000000-0000-4000-8000-000000000001';

describe('the waterbed', () => {
  it('Ruth records a sighting on Ben’s bulletin; Clara sees Rotterdam on the map, plays the quarters and downloads the CSV', async () => {
    const ruth = await pages.openAs('ruth@rotterdam.example', `/bulletins/${bensBulletin}`);
    await ruth.getByRole('heading', { name: 'Seen here too' }).waitFor();
    await ruth.getByLabel('Port (UN/LOCODE)').fill('NLRTM');
    await ruth.getByLabel('Seen on').fill(dateInDays(-2));
    await ruth.getByLabel('Note (optional)').fill('Same fresh screws on two reefer panels');
    await ruth.getByRole('button', { name: 'Record a sighting' }).click();
    await ruth.getByText('Sighting recorded.').waitFor();
    await expect(ruth.locator('.sightings').textContent()).resolves.toContain('NLRTM');

    const clara = await pages.openAs('clara@commission.example');
    await clara.getByRole('link', { name: 'Waterbed' }).click();
    await clara.getByRole('heading', { level: 1, name: /waterbed/i }).waitFor();
    await clara.getByLabel('Indicator').selectOption('sightings');
    await clara.getByLabel('Bulletin category').selectOption('reefer-machinery');
    const map = clara.locator('svg.waterbed-map');
    await map.waitFor();
    // One mark per port placed on the map: every row of the table has its mark.
    const rows = clara.locator('.waterbed-table tbody tr');
    await expect(rows.count()).resolves.toBeGreaterThan(5);
    await expect(map.locator('.port-mark').count()).resolves.toBe(await rows.count());
    const rotterdam = map.locator('.port-mark[data-locode="NLRTM"]');
    await expect(rotterdam.locator('title').textContent()).resolves.toContain('Port of Rotterdam (NLRTM)');
    await expect(clara.locator('.waterbed-table').textContent()).resolves.toContain('Port of Rotterdam');
    // Coloured by harmonization deficit, with the band said in the mark's class, its title, the
    // legend and the table. Other e2e files publish checklists for ports before this one, so the
    // bands are read from the marks, not assumed from the seed.
    const band = await rotterdam.getAttribute('data-deficit');
    expect(band).toMatch(/^(low|medium|high)$/);
    await expect(rotterdam.getAttribute('class')).resolves.toBe(`port-mark deficit-${band}`);
    const markTitle = (await rotterdam.locator('title').textContent()) ?? '';
    const deficit = /harmonization deficit (\d+)%/.exec(markTitle)?.[1];
    expect(deficit).toBeDefined();
    const byBand = await map
      .locator('.port-mark[data-deficit]')
      .evaluateAll((marks) => marks.map((m) => [m.getAttribute('data-deficit'), getComputedStyle(m).fill]));
    const bands = new Set(byBand.map(([b]) => b));
    const fills = new Set(byBand.map(([, f]) => f));
    // One colour per band: as many fills as bands on the map.
    expect(fills.size).toBe(bands.size);
    const legend = clara.locator('.waterbed-legend');
    await expect(legend.getByRole('heading', { name: 'Harmonization deficit' }).count()).resolves.toBe(1);
    await expect(legend.locator('li[data-band]').count()).resolves.toBe(4);
    await expect(legend.textContent()).resolves.toContain('50 % or more');
    const rotterdamRow = clara.locator('.waterbed-table tbody tr', { hasText: 'Port of Rotterdam' });
    await expect(rotterdamRow.locator('td[data-deficit]').textContent()).resolves.toBe(`${deficit}%`);
    // The spread of the method: Rotterdam saw reefer machinery this quarter.
    const spread = clara.locator('.waterbed-spread table');
    await expect(spread.textContent()).resolves.toMatch(/NLRTM \((reported, )?seen\)/);
    await expect(clara.locator('.waterbed-origins table').count()).resolves.toBe(1);

    // Play the quarters: the map moves from the first quarter to the last.
    const last = await clara.locator('output.waterbed-quarter').textContent();
    await clara.getByRole('button', { name: 'Play the quarters' }).click();
    await clara.waitForFunction(
      (q) => document.querySelector('svg.waterbed-map')?.getAttribute('data-quarter') !== q,
      last,
    );
    await clara.getByRole('button', { name: 'Play the quarters' }).waitFor({ timeout: 15_000 });
    await expect(map.getAttribute('data-quarter')).resolves.toBe(last);

    const shot = await clara.screenshot({ path: join(tmpdir(), 'waterbed.png'), fullPage: true });
    expect(shot.subarray(1, 4).toString()).toBe('PNG');

    const [download] = await Promise.all([
      clara.waitForEvent('download'),
      clara.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('waterbed-sightings.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^organisationId,locode,name,lat,lon,deficit,\d{4}-Q\d/);
    // The CSV holds the same deficit as the map, as a fraction.
    const rotterdamLine = csv
      .split('\r\n')
      .find((line) => line.startsWith('rotterdam,NLRTM,Port of Rotterdam,'));
    expect(Math.round(Number(rotterdamLine?.split(',')[5]) * 100)).toBe(Number(deficit));

    // The spread table downloads too: the method seen at Rotterdam this quarter.
    const [spreadDownload] = await Promise.all([
      clara.waitForEvent('download'),
      clara.getByRole('button', { name: 'Download the spread as CSV' }).click(),
    ]);
    expect(spreadDownload.suggestedFilename()).toBe('waterbed-sightings-spread.csv');
    const spreadCsv = await readFile((await spreadDownload.path())!, 'utf8');
    expect(spreadCsv.split('\r\n')[0]).toBe('category,quarter,ports,reported,seen');
    // Rotterdam among the ports that saw it (the last column), whoever reported it.
    expect(spreadCsv).toMatch(
      /^reefer-machinery,\d{4}-Q\d,[A-Z ]*NLRTM[A-Z ]*,[A-Z ]*,[A-Z ]*NLRTM[A-Z ]*$/m,
    );
  });
});
