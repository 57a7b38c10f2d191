import './documents.css';
import type { ControlArea } from '../../../../shared/checklist';
import type { LibraryItem } from '../../../../shared/document';
import { canContribute } from '../../../../shared/permissions';
import { viewerOf } from '../../api';
import { FormField } from '../../components/form-field';
import { LoadMore } from '../../components/load-more';
import { organisationLabel, useDirectory } from '../../components/organisation-name';
import { when } from '../../components/receipts-table';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { usePagedList } from '../../components/use-api';
import { t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate, withQuery } from '../../router';
import { useMe } from '../../session-context';
import { kindLabel, organisationKinds } from '../../words';
import { areaLabel, areas } from '../checklists/checklist-words';
import { UnfinishedUploads } from './unfinished-uploads';

const filterNames = ['q', 'tag', 'area', 'organisation', 'kind'] as const;

/** The best-practice library: what the viewer may see, newest version first, searchable. */
export default function LibraryPage({ query }: PageProps) {
  const me = useMe();
  const filter = Object.fromEntries(filterNames.map((n) => [n, query.get(n) ?? ''])) as Record<
    (typeof filterNames)[number],
    string
  >;
  const directory = useDirectory();
  const list = usePagedList<LibraryItem>('/api/v1/documents', {
    ...Object.fromEntries(filterNames.map((n) => [n, filter[n] || undefined])),
    limit: query.get('limit') ?? undefined,
  });
  const filtered = filterNames.some((n) => filter[n]);

  const search = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    navigate(
      withQuery('/documents', {
        q: value('q'),
        tag: value('tag').toLowerCase().replace(/\s+/g, '-'),
        area: value('area'),
        organisation: value('organisation').toLowerCase(),
        kind: value('kind'),
      }),
    );
  };

  return (
    <section>
      <h1>{t('library.heading')}</h1>
      {canContribute(viewerOf(me)) && (
        <>
          <p>
            <Link href="/documents/new">{t('page.publish-a-document')}</Link>
          </p>
          <UnfinishedUploads />
        </>
      )}
      {/* Uncontrolled fields (default values, re-keyed per search): what a member types is not
          reset when the list below finishes loading and re-renders the page. */}
      <form class="filters" onSubmit={search} aria-label={t('library.search')} key={JSON.stringify(filter)}>
        <FormField name="q" label={t('library.q')} error={list.error}>
          {(control) => <input {...control} type="search" defaultValue={filter.q} />}
        </FormField>
        <FormField name="tag" label={t('library.tag')} error={list.error}>
          {(control) => (
            <input
              {...control}
              type="text"
              defaultValue={filter.tag}
              placeholder={t('library.tagPlaceholder')}
            />
          )}
        </FormField>
        <FormField name="area" label={t('library.area')} error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">{t('library.anyArea')}</option>
              {areas.map((a) => (
                <option key={a} value={a} selected={filter.area === a}>
                  {areaLabel(a)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="organisation" label={t('library.publisher')} error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">{t('library.anyOrganisation')}</option>
              {[...directory.values()]
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((o) => (
                  <option key={o.id} value={o.id} selected={o.id === filter.organisation}>
                    {organisationLabel(directory, o.id)}
                  </option>
                ))}
            </select>
          )}
        </FormField>
        <FormField name="kind" label={t('library.kind')} error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">{t('library.anyKind')}</option>
              {organisationKinds.map((k) => (
                <option key={k} value={k} selected={filter.kind === k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div class="filter-actions">
          <button type="submit">{t('library.searchButton')}</button>
          {filtered && <Link href="/documents">{t('library.clear')}</Link>}
        </div>
      </form>

      <ProblemNotice error={list.error} fields={[...filterNames]} />
      {list.items.length > 0 && (
        <ul class="document-list" aria-label={t('library.list')}>
          {list.items.map((d) => (
            <li key={d.id} class={d.needsAcknowledgement ? 'document-row asked' : 'document-row'}>
              <div class="document-head">
                <TlpBadge label={d.tlp} />
                <h2 class="document-title">
                  <Link href={`/documents/${d.id}`}>{d.title}</Link>
                </h2>
              </div>
              <p>{d.summary}</p>
              <p class="document-meta muted">
                {organisationLabel(directory, d.authorOrganisationId)} ({kindLabel(d.authorOrganisationKind)})
                · {t('library.version', { version: d.currentVersion, date: when(d.versionAt) })}
                {d.areas.length > 0 && ` · ${d.areas.map((a: ControlArea) => areaLabel(a)).join(', ')}`}
              </p>
              <p class="tag-list">
                {d.tags.map((t) => (
                  <Link key={t} class="tag" href={withQuery('/documents', { tag: t })}>
                    #{t}
                  </Link>
                ))}
              </p>
              {d.needsAcknowledgement && (
                <span class={d.overdue ? 'mark mark-overdue' : 'mark mark-pending'}>
                  {d.overdue ? t('feed.ackOverdue') : t('feed.needsAck')}
                  {d.acknowledgeBy && ` ${t('library.by', { date: when(d.acknowledgeBy) })}`}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {list.loading && list.items.length === 0 && <Loading what={t('library.loading')} />}
      {!list.loading && !list.error && list.items.length === 0 && (
        <EmptyState title={filtered ? t('library.noMatch') : t('library.none')}>
          {filtered ? <Link href="/documents">{t('library.showAll')}</Link> : t('library.noneHint')}
        </EmptyState>
      )}
      <LoadMore list={list} noun="documents" />
    </section>
  );
}
