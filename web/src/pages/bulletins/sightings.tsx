import { useState } from 'preact/hooks';
import type { BulletinSightings } from '../../../../shared/sighting';
import { api } from '../../api';
import { FormField } from '../../components/form-field';
import { ProblemNotice, Success } from '../../components/status';
import { useApi } from '../../components/use-api';
import { t } from '../../i18n';
import { when } from './bulletin-words';

/**
 * "Seen here too": how many sightings a bulletin has and at which ports (every sighting, for the
 * author organisation and the Commission), and a form for a contributor to record one.
 */
export function Sightings({ bulletinId, mayRecord }: { bulletinId: string; mayRecord: boolean }) {
  const path = `/api/v1/bulletins/${encodeURIComponent(bulletinId)}/sightings`;
  const list = useApi<BulletinSightings>(path);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const today = new Date().toISOString().slice(0, 10);

  async function record(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    setDone(false);
    try {
      await api(path, {
        method: 'POST',
        body: {
          port: String(form.get('port') ?? '')
            .trim()
            .toUpperCase(),
          seenOn: String(form.get('seenOn') ?? ''),
          note: String(form.get('note') ?? ''),
        },
      });
      setDone(true);
      (e.currentTarget as HTMLFormElement | null)?.reset();
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const data = list.data;
  return (
    <section class="sightings" aria-labelledby="sightings-heading">
      <h2 id="sightings-heading">{t('sightings.heading')}</h2>
      {data && data.count === 0 && <p class="muted">{t('sightings.none')}</p>}
      {data && data.count > 0 && (
        <p>
          {t('sightings.count', { count: data.count })}{' '}
          {data.ports.map((p) => `${p.port} (${p.count})`).join(', ')}
        </p>
      )}
      {data?.sightings && data.sightings.length > 0 && (
        <ul class="sighting-list">
          {data.sightings.map((s) => (
            <li key={s.id}>
              {t('sightings.item', {
                port: s.port,
                date: s.seenOn,
                email: s.recordedBy.email,
                at: when(s.recordedAt),
              })}
              {s.note && <> — {s.note}</>}
            </li>
          ))}
        </ul>
      )}
      <ProblemNotice error={list.error} />
      {mayRecord && (
        <form class="sighting-form" onSubmit={record}>
          <FormField name="port" label={t('sightings.port')} hint={t('sightings.portHint')} error={error}>
            {(control) => <input {...control} required maxLength={5} autocomplete="off" />}
          </FormField>
          <FormField name="seenOn" label={t('sightings.seenOn')} error={error}>
            {(control) => <input {...control} type="date" required max={today} />}
          </FormField>
          <FormField name="note" label={t('sightings.note')} error={error}>
            {(control) => <textarea {...control} rows={2} maxLength={1000} />}
          </FormField>
          <button type="submit" disabled={busy}>
            {t('sightings.record')}
          </button>
          {done && <Success>{t('sightings.recorded')}</Success>}
          <ProblemNotice error={error} />
        </form>
      )}
    </section>
  );
}
