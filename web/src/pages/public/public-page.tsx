import { useEffect, useState } from 'preact/hooks';
import type { PublicBulletin } from '../../../../functions/api/routes/public-bulletins';
import type { PublicDocument } from '../../../../functions/api/routes/public-documents';
import { api } from '../../api';
import { organisationLabel, useDirectory } from '../../components/organisation-name';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { useApi } from '../../components/use-api';
import { formatDate, t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { countryName, kindLabel, severityLabel } from '../../words';

/** The public feed's address, linked for feed readers (`<link rel="alternate">`) and people. */
export const atomFeed = '/api/v1/public/bulletins.atom';

/** Adds the Atom feed to the page head while the public page is shown. */
function useFeedLink() {
  useEffect(() => {
    const link = document.createElement('link');
    link.rel = 'alternate';
    link.type = 'application/atom+xml';
    link.href = atomFeed;
    link.title = t('public.feed');
    document.head.append(link);
    return () => link.remove();
  }, []);
}

/**
 * What anyone sees without signing in: what the alliance is, its members, and what it publishes
 * as TLP:CLEAR (bulletins, documents, the Atom feed). Content is shown as its authors wrote it.
 */
export default function PublicPage(_: PageProps) {
  useFeedLink();
  const directory = useDirectory();
  const bulletins = useApi<{ items: PublicBulletin[] }>('/api/v1/public/bulletins?limit=10');
  const documents = useApi<{ items: PublicDocument[] }>('/api/v1/public/documents?limit=10');
  const [error, setError] = useState<unknown>();
  const members = [...directory.values()].sort((a, b) => a.name.localeCompare(b.name));

  const download = async (d: PublicDocument) => {
    setError(undefined);
    try {
      const link = await api<{ url: string }>(d.download);
      location.assign(link.url);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="public-page">
      <h1>{t('app.brand')}</h1>
      <p class="lead">{t('signIn.lead')}</p>
      <p>{t('public.intro')}</p>
      <p>
        <Link href="/sign-in" class="button">
          {t('public.signIn')}
        </Link>
      </p>

      <h2>{t('public.bulletins')}</h2>
      <p>
        <a href={atomFeed} type="application/atom+xml">
          {t('public.feed')}
        </a>
      </p>
      {bulletins.loading && !bulletins.data && <Loading />}
      <ProblemNotice error={bulletins.error} />
      {bulletins.data && bulletins.data.items.length === 0 && <EmptyState title={t('public.noBulletins')} />}
      {bulletins.data && bulletins.data.items.length > 0 && (
        <ul class="public-list">
          {bulletins.data.items.map((b) => (
            <li key={b.id}>
              <TlpBadge label={b.tlp} /> <strong>{b.title}</strong>
              {b.status === 'withdrawn' && <span class="mark mark-withdrawn">{t('feed.withdrawn')}</span>}
              <p class="bulletin-summary">{b.summary}</p>
              <p class="muted">
                {severityLabel(b.severity)} ·{' '}
                {t('bulletin.fromOrg', {
                  organisation: organisationLabel(directory, b.authorOrganisationId),
                })}{' '}
                · {formatDate(b.publishedAt)}
              </p>
            </li>
          ))}
        </ul>
      )}

      <h2>{t('public.documents')}</h2>
      <ProblemNotice error={error ?? documents.error} />
      {documents.loading && !documents.data && <Loading />}
      {documents.data && documents.data.items.length === 0 && <EmptyState title={t('public.noDocuments')} />}
      {documents.data && documents.data.items.length > 0 && (
        <ul class="public-list">
          {documents.data.items.map((d) => (
            <li key={d.id}>
              <TlpBadge label={d.tlp} /> <strong>{d.title}</strong>
              <p class="bulletin-summary">{d.summary}</p>
              <p class="muted">
                {t('bulletin.fromOrg', {
                  organisation: organisationLabel(directory, d.authorOrganisationId),
                })}{' '}
                · {formatDate(d.versionAt)}
              </p>
              {d.file && (
                <button type="button" class="secondary" onClick={() => download(d)}>
                  {t('bulletin.download', { name: d.file.fileName })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('public.members')}</h2>
      {members.length === 0 ? (
        <Loading />
      ) : (
        <div class="table-wrap">
          <table class="list">
            <caption class="visually-hidden">{t('public.members')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('public.name')}</th>
                <th scope="col">{t('public.kind')}</th>
                <th scope="col">{t('home.country')}</th>
                <th scope="col">{t('home.unlocode')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((o) => (
                <tr key={o.id}>
                  <td>{o.name}</td>
                  <td>{kindLabel(o.kind)}</td>
                  <td>{countryName(o.country)}</td>
                  <td>{o.unlocode ? <code>{o.unlocode}</code> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
