import './notifications.css';
import { useEffect, useState } from 'preact/hooks';
import type { Delivery, MailTopic, Preferences } from '../../../../shared/notification';
import { api } from '../../api';
import { FormField } from '../../components/form-field';
import { Loading, ProblemNotice, Success } from '../../components/status';
import { useApi } from '../../components/use-api';
import { formatNumber, languageNames, languages, t } from '../../i18n';
import { Link } from '../../router';
import { deliveries, deliveryWords, mailTopics, topicWords } from './notification-words';

export const preferencesPath = '/api/v1/me/preferences';

const hours = Array.from({ length: 24 }, (_, h) => h);

/** The browser's IANA time zones, with the member's own first among equals if the list lacks it. */
function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    // An older browser: the member's own zone and UTC still make a usable choice.
  }
  return [...new Set([current, 'UTC', ...zones])].sort();
}

/**
 * The member's e-mail choices: per kind of event, at once, in a daily digest or not at all; the
 * digest's hour in their time zone. The notification centre lists every event whatever is chosen.
 * Plain radios and selects: the whole form works from the keyboard.
 */
export default function PreferencesPage() {
  const loaded = useApi<Preferences>(preferencesPath);
  const [form, setForm] = useState<Preferences | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (loaded.data) setForm(loaded.data);
  }, [loaded.data]);

  if (loaded.error) return <ProblemNotice error={loaded.error} />;
  if (!form) return <Loading />;

  const choose = (topic: MailTopic, delivery: Delivery) => {
    setSaved(false);
    setForm({ ...form, topics: { ...form.topics, [topic]: delivery } });
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setSaved(false);
    try {
      setForm(await api<Preferences>(preferencesPath, { method: 'PUT', body: form }));
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section>
      <h1>{t('prefs.heading')}</h1>
      <p class="lead">{t('prefs.intro')}</p>
      <p>
        <Link href="/notifications">{t('prefs.back')}</Link>
      </p>
      <form onSubmit={save} noValidate>
        {mailTopics.map((topic) => (
          <fieldset key={topic} class="preference-topic" aria-describedby={`topic-${topic}-hint`}>
            <legend>{t(topicWords[topic].label)}</legend>
            <p class="hint muted" id={`topic-${topic}-hint`}>
              {t(topicWords[topic].hint)}
            </p>
            <div class="preference-choices">
              {deliveries.map((delivery) => (
                <label key={delivery} class="check">
                  <input
                    type="radio"
                    name={`topic-${topic}`}
                    value={delivery}
                    checked={form.topics[topic] === delivery}
                    onChange={() => choose(topic, delivery)}
                  />{' '}
                  {t(deliveryWords[delivery])}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <FormField
          name="digestHour"
          label={t('prefs.digestHour')}
          hint={t('prefs.digestHourHint')}
          error={error}
        >
          {(control) => (
            <select
              {...control}
              value={String(form.digestHour)}
              onChange={(e) => {
                setSaved(false);
                setForm({ ...form, digestHour: Number((e.currentTarget as HTMLSelectElement).value) });
              }}
            >
              {hours.map((h) => (
                <option key={h} value={String(h)}>
                  {`${formatNumber(h, { minimumIntegerDigits: 2 })}:00`}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="timeZone" label={t('prefs.timeZone')} error={error}>
          {(control) => (
            <select
              {...control}
              value={form.timeZone}
              onChange={(e) => {
                setSaved(false);
                setForm({ ...form, timeZone: (e.currentTarget as HTMLSelectElement).value });
              }}
            >
              {timeZones(form.timeZone).map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="language" label={t('prefs.language')} error={error}>
          {(control) => (
            <select
              {...control}
              value={form.language}
              onChange={(e) => {
                const language = languages.find((l) => l === (e.currentTarget as HTMLSelectElement).value);
                if (!language) return;
                setSaved(false);
                setForm({ ...form, language });
              }}
            >
              {languages.map((l) => (
                <option key={l} value={l} lang={l}>
                  {languageNames[l]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <ProblemNotice error={error} fields={['digestHour', 'timeZone', 'language']} />
        {saved && <Success>{t('prefs.saved')}</Success>}
        <button type="submit" disabled={saving}>
          {saving ? t('prefs.saving') : t('prefs.save')}
        </button>
      </form>
    </section>
  );
}
