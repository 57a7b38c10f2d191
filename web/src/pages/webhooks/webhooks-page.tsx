import './webhooks.css';
import { useState } from 'preact/hooks';
import type { Webhook } from '../../../../shared/webhook';
import { api } from '../../api';
import { FormField } from '../../components/form-field';
import { EmptyState, Loading, ProblemNotice, Success } from '../../components/status';
import { useApi } from '../../components/use-api';
import { formatDate, t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { WebhookDeliveries } from './webhook-deliveries';

const events = ['bulletin.published', 'bulletin.revised', 'bulletin.acknowledged'] as const;

/**
 * An organisation's webhooks, for its own org admins (the route hides the page from others, the
 * API refuses them): register one (its secret shown once), remove one, read its delivery log.
 */
export default function WebhooksPage({ params }: PageProps) {
  const id = params.id!;
  const path = `/api/v1/organisations/${encodeURIComponent(id)}/webhooks`;
  const list = useApi<{ items: Webhook[] }>(path);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const [removed, setRemoved] = useState(false);
  const [open, setOpen] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const chosen = events.filter((e) => data.get(`event-${e}`) === 'on');
    setBusy(true);
    setError(undefined);
    setCreated(null);
    setRemoved(false);
    try {
      const description = String(data.get('description') ?? '').trim();
      const answer = await api<{ id: string; secret: string }>(path, {
        body: {
          url: String(data.get('url') ?? '').trim(),
          ...(description ? { description } : {}),
          ...(chosen.length && chosen.length < events.length ? { events: chosen } : {}),
        },
      });
      setCreated(answer);
      form.reset();
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (hook: Webhook) => {
    if (!window.confirm(t('webhooks.confirmRemove', { url: hook.url }))) return;
    setError(undefined);
    setCreated(null);
    try {
      await api(`${path}/${encodeURIComponent(hook.id)}`, { method: 'DELETE' });
      setRemoved(true);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section>
      <p class="breadcrumb">
        <Link href={`/organisations/${id}`}>{t('page.organisation')}</Link> ›
      </p>
      <h1>{t('page.webhooks')}</h1>
      <p>{t('webhooks.intro')}</p>
      {created && (
        <Success>
          {t('webhooks.created')} <code class="secret">{created.secret}</code>
        </Success>
      )}
      {removed && <Success>{t('webhooks.removed')}</Success>}
      <ProblemNotice error={error} fields={['url', 'description', 'events']} />
      {list.loading && !list.data && <Loading what={t('webhooks.loading')} />}
      {list.data && list.data.items.length === 0 && <EmptyState title={t('webhooks.none')} />}
      {list.data && list.data.items.length > 0 && (
        <ul class="webhooks">
          {list.data.items.map((hook) => (
            <li key={hook.id} class="card">
              <p>
                <code>{hook.url}</code> {hook.description && <span class="muted">{hook.description}</span>}
              </p>
              <p>
                {t('webhooks.state', { status: hook.status })}
                {hook.failingSince &&
                  ` · ${t('webhooks.failingSince', { date: formatDate(hook.failingSince) })}`}
                {' · '}
                {hook.events.map((e) => (
                  <code key={e}>{e} </code>
                ))}
              </p>
              <button
                type="button"
                class="secondary"
                aria-expanded={open === hook.id}
                onClick={() => setOpen(open === hook.id ? null : hook.id)}
              >
                {t('webhooks.showLog')}
              </button>{' '}
              <button type="button" class="secondary" onClick={() => void remove(hook)}>
                {t('webhooks.remove')}
              </button>
              {open === hook.id && (
                <WebhookDeliveries
                  path={`${path}/${encodeURIComponent(hook.id)}/deliveries`}
                  label={hook.url}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <form class="card" onSubmit={submit} noValidate aria-labelledby="add-webhook">
        <h2 id="add-webhook">{t('webhooks.add')}</h2>
        <FormField name="url" label={t('webhooks.url')} hint={t('webhooks.urlHint')} error={error}>
          {(control) => <input {...control} type="url" required autocomplete="off" />}
        </FormField>
        <FormField name="description" label={t('webhooks.description')} error={error}>
          {(control) => <input {...control} type="text" maxLength={100} />}
        </FormField>
        <fieldset class="webhook-events">
          <legend>{t('webhooks.events')}</legend>
          {events.map((e) => (
            <label key={e} class="check">
              <input type="checkbox" name={`event-${e}`} defaultChecked /> <code>{e}</code>
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? t('webhooks.adding') : t('webhooks.add')}
        </button>
      </form>
    </section>
  );
}
