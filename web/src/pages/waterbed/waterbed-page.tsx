import './waterbed.css';
import { useEffect, useState } from 'preact/hooks';
import { deficitBand } from '../../../../shared/port-deficit';
import { threatCategoryIds } from '../../../../shared/taxonomy';
import type { Waterbed, WaterbedIndicator, WaterbedPort } from '../../../../shared/waterbed';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { formatNumber, type MessageKey, t } from '../../i18n';
import { categoryLabel } from '../../words';
import { downloadCsv } from '../progress/csv';
import { DeficitLegend, deficitText, Signals, SpreadAndOrigins } from './sections';

type MapModule = typeof import('./map');

/** The indicators a member may choose, in the order the API lists them (shared/waterbed.ts). */
const indicators: WaterbedIndicator[] = [
  'cocaineSeizedKg',
  'seizures',
  'containersHandledTeu',
  'containersScanned',
  'scanRate',
  'riskOriginContainers',
  'riskOriginScanned',
  'riskOriginScanRate',
  'scannersInService',
  'intrusionIncidents',
  'corruptionCases',
  'bulletins',
  'sightings',
];
/** The indicators counted from bulletins (named or seen), which a bulletin category narrows. */
const byCategory = (i: WaterbedIndicator) => i === 'sightings' || i === 'bulletins';
const indicatorLabel = (i: WaterbedIndicator) => t(`waterbed.indicator.${i}` as MessageKey);
const isRate = (i: WaterbedIndicator) => i === 'scanRate' || i === 'riskOriginScanRate';
const shown = (indicator: WaterbedIndicator, v: number | null) =>
  v === null
    ? t('waterbed.missing')
    : isRate(indicator)
      ? formatNumber(v, { style: 'percent', maximumFractionDigits: 1 })
      : formatNumber(v);

/** The waterbed: one indicator per port over the last eight quarters, on a map, in a table, as lines. */
export default function WaterbedPage() {
  const [indicator, setIndicator] = useState<WaterbedIndicator>('cocaineSeizedKg');
  const [category, setCategory] = useState('');
  const query = new URLSearchParams({ indicator });
  if (byCategory(indicator) && category) query.set('category', category);
  const path = `/api/v1/waterbed?${query}`;
  const data = useApi<Waterbed>(path);
  const [map, setMap] = useState<MapModule>();
  const [at, setAt] = useState(-1);
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    import('./map').then(setMap, setError);
  }, []);
  const quarters = data.data?.quarters ?? [];
  const index = at < 0 || at >= quarters.length ? quarters.length - 1 : at;
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      setAt((i) => {
        const next = Math.max(0, i) + 1;
        if (next >= quarters.length - 1) setPlaying(false);
        return Math.min(next, quarters.length - 1);
      });
    }, 700);
    return () => clearInterval(timer);
  }, [playing, quarters.length]);

  const controls = (
    <div class="waterbed-controls">
      <label>
        {t('waterbed.indicator')}{' '}
        <select value={indicator} onChange={(e) => setIndicator(e.currentTarget.value as WaterbedIndicator)}>
          {indicators.map((i) => (
            <option key={i} value={i}>
              {indicatorLabel(i)}
            </option>
          ))}
        </select>
      </label>
      {byCategory(indicator) && (
        <label>
          {t('waterbed.category')}{' '}
          <select value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value="">{t('waterbed.allCategories')}</option>
            {threatCategoryIds.map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );

  if (data.loading && !data.data) return <Loading what={t('waterbed.loading')} />;
  if (!data.data) return <ProblemNotice error={data.error} />;
  const wb = data.data;
  const quarter = quarters[index] ?? '';
  const values = wb.ports.flatMap((p) => Object.values(p.quarters).filter((v): v is number => v !== null));
  const max = Math.max(0, ...values);
  const title = (p: WaterbedPort, v: number | null) =>
    `${p.name} (${p.locode}), ${quarter}: ${shown(indicator, v)}; ${t('waterbed.deficitOf', { value: deficitText(p.deficit) })}`;

  return (
    <section class="waterbed">
      <h1>{t('waterbed.heading')}</h1>
      <p class="lead">{t('waterbed.lead')}</p>
      {controls}
      {wb.ports.length === 0 ? (
        <EmptyState title={t('waterbed.empty')} />
      ) : (
        <>
          <div class="waterbed-time">
            <button
              type="button"
              class="secondary"
              onClick={() => {
                if (!playing && index >= quarters.length - 1) setAt(0);
                setPlaying(!playing);
              }}
            >
              {playing ? t('waterbed.pause') : t('waterbed.play')}
            </button>
            <label>
              {t('waterbed.quarter')}{' '}
              <input
                type="range"
                min={0}
                max={Math.max(0, quarters.length - 1)}
                value={index}
                aria-valuetext={quarter}
                onInput={(e) => {
                  setPlaying(false);
                  setAt(Number(e.currentTarget.value));
                }}
              />
            </label>
            <output class="waterbed-quarter" aria-live="polite">
              {quarter}
            </output>
            <button
              type="button"
              class="secondary"
              onClick={() => downloadCsv(`${path}&format=csv`, `waterbed-${indicator}.csv`).catch(setError)}
            >
              {t('waterbed.csv')}
            </button>
          </div>
          <ProblemNotice error={error} />
          <div class="waterbed-body">
            {map ? (
              <map.EuropeMap
                ports={wb.ports}
                quarter={quarter}
                max={max}
                label={t('waterbed.mapLabel', { indicator: indicatorLabel(indicator), quarter })}
                markTitle={title}
              />
            ) : (
              <Loading what={t('waterbed.loadingMap')} />
            )}
            <div>
              <DeficitLegend wb={wb} />
              <Signals wb={wb} csv={{ path, onError: setError }} />
            </div>
          </div>
          <table class="waterbed-table">
            <caption>{t('waterbed.tableCaption', { indicator: indicatorLabel(indicator) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('waterbed.port')}</th>
                {quarters.map((q) => (
                  <th key={q} scope="col" class={q === quarter ? 'current' : undefined}>
                    {q}
                  </th>
                ))}
                <th scope="col">{t('waterbed.trend')}</th>
                <th scope="col">{t('waterbed.deficit')}</th>
              </tr>
            </thead>
            <tbody>
              {wb.ports.map((p) => (
                <tr key={p.locode}>
                  <th scope="row">
                    {p.name} <span class="muted">{p.locode}</span>
                  </th>
                  {quarters.map((q) => (
                    <td key={q} class={q === quarter ? 'current' : undefined}>
                      {shown(indicator, p.quarters[q] ?? null)}
                    </td>
                  ))}
                  <td>
                    {map && <map.Sparkline values={quarters.map((q) => p.quarters[q] ?? null)} max={max} />}
                  </td>
                  <td data-deficit={deficitBand(p.deficit)}>{deficitText(p.deficit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <SpreadAndOrigins
            wb={wb}
            csv={{ path, onError: setError }}
            onSightings={() => setIndicator('sightings')}
          />
        </>
      )}
    </section>
  );
}
