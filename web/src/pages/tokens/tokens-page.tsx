import './tokens.css';
import { useState } from 'preact/hooks';
import type { ApiToken } from '../../../../shared/api-token';
import { apiTokenRules, apiTokenScopes } from '../../../../shared/api-token-rules';
import { api, type Page } from '../../api';
import { endOfDay } from '../../components/addressing';
import { FormField } from '../../components/form-field';
import { EmptyState, Loading, ProblemNotice, Success } from '../../components/status';
import { useApi } from '../../components/use-api';
import { formatDate, t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';

/** The expiry offered first: 90 days ahead, a date field's value. */
const dateIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * An org admin's API tokens for the organisation's own systems (docs/interoperability.md): create
 * one (its secret shown once), see each with its scopes, expiry and last use, revoke it.
 */
export default function TokensPage({ params }: PageProps) {
  const id = params.id!;
  const path = `/api/v1/organisations/${encodeURIComponent(id)}/tokens`;
  const tokens = useApi<Page<ApiToken>>(path);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [revoked, setRevoked] = useState('');

  const create = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    const due = String(form.get('expiresAt') ?? '');
    setBusy(true);
    setError(undefined);
    setCreated(null);
    setRevoked('');
    try {
      const answer = await api<{ id: string; token: string }>(path, {
        body: { name, scopes: form.getAll('scopes').map(String), expiresAt: endOfDay(due) },
      });
      setCreated({ name, token: answer.token });
      (event.currentTarget as HTMLFormElement | null)?.reset();
      tokens.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ApiToken) => {
    if (!confirm(t('tokens.revokeConfirm', { name: token.name }))) return;
    setError(undefined);
    try {
      await api(`${path}/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
      setRevoked(t('tokens.revoked', { name: token.name }));
      tokens.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section>
      <p class="breadcrumb">
        <Link href={`/organisations/${encodeURIComponent(id)}`}>{t('tokens.organisation')}</Link> ›{' '}
        <span aria-current="page">{t('page.api-tokens')}</span>
      </p>
      <h1>{t('page.api-tokens')}</h1>
      <p>{t('tokens.intro')}</p>
      <ProblemNotice error={error} fields={['name', 'scopes', 'expiresAt']} />
      {revoked && <Success>{revoked}</Success>}
      {created && (
        <div class="notice notice-success" role="status">
          <p>
            <strong>{t('tokens.createdOnce', { name: created.name })}</strong>
          </p>
          <label for="new-token">{t('tokens.secret')}</label>
          <input id="new-token" class="token-secret" type="text" readOnly value={created.token} />
          <button
            type="button"
            class="secondary"
            onClick={() => navigator.clipboard?.writeText(created.token)}
          >
            {t('tokens.copy')}
          </button>
        </div>
      )}

      <h2>{t('tokens.list')}</h2>
      {tokens.loading && !tokens.data && <Loading />}
      {tokens.data && tokens.data.items.length === 0 && <EmptyState title={t('tokens.none')} />}
      {tokens.data && tokens.data.items.length > 0 && (
        <div class="table-wrap">
          <table class="list" aria-label={t('tokens.list')}>
            <thead>
              <tr>
                <th scope="col">{t('tokens.name')}</th>
                <th scope="col">{t('tokens.scopes')}</th>
                <th scope="col">{t('tokens.expires')}</th>
                <th scope="col">{t('tokens.lastUsed')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('tokens.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{token.scopes.map((s) => t(`tokens.scope.${s}`)).join(', ')}</td>
                  <td>{formatDate(token.expiresAt)}</td>
                  <td>{token.lastUsedAt ? formatDate(token.lastUsedAt) : t('tokens.neverUsed')}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={t('tokens.revokeNamed', { name: token.name })}
                      onClick={() => revoke(token)}
                    >
                      {t('tokens.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('tokens.create')}</h2>
      <form class="card" onSubmit={create} aria-label={t('tokens.create')}>
        <FormField name="name" label={t('tokens.name')} hint={t('tokens.nameHint')} error={error}>
          {(control) => <input {...control} type="text" maxLength={100} required />}
        </FormField>
        <fieldset>
          <legend>{t('tokens.scopes')}</legend>
          {apiTokenScopes.map((scope) => (
            <label key={scope} class="check">
              <input
                type="checkbox"
                name="scopes"
                value={scope}
                defaultChecked={scope === 'bulletins:read'}
              />{' '}
              {t(`tokens.scope.${scope}`)}
            </label>
          ))}
        </fieldset>
        <FormField
          name="expiresAt"
          label={t('tokens.expiresOn')}
          hint={t('tokens.expiresHint', { days: apiTokenRules.maxLifetimeDays })}
          error={error}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              required
              defaultValue={dateIn(90)}
              min={dateIn(1)}
              max={dateIn(apiTokenRules.maxLifetimeDays - 1)}
            />
          )}
        </FormField>
        <button type="submit" disabled={busy}>
          {t('tokens.createButton')}
        </button>
      </form>
    </section>
  );
}
