import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { session } from '../../auth/session';
import { ProblemNotice } from '../../components/status';
import { t } from '../../i18n';

/** Fetches a CSV export with the bearer token (a plain link would carry none) and saves it. */
export async function downloadCsv(path: string, fileName: string) {
  const token = session.token();
  const res = await fetch(path, {
    headers: { accept: 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => ({})));
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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
