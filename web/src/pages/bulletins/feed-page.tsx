import './bulletins.css';
import type { FeedItem } from '../../../../shared/bulletin';
import { canContribute } from '../../../../shared/permissions';
import { threatCategoryIds } from '../../../../shared/taxonomy';
import { viewerOf } from '../../api';
import { FormField } from '../../components/form-field';
import { LoadMore } from '../../components/load-more';
import { organisationLabel, useDirectory } from '../../components/organisation-name';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { usePagedList } from '../../components/use-api';
import { t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate, withQuery } from '../../router';
import { useMe } from '../../session-context';
import { categoryLabel } from '../../words';
import { severities, severityLabel, when } from './bulletin-words';
import { FeedExport } from './feed-export';

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
      <h2 id="drafts-heading">{t('feed.drafts')}</h2>
      <ul>
        {drafts.items.map((d) => (
          <li key={d.id}>
            <Link href={`/bulletins/${d.id}/edit`}>{d.title}</Link>{' '}
            <span class="muted">{t('feed.saved', { date: when(d.updatedAt) })}</span>
          </li>
        ))}
      </ul>
      {drafts.hasMore && (
        <button type="button" class="secondary" onClick={() => drafts.loadMore()} disabled={drafts.loading}>
          {t('feed.moreDrafts')}
        </button>
      )}
    </section>
  );
}

/** The member's feed: community bulletins and their organisation's inbox, newest first. */
export default function FeedPage({ query }: PageProps) {
  const me = useMe();
  const directory = useDirectory();
  const port = query.get('port') ?? '';
  const category = query.get('category') ?? '';
  const severity = query.get('severity') ?? '';
  const unread = query.get('unread') === 'true';
  const needsAcknowledgement = query.get('needsAcknowledgement') === 'true';
  const filters = {
    port: port || undefined,
    category: category || undefined,
    severity: severity || undefined,
    unread: unread ? 'true' : undefined,
    needsAcknowledgement: needsAcknowledgement ? 'true' : undefined,
  };
  const list = usePagedList<FeedItem>('/api/v1/bulletins', {
    ...filters,
    limit: query.get('limit') ?? undefined,
  });
  const filtered = Boolean(port || category || severity || unread || needsAcknowledgement);

  const applyFilters = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    navigate(
      withQuery('/bulletins', {
        port: value('port').toUpperCase().replace(/\s+/g, ''),
        category: value('category'),
        severity: value('severity'),
        unread: form.get('unread') ? 'true' : '',
        needsAcknowledgement: form.get('needsAcknowledgement') ? 'true' : '',
      }),
    );
  };

  return (
    <section>
      <h1>{port ? t('feed.headingPort', { port }) : t('feed.heading')}</h1>
      {canContribute(viewerOf(me)) && (
        <>
          <p>
            <Link href="/bulletins/new">{t('feed.write')}</Link>
          </p>
          <Drafts />
        </>
      )}
      {/* Uncontrolled fields (default values, re-keyed per filter): what a member types is not
          reset when the list below finishes loading. */}
      <form
        class="filters"
        onSubmit={applyFilters}
        aria-label={t('feed.filters')}
        key={`${port}|${category}|${severity}|${unread}|${needsAcknowledgement}`}
      >
        <FormField name="port" label={t('feed.port')} error={list.error}>
          {(control) => (
            <input
              {...control}
              type="text"
              defaultValue={port}
              maxLength={6}
              placeholder={t('feed.portPlaceholder')}
            />
          )}
        </FormField>
        <FormField name="category" label={t('feed.category')} error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">{t('feed.anyCategory')}</option>
              {threatCategoryIds.map((c) => (
                <option key={c} value={c} selected={c === category}>
                  {categoryLabel(c)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="severity" label={t('feed.severity')} error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">{t('feed.anySeverity')}</option>
              {severities.map((s) => (
                <option key={s} value={s} selected={s === severity}>
                  {severityLabel(s)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <fieldset class="filter-checks">
          <legend>{t('feed.show')}</legend>
          <label class="check">
            <input type="checkbox" name="unread" value="true" defaultChecked={unread} />{' '}
            {t('feed.onlyUnread')}
          </label>
          <label class="check">
            <input
              type="checkbox"
              name="needsAcknowledgement"
              value="true"
              defaultChecked={needsAcknowledgement}
            />{' '}
            {t('feed.onlyNeedsAck')}
          </label>
        </fieldset>
        <div class="filter-actions">
          <button type="submit">{t('feed.filter')}</button>
          {filtered && <Link href="/bulletins">{t('feed.clear')}</Link>}
        </div>
      </form>

      <ProblemNotice error={list.error} fields={['port', 'category', 'severity']} />
      {list.items.length > 0 && (
        <ul class="bulletin-list" aria-label={t('feed.list')}>
          {list.items.map((b) => (
            <li key={b.id} class={b.unread ? 'bulletin-row unread' : 'bulletin-row'}>
              <div class="bulletin-head">
                <TlpBadge label={b.tlp} />
                <Link href={`/bulletins/${b.id}`} class="bulletin-title">
                  {b.title}
                </Link>
              </div>
              <div class="bulletin-marks">
                {b.unread && <span class="mark mark-unread">{t('feed.unread')}</span>}
                {b.needsAcknowledgement && (
                  <span class={b.overdue ? 'mark mark-overdue' : 'mark mark-ack'}>
                    {b.overdue ? t('feed.ackOverdue') : t('feed.needsAck')}
                  </span>
                )}
                {b.status === 'withdrawn' && <span class="mark mark-withdrawn">{t('feed.withdrawn')}</span>}
              </div>
              <p class="bulletin-summary">{b.summary}</p>
              <p class="muted bulletin-meta">
                {severityLabel(b.severity)} ·{' '}
                {t('bulletin.fromOrg', {
                  organisation: organisationLabel(directory, b.authorOrganisationId),
                })}{' '}
                · {when(b.publishedAt)}
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
      {list.loading && list.items.length === 0 && <Loading what={t('feed.loading')} />}
      {!list.loading && !list.error && list.items.length === 0 && (
        <EmptyState title={filtered ? t('feed.noMatch') : t('feed.none')}>
          {filtered ? <Link href="/bulletins">{t('feed.showAll')}</Link> : t('feed.noneHint')}
        </EmptyState>
      )}
      <LoadMore list={list} noun="bulletins" />
      {list.items.length > 0 && <FeedExport filters={filters} />}
    </section>
  );
}
