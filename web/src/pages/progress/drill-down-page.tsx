import '../checklists/checklists.css';
import { useEffect, useState } from 'preact/hooks';
import type { DrillDownRow } from '../../../../shared/drill-down';
import { api } from '../../api';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { formatDate, t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';

/** Filters the scoreboard's cells pass on (docs/review.md). */
const filters = ['kind', 'country', 'organisationId', 'itemId', 'status', 'review'] as const;

/** The organisations behind a scoreboard cell, a page at a time, each opening its answers. */
export default function DrillDownPage({ params, query }: PageProps) {
  const { id, v } = params as { id: string; v: string };
  const base = `/api/v1/progress/checklists/${encodeURIComponent(id)}/versions/${encodeURIComponent(v)}/organisations`;
  const cell = Object.fromEntries(filters.flatMap((f) => (query.get(f) ? [[f, query.get(f)!]] : [])));
  const key = JSON.stringify(cell);
  const [rows, setRows] = useState<DrillDownRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<{ loading: boolean; error?: unknown }>({ loading: true });
  const load = async (after: string | null, replace: boolean) => {
    setState({ loading: true });
    try {
      const page = await api<{ items: DrillDownRow[]; nextCursor: string | null }>(base, {
        query: { ...cell, limit: '25', cursor: after ?? undefined },
      });
      setRows((r) => (replace ? page.items : [...r, ...page.items]));
      setCursor(page.nextCursor);
      setState({ loading: false });
    } catch (error) {
      setState({ loading: false, error });
    }
  };
  useEffect(() => {
    void load(null, true);
  }, [base, key]);
  if (state.error) return <ProblemNotice error={state.error} />;
  return (
    <section>
      <p class="breadcrumb">
        <Link href={`/progress/checklists/${id}/versions/${v}`}>{t('page.checklist-progress')}</Link> ›
      </p>
      <h1>{t('page.drill-down')}</h1>
      {Object.keys(cell).length > 0 && (
        <p class="muted">
          {Object.entries(cell)
            .map(([k, value]) => `${k}: ${value}`)
            .join(' · ')}
        </p>
      )}
      {rows.length === 0 && !state.loading && !cursor ? (
        <EmptyState title={t('drill.none')}>{t('drill.noneHint')}</EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="list" aria-label={t('page.drill-down')}>
            <thead>
              <tr>
                <th scope="col">{t('drill.organisation')}</th>
                <th scope="col">{t('drill.submitted')}</th>
                <th scope="col">{t('drill.mandatory')}</th>
                <th scope="col">{t('drill.verified')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.organisationId} data-organisation={r.organisationId}>
                  <td>
                    <Link href={`/checklists/${id}/versions/${v}/assessments/${r.organisationId}`}>
                      {r.name}
                    </Link>{' '}
                    <span class="muted">{r.country}</span>
                  </td>
                  <td>{formatDate(r.submittedAt)}</td>
                  <td>
                    {r.mandatoryImplemented}/{r.mandatoryCount}
                  </td>
                  <td>{r.verified}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.loading && <Loading what={t('drill.loading')} />}
      {cursor && !state.loading && (
        <button type="button" onClick={() => load(cursor, false)}>
          {t('drill.more')}
        </button>
      )}
    </section>
  );
}
