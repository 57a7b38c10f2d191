import { useState } from 'preact/hooks';
import type { PortRow } from '../../../../shared/drill-down';
import { EmptyState, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { t } from '../../i18n';
import { Link } from '../../router';

/** The port view's columns (docs/review.md), in the scoreboard's and the report's order. */
const portColumns = [
  'name',
  'country',
  'acknowledged',
  'mandatoryImplemented',
  'verified',
  'overdue',
  'trend',
] as const;
const trendArrows: Record<string, string> = { up: '↑', down: '↓', same: '→', new: '·' };

/** Every cell of a port row after its name: the same on screen and in the printed report. */
function PortCells({ row }: { row: PortRow }) {
  return (
    <>
      <td>{row.country}</td>
      <td>{row.acknowledged ? '✓' : '—'}</td>
      <td>
        {row.mandatoryImplemented}/{row.mandatoryCount}
      </td>
      <td>{row.verified}</td>
      <td>{row.overdue ? t('checklist.overdue') : ''}</td>
      <td>
        <span aria-hidden="true">{trendArrows[row.trend]}</span>
        <span class="visually-hidden">{t(`report.trend.${row.trend}`)}</span>
      </td>
    </>
  );
}

/** The report's port table: as the scoreboard's, without sorting or links (report-page.tsx). */
export function PortRows({ rows, label }: { rows: PortRow[]; label: string }) {
  return (
    <table class="list" aria-label={label}>
      <thead>
        <tr>
          {portColumns.map((column) => (
            <th scope="col" key={column}>
              {t(`progress.column.${column}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.organisationId} data-organisation={r.organisationId}>
            <th scope="row">{r.name}</th>
            <PortCells row={r} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One row per organisation (docs/review.md), sortable by any column with the keyboard or the mouse. */
export function PortTable({
  base,
  checklistId,
  version,
}: {
  base: string;
  checklistId: string;
  version: number;
}) {
  const ports = useApi<{ rows: PortRow[] }>(`${base}?view=ports`);
  const [sort, setSort] = useState<{ by: (typeof portColumns)[number]; up: boolean }>({
    by: 'country',
    up: true,
  });
  const rows = [...(ports.data?.rows ?? [])].sort((a, b) => {
    const x = a[sort.by];
    const y = b[sort.by];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sort.up ? order : -order;
  });
  return (
    <>
      <h2>{t('progress.ports')}</h2>
      {ports.error !== undefined && <ProblemNotice error={ports.error} />}
      {ports.data && rows.length === 0 ? (
        <EmptyState title={t('drill.none')} />
      ) : (
        <div class="table-wrap">
          <table class="list" aria-label={t('progress.ports')}>
            <thead>
              <tr>
                {portColumns.map((column) => (
                  <th
                    scope="col"
                    key={column}
                    aria-sort={sort.by === column ? (sort.up ? 'ascending' : 'descending') : 'none'}
                  >
                    <button
                      type="button"
                      class="link"
                      onClick={() => setSort({ by: column, up: sort.by === column ? !sort.up : true })}
                    >
                      {t(`progress.column.${column}`)}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.organisationId} data-organisation={r.organisationId}>
                  <td>
                    <Link
                      href={`/checklists/${checklistId}/versions/${version}/assessments/${r.organisationId}`}
                    >
                      {r.name}
                    </Link>
                  </td>
                  <PortCells row={r} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
