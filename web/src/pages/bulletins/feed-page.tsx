import './bulletins.css';
import type { FeedItem } from '../../../../shared/bulletin';
import { canContribute } from '../../../../shared/permissions';
import { type ThreatCategoryId, threatCategories } from '../../../../shared/taxonomy';
import { viewerOf } from '../../api';
import { FormField } from '../../components/form-field';
import { LoadMore } from '../../components/load-more';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { usePagedList } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link, navigate, withQuery } from '../../router';
import { useMe } from '../../session-context';
import { severities, severityLabels, when } from './bulletin-words';

interface Draft {
  id: string;
  title: string;
  updatedAt: string;
}

/** The organisation's unpublished drafts, so a draft saved earlier is never lost from sight. */
function Drafts() {
  const drafts = usePagedList<Draft>('/api/v1/bulletins/drafts', {});
  if (drafts.items.length === 0) return null;
  return (
    <section class="card drafts" aria-labelledby="drafts-heading">
      <h2 id="drafts-heading">Drafts of your organisation</h2>
      <ul>
        {drafts.items.map((d) => (
          <li key={d.id}>
            <Link href={`/bulletins/${d.id}/edit`}>{d.title}</Link>{' '}
            <span class="muted">saved {when(d.updatedAt)}</span>
          </li>
        ))}
      </ul>
      {drafts.hasMore && (
        <button type="button" class="secondary" onClick={() => drafts.loadMore()} disabled={drafts.loading}>
          More drafts
        </button>
      )}
    </section>
  );
}

/** The member's feed: community bulletins and their organisation's inbox, newest first. */
export default function FeedPage({ query }: PageProps) {
  const me = useMe();
  const port = query.get('port') ?? '';
  const category = query.get('category') ?? '';
  const severity = query.get('severity') ?? '';
  const list = usePagedList<FeedItem>('/api/v1/bulletins', {
    port: port || undefined,
    category: category || undefined,
    severity: severity || undefined,
    limit: query.get('limit') ?? undefined,
  });
  const filtered = Boolean(port || category || severity);

  const applyFilters = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    navigate(
      withQuery('/bulletins', {
        port: value('port').toUpperCase().replace(/\s+/g, ''),
        category: value('category'),
        severity: value('severity'),
      }),
    );
  };

  return (
    <section>
      <h1>{port ? `Bulletins for ${port}` : 'Incident bulletins'}</h1>
      {canContribute(viewerOf(me)) && (
        <>
          <p>
            <Link href="/bulletins/new">Write a bulletin</Link>
          </p>
          <Drafts />
        </>
      )}
      {/* Uncontrolled fields (default values, re-keyed per filter): what a member types is not
          reset when the list below finishes loading. */}
      <form
        class="filters"
        onSubmit={applyFilters}
        aria-label="Filter bulletins"
        key={`${port}|${category}|${severity}`}
      >
        <FormField name="port" label="Port (UN/LOCODE)" error={list.error}>
          {(control) => (
            <input {...control} type="text" defaultValue={port} maxLength={6} placeholder="e.g. NLRTM" />
          )}
        </FormField>
        <FormField name="category" label="Category" error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">Any category</option>
              {(Object.keys(threatCategories) as ThreatCategoryId[]).map((c) => (
                <option key={c} value={c} selected={c === category}>
                  {threatCategories[c]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="severity" label="Severity" error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">Any severity</option>
              {severities.map((s) => (
                <option key={s} value={s} selected={s === severity}>
                  {severityLabels[s]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div class="filter-actions">
          <button type="submit">Filter</button>
          {filtered && <Link href="/bulletins">Clear filters</Link>}
        </div>
      </form>

      <ProblemNotice error={list.error} fields={['port', 'category', 'severity']} />
      {list.items.length > 0 && (
        <ul class="bulletin-list" aria-label="Bulletins, newest first">
          {list.items.map((b) => (
            <li key={b.id} class={b.unread ? 'bulletin-row unread' : 'bulletin-row'}>
              <div class="bulletin-head">
                <TlpBadge label={b.tlp} />
                <Link href={`/bulletins/${b.id}`} class="bulletin-title">
                  {b.title}
                </Link>
              </div>
              <div class="bulletin-marks">
                {b.unread && <span class="mark mark-unread">Unread</span>}
                {b.needsAcknowledgement && (
                  <span class={b.overdue ? 'mark mark-overdue' : 'mark mark-ack'}>
                    {b.overdue ? 'Acknowledgement overdue' : 'Needs your acknowledgement'}
                  </span>
                )}
                {b.status === 'withdrawn' && <span class="mark mark-withdrawn">Withdrawn</span>}
              </div>
              <p class="bulletin-summary">{b.summary}</p>
              <p class="muted bulletin-meta">
                {severityLabels[b.severity]} · {b.authorOrganisationId} · {when(b.publishedAt)}
                {b.ports.length > 0 && (
                  <>
                    {' · '}
                    {b.ports.map((p, i) => (
                      <span key={p}>
                        {i > 0 && ', '}
                        <Link href={`/bulletins?port=${p}`}>{p}</Link>
                      </span>
                    ))}
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {list.loading && list.items.length === 0 && <Loading what="Loading bulletins…" />}
      {!list.loading && !list.error && list.items.length === 0 && (
        <EmptyState title={filtered ? 'No bulletin matches these filters.' : 'No bulletins yet.'}>
          {filtered ? (
            <Link href="/bulletins">Show every bulletin</Link>
          ) : (
            'Bulletins shared with you appear here.'
          )}
        </EmptyState>
      )}
      <LoadMore list={list} noun="bulletins" />
    </section>
  );
}
