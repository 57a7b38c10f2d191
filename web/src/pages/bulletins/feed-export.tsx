import { useState } from 'preact/hooks';
import { downloadExport } from '../../components/download';
import { ProblemNotice } from '../../components/status';
import { t } from '../../i18n';
import { withQuery } from '../../router';

/** The most a feed page holds (shared/problem.ts `PageQuery`): an export is one page, the newest. */
const exportLimit = 100;

const formats = [
  { format: 'csv', label: 'export.csv', accept: 'text/csv', extension: 'csv' },
  { format: 'stix', label: 'export.stix', accept: 'application/stix+json;version=2.1', extension: 'json' },
] as const;

/**
 * The feed as a spreadsheet or a STIX 2.1 bundle, with the filters on screen: the API's
 * `format=csv|stix` of the same list (docs/interoperability.md), so it holds what the list shows.
 */
export function FeedExport({ filters }: { filters: Record<string, string | undefined> }) {
  const [error, setError] = useState<unknown>();
  return (
    <div class="csv-links">
      <span class="muted">{t('export.feed', { count: exportLimit })} </span>
      {formats.map((f) => (
        <button
          key={f.format}
          type="button"
          class="secondary"
          onClick={() => {
            setError(undefined);
            downloadExport(
              withQuery('/api/v1/bulletins', { ...filters, limit: String(exportLimit), format: f.format }),
              `bulletins.${f.extension}`,
              f.accept,
            ).catch(setError);
          }}
        >
          {t(f.label)}
        </button>
      ))}
      <ProblemNotice error={error} />
    </div>
  );
}

/** One bulletin as a STIX 2.1 bundle (`GET /api/v1/bulletins/{id}/stix`). */
export function BulletinStixExport({ id }: { id: string }) {
  const [error, setError] = useState<unknown>();
  return (
    <div class="csv-links">
      <button
        type="button"
        class="secondary"
        onClick={() => {
          setError(undefined);
          downloadExport(
            `/api/v1/bulletins/${encodeURIComponent(id)}/stix`,
            `bulletin-${id}.stix.json`,
            formats[1].accept,
          ).catch(setError);
        }}
      >
        {t('export.bulletinStix')}
      </button>
      <ProblemNotice error={error} />
    </div>
  );
}
