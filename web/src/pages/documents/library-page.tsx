import './documents.css';
import type { ControlArea } from '../../../../shared/checklist';
import type { LibraryItem } from '../../../../shared/document';
import { canContribute } from '../../../../shared/permissions';
import { viewerOf } from '../../api';
import { FormField } from '../../components/form-field';
import { LoadMore } from '../../components/load-more';
import { when } from '../../components/receipts-table';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { usePagedList } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link, navigate, withQuery } from '../../router';
import { useMe } from '../../session-context';
import { kindLabel, organisationKinds } from '../../words';
import { areaLabels, areas } from '../checklists/checklist-words';
import { UnfinishedUploads } from './unfinished-uploads';

const filterNames = ['q', 'tag', 'area', 'organisation', 'kind'] as const;

/** The best-practice library: what the viewer may see, newest version first, searchable. */
export default function LibraryPage({ query }: PageProps) {
  const me = useMe();
  const filter = Object.fromEntries(filterNames.map((n) => [n, query.get(n) ?? ''])) as Record<
    (typeof filterNames)[number],
    string
  >;
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
      <h1>Best-practice library</h1>
      {canContribute(viewerOf(me)) && (
        <>
          <p>
            <Link href="/documents/new">Publish a document</Link>
          </p>
          <UnfinishedUploads />
        </>
      )}
      {/* Uncontrolled fields (default values, re-keyed per search): what a member types is not
          reset when the list below finishes loading and re-renders the page. */}
      <form class="filters" onSubmit={search} aria-label="Search the library" key={JSON.stringify(filter)}>
        <FormField name="q" label="Title contains" error={list.error}>
          {(control) => <input {...control} type="search" defaultValue={filter.q} />}
        </FormField>
        <FormField name="tag" label="Tag" error={list.error}>
          {(control) => (
            <input {...control} type="text" defaultValue={filter.tag} placeholder="e.g. release-pins" />
          )}
        </FormField>
        <FormField name="area" label="Control area" error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">Any area</option>
              {areas.map((a) => (
                <option key={a} value={a} selected={filter.area === a}>
                  {areaLabels[a]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="organisation" label="Publisher (organisation id)" error={list.error}>
          {(control) => (
            <input {...control} type="text" defaultValue={filter.organisation} placeholder="e.g. rotterdam" />
          )}
        </FormField>
        <FormField name="kind" label="Kind of publisher" error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">Any kind</option>
              {organisationKinds.map((k) => (
                <option key={k} value={k} selected={filter.kind === k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div class="filter-actions">
          <button type="submit">Search</button>
          {filtered && <Link href="/documents">Clear search</Link>}
        </div>
      </form>

      <ProblemNotice error={list.error} fields={[...filterNames]} />
      {list.items.length > 0 && (
        <ul class="document-list" aria-label="Documents">
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
                {d.authorOrganisationId} ({kindLabel(d.authorOrganisationKind)}) · version {d.currentVersion}{' '}
                of {when(d.versionAt)}
                {d.areas.length > 0 && ` · ${d.areas.map((a: ControlArea) => areaLabels[a]).join(', ')}`}
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
                  {d.overdue ? 'Acknowledgement overdue' : 'Needs your acknowledgement'}
                  {d.acknowledgeBy && ` (by ${when(d.acknowledgeBy)})`}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {list.loading && list.items.length === 0 && <Loading what="Loading documents…" />}
      {!list.loading && !list.error && list.items.length === 0 && (
        <EmptyState title={filtered ? 'No document matches this search.' : 'No documents yet.'}>
          {filtered ? (
            <Link href="/documents">Show the whole library</Link>
          ) : (
            'Publish the first best practice.'
          )}
        </EmptyState>
      )}
      <LoadMore list={list} noun="documents" />
    </section>
  );
}
