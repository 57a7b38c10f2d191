import { useState } from 'preact/hooks';
import { downloadExport } from '../../components/download';
import { ProblemNotice } from '../../components/status';
import { t } from '../../i18n';

/** A CSV export, fetched with the bearer token and saved (components/download.ts). */
export const downloadCsv = (path: string, fileName: string) => downloadExport(path, fileName, 'text/csv');

/** "Export as CSV" buttons, one per view of the scoreboard. */
export function CsvLinks({
  base,
  views,
  prefix,
}: {
  base: string;
  views: [string, string][];
  prefix: string;
}) {
  const [error, setError] = useState<unknown>();
  return (
    <div class="csv-links">
      <span class="muted">{t('csv.export')} </span>
      {views.map(([view, label]) => (
        <button
          key={view}
          type="button"
          class="secondary"
          onClick={() =>
            downloadCsv(`${base}?format=csv&view=${view}`, `${prefix}-${view}.csv`).catch(setError)
          }
        >
          {label}
        </button>
      ))}
      <ProblemNotice error={error} />
    </div>
  );
}
