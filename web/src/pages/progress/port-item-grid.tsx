import type { PortItemsView } from '../../../../shared/port-grid';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { t } from '../../i18n';
import { Link } from '../../router';
import { statusLabel } from '../checklists/checklist-words';
import { CsvLinks } from './csv';

/**
 * The port-by-item grid of one checklist version (docs/review.md): a row per organisation, a column
 * per item, each cell the organisation's answer and the review of it ("Implemented · Accepted").
 */
export function PortItemGrid({ checklistId, version }: { checklistId: string; version: number }) {
  const base = `/api/v1/progress/checklists/${encodeURIComponent(checklistId)}/versions/${version}`;
  const grid = useApi<PortItemsView>(`${base}?view=port-items`);
  if (grid.loading && !grid.data) return <Loading what={t('progress.loading')} />;
  if (!grid.data) return <ProblemNotice error={grid.error} />;
  const { items, rows } = grid.data;
  return (
    <>
      <p class="muted">{t('progress.portGridLead')}</p>
      <CsvLinks
        base={base}
        prefix={`${checklistId}-v${version}`}
        views={[['port-items', t('progress.portGrid')]]}
      />
      {rows.length === 0 ? (
        <EmptyState title={t('drill.none')} />
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide grid scrolls sideways; the keyboard must reach it
        <section class="table-wrap" tabIndex={0} aria-label={t('progress.portGrid')}>
          <table class="list grid-table port-grid" aria-label={t('progress.portGrid')}>
            <thead>
              <tr>
                <th scope="col">{t('drill.organisation')}</th>
                {items.map((i) => (
                  <th key={i.itemId} scope="col" title={i.text}>
                    {i.itemId}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.organisationId} data-organisation={r.organisationId}>
                  <th scope="row">
                    <Link
                      href={`/checklists/${checklistId}/versions/${version}/assessments/${r.organisationId}`}
                    >
                      {r.name}
                    </Link>{' '}
                    <span class="muted">{r.country}</span>
                  </th>
                  {r.cells.map((cell) => (
                    <td
                      key={cell.itemId}
                      data-item={cell.itemId}
                      data-status={cell.status ?? 'none'}
                      data-review={cell.review ?? 'none'}
                    >
                      {cell.status === null ? (
                        <span class="muted">{t('progress.noAnswer')}</span>
                      ) : (
                        <>
                          <span class={`answer answer-${cell.status}`}>{statusLabel(cell.status)}</span>
                          <span class={`verdict verdict-${cell.review}`}>
                            {t(`review.state.${cell.review ?? 'awaiting_review'}`)}
                          </span>
                        </>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
