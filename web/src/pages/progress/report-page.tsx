import '../checklists/checklists.css';
import './report.css';
import { useEffect, useState } from 'preact/hooks';
import type { PortRow } from '../../../../shared/drill-down';
import type { ProgressOverview, VersionScoreboard } from '../../../../shared/progress';
import { api } from '../../api';
import { Loading, ProblemNotice } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { t } from '../../i18n';
import { Link } from '../../router';
import { tlpMeaning } from '../../words';
import { dateOf } from '../checklists/checklist-words';
import { ChecklistOverview } from './checklist-overview';
import { PortRows } from './port-rows';

/** The report's label: it names organisations' compliance, for the Commission and those it shares it with. */
const reportTlp = 'TLP:AMBER' as const;
const trendDays = 10;

interface Part {
  row: ProgressOverview['checklists'][number];
  board: VersionScoreboard;
  ports: PortRow[];
}

/**
 * The printable harmonization report for the ministerial review (docs/review.md): overview, by
 * port, declared vs verified per item and the trend, dated and labelled TLP:AMBER. Its print
 * stylesheet (report.css) gives a clean A4 document with the browser's Save as PDF.
 */
export default function ReportPage() {
  const [state, setState] = useState<{ parts?: Part[]; at?: Date; error?: unknown; member?: boolean }>({});
  useEffect(() => {
    const abort = new AbortController();
    (async () => {
      const overview = await api<ProgressOverview | { view: string }>('/api/v1/progress', {
        signal: abort.signal,
      });
      if (overview.view !== 'commission') return setState({ member: true });
      const rows = (overview as ProgressOverview).checklists;
      const parts = await Promise.all(
        rows.map(async (row) => {
          const base = `/api/v1/progress/checklists/${encodeURIComponent(row.checklistId)}/versions/${row.version}`;
          const [board, ports] = await Promise.all([
            api<VersionScoreboard>(base, { signal: abort.signal }),
            api<{ rows: PortRow[] }>(`${base}?view=ports`, { signal: abort.signal }),
          ]);
          return { row, board, ports: ports.rows };
        }),
      );
      setState({ parts, at: new Date() });
    })().catch((error) => abort.signal.aborted || setState({ error }));
    return () => abort.abort();
  }, []);
  if (state.member) {
    return (
      <section>
        <h1>{t('report.title')}</h1>
        <p>{t('report.commissionOnly')}</p>
      </section>
    );
  }
  if (state.error !== undefined) return <ProblemNotice error={state.error} />;
  if (!state.parts || !state.at) return <Loading what={t('progress.loading')} />;
  const { parts, at } = state;
  return (
    <article class="report">
      <header class="report-head">
        <p class="report-tlp">
          <TlpBadge label={reportTlp} describe={false} /> <span class="muted">{tlpMeaning(reportTlp)}</span>
        </p>
        <p class="breadcrumb no-print">
          <Link href="/progress">{t('progress.scoreboard')}</Link>
        </p>
        <h1>{t('report.title')}</h1>
        <p class="lead">{t('report.lead')}</p>
        <p data-testid="report-date">
          {t('report.dated', { date: dateOf(at.toISOString()) })}{' '}
          <time dateTime={at.toISOString()}>({at.toISOString().slice(0, 16).replace('T', ' ')} UTC)</time>
        </p>
        <button type="button" class="no-print" onClick={() => window.print()}>
          {t('report.print')}
        </button>
      </header>

      <section aria-labelledby="report-overview">
        <h2 id="report-overview">{t('report.overview')}</h2>
        <ChecklistOverview rows={parts.map((p) => p.row)} label={t('report.overview')} linked={false} />
      </section>

      <section aria-labelledby="report-ports">
        <h2 id="report-ports">{t('progress.ports')}</h2>
        {parts.map((p) => (
          <div class="report-part" key={p.row.checklistId}>
            <h3>{p.row.title}</h3>
            <PortRows rows={p.ports} label={`${t('progress.ports')}: ${p.row.title}`} />
          </div>
        ))}
      </section>

      <section aria-labelledby="report-items">
        <h2 id="report-items">{t('report.declaredVerified')}</h2>
        {parts.map((p) => (
          <div class="report-part" key={p.row.checklistId}>
            <h3>{p.row.title}</h3>
            <table class="list" aria-label={`${t('report.declaredVerified')}: ${p.row.title}`}>
              <thead>
                <tr>
                  <th scope="col">{t('audit.item')}</th>
                  <th scope="col">{t('report.declared')}</th>
                  <th scope="col">{t('drill.verified')}</th>
                </tr>
              </thead>
              <tbody>
                {p.board.items.map((i) => (
                  <tr key={i.itemId} data-item={i.itemId}>
                    <th scope="row">
                      <strong>{i.itemId}</strong> {i.text}
                    </th>
                    <td class="declared-count">{i.implemented}</td>
                    <td class="verified-count">{i.verifiedImplemented}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>

      <section aria-labelledby="report-trend">
        <h2 id="report-trend">{t('progress.trend')}</h2>
        <p class="muted">{t('report.trendLead', { count: trendDays })}</p>
        {parts.map((p) => (
          <div class="report-part" key={p.row.checklistId}>
            <h3>{p.row.title}</h3>
            {p.board.trend.length === 0 ? (
              <p class="muted">{t('progress.noSubmissions')}</p>
            ) : (
              <table class="list" aria-label={`${t('progress.trend')}: ${p.row.title}`}>
                <thead>
                  <tr>
                    <th scope="col">{t('report.date')}</th>
                    <th scope="col">{t('ownStatus.acknowledged')}</th>
                    <th scope="col">{t('progress.mandatoryImplemented')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.board.trend.slice(-trendDays).map((point) => (
                    <tr key={point.date}>
                      <th scope="row">{dateOf(point.date)}</th>
                      <td>{t('progress.of', { part: point.acknowledged, whole: p.board.applicable })}</td>
                      <td>{point.implementedMandatory}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        ))}
      </section>
    </article>
  );
}
