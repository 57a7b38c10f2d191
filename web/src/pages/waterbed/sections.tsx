/**
 * The waterbed page's parts beside the map: the deficit legend, the shift signals, and the
 * modus operandi spread and risk origins tables (docs/waterbed.md).
 */
import { type DeficitBand, deficitBand } from '../../../../shared/port-deficit';
import type { ThreatCategoryId } from '../../../../shared/taxonomy';
import type { Waterbed } from '../../../../shared/waterbed';
import { formatNumber, type MessageKey, t } from '../../i18n';
import { categoryLabel } from '../../words';
import { downloadCsv } from '../progress/csv';

/** Where a table's CSV comes from: the page's query, and what to do when the download fails. */
export interface CsvSource {
  path: string;
  onError: (error: unknown) => void;
}

function CsvButton({ csv, view, label }: { csv: CsvSource; view: string; label: string }) {
  const indicator = new URLSearchParams(csv.path.split('?')[1]).get('indicator') ?? 'waterbed';
  return (
    <button
      type="button"
      class="secondary"
      onClick={() =>
        downloadCsv(`${csv.path}&format=csv&view=${view}`, `waterbed-${indicator}-${view}.csv`).catch(
          csv.onError,
        )
      }
    >
      {label}
    </button>
  );
}

const percent = (v: number) => formatNumber(v, { style: 'percent', maximumFractionDigits: 1 });

/** The deficit as text: a percentage, or why there is none to show. */
export const deficitText = (deficit: number | null) =>
  deficit === null ? t('waterbed.deficitBand.none') : percent(deficit);

const bands: DeficitBand[] = ['low', 'medium', 'high', 'none'];

/** The colour scale of the marks, in words as well as colours (the table carries every value). */
export function DeficitLegend({ wb }: { wb: Waterbed }) {
  const count = (band: DeficitBand) => wb.ports.filter((p) => deficitBand(p.deficit) === band).length;
  return (
    <div class="waterbed-legend">
      <h2>{t('waterbed.deficit')}</h2>
      <p class="muted">{t('waterbed.deficitHint')}</p>
      <ul>
        {bands.map((band) => (
          <li key={band} data-band={band}>
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <circle class={`port-mark deficit-${band}`} cx="8" cy="8" r="6" />
            </svg>{' '}
            {t(`waterbed.deficitBand.${band}` as MessageKey)}{' '}
            <span class="muted">{t('waterbed.deficitPorts', { count: count(band) })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Signals({ wb, csv }: { wb: Waterbed; csv: CsvSource }) {
  return (
    <div class="waterbed-signals">
      <h2>{t('waterbed.signals')}</h2>
      <p class="muted">{t('waterbed.signalsHint')}</p>
      {wb.signals.length === 0 ? (
        <p>{t('waterbed.noSignals')}</p>
      ) : (
        <ul>
          {wb.signals.map((s) => (
            <li key={`${s.from}-${s.rising.locode}`}>
              {t('waterbed.signal', {
                port: s.rising.name,
                before: percent(s.rising.shareBefore),
                after: percent(s.rising.shareAfter),
                from: s.from,
                to: s.to,
                other: s.falling[0]?.name ?? '',
                otherBefore: percent(s.falling[0]?.shareBefore ?? 0),
                otherAfter: percent(s.falling[0]?.shareAfter ?? 0),
              })}
            </li>
          ))}
        </ul>
      )}
      {wb.signals.length > 0 && <CsvButton csv={csv} view="signals" label={t('waterbed.csvSignals')} />}
    </div>
  );
}

/**
 * Which ports saw each bulletin category, and the origin countries of the bulletins seen, per
 * quarter: both come from sightings, so they are read with the indicator "Sightings".
 */
export function SpreadAndOrigins({
  wb,
  csv,
  onSightings,
}: {
  wb: Waterbed;
  csv: CsvSource;
  onSightings: () => void;
}) {
  if (wb.indicator !== 'sightings' && wb.indicator !== 'bulletins')
    return (
      <section class="waterbed-spread" aria-labelledby="waterbed-spread">
        <h2 id="waterbed-spread">
          {t('waterbed.spread')} · {t('waterbed.origins')}
        </h2>
        <p>
          {t('waterbed.sightingsOnly')}{' '}
          <button type="button" class="secondary" onClick={onSightings}>
            {t('waterbed.showSightings')}
          </button>
        </p>
      </section>
    );
  const categories = [...new Set(wb.spread.map((s) => s.category))].sort();
  const countries = [...new Set(wb.origins.map((o) => o.country))].sort();
  return (
    <>
      <QuarterGrid
        name="spread"
        quarters={wb.quarters}
        rows={categories.map((c) => ({
          key: c,
          label: categoryLabel(c as ThreatCategoryId),
          cell: (q) => spreadCell(wb.spread.find((s) => s.category === c && s.quarter === q)),
        }))}
        words={{
          hint: 'waterbed.spreadHint',
          caption: 'waterbed.spreadCaption',
          rowHeader: 'waterbed.category',
          csv: 'waterbed.csvSpread',
        }}
        csv={csv}
      />
      <QuarterGrid
        name="origins"
        quarters={wb.quarters}
        rows={countries.map((country) => ({
          key: country,
          label: country,
          cell: (q) => {
            const o = wb.origins.find((o) => o.country === country && o.quarter === q);
            return `${formatNumber(o?.bulletins ?? 0)} / ${formatNumber(o?.sightings ?? 0)}`;
          },
        }))}
        words={{
          hint: 'waterbed.originsHint',
          caption: 'waterbed.originsCaption',
          rowHeader: 'waterbed.originCountry',
          csv: 'waterbed.csvOrigins',
        }}
        csv={csv}
      />
    </>
  );
}

/** Each port of a spread cell with how the method came there: "NLRTM (reported, seen); BEANR (seen)". */
function spreadCell(entry: Waterbed['spread'][number] | undefined): string {
  if (!entry) return '';
  return entry.ports
    .map((port) => {
      const how = [
        ...(entry.reported.includes(port) ? [t('waterbed.reported')] : []),
        ...(entry.seen.includes(port) ? [t('waterbed.seen')] : []),
      ];
      return `${port} (${how.join(', ')})`;
    })
    .join('; ');
}

/**
 * One of the sightings tables (the modus operandi spread, the risk origins): a row per category
 * or country, a column per quarter, its own heading, hint, empty state and CSV download.
 */
function QuarterGrid({
  name,
  quarters,
  rows,
  words,
  csv,
}: {
  name: 'spread' | 'origins';
  quarters: readonly string[];
  rows: { key: string; label: string; cell: (quarter: string) => string }[];
  words: { hint: MessageKey; caption: MessageKey; rowHeader: MessageKey; csv: MessageKey };
  csv: CsvSource;
}) {
  const heading = `waterbed-${name}`;
  return (
    <section class={heading} aria-labelledby={heading}>
      <h2 id={heading}>{t(`waterbed.${name}`)}</h2>
      <p class="muted">{t(words.hint)}</p>
      {rows.length === 0 ? (
        <p>{t('waterbed.noSpread')}</p>
      ) : (
        <table class="waterbed-grid">
          <caption>{t(words.caption)}</caption>
          <thead>
            <tr>
              <th scope="col">{t(words.rowHeader)}</th>
              {quarters.map((q) => (
                <th key={q} scope="col">
                  {q}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {quarters.map((q) => (
                  <td key={q}>{row.cell(q)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > 0 && <CsvButton csv={csv} view={name} label={t(words.csv)} />}
    </section>
  );
}
