import { useEffect, useState } from 'preact/hooks';
import type { AuditEvent, Member } from '../../../../shared';
import { isCommissionAdmin } from '../../../../shared/permissions';
import { api, type Page, viewerOf } from '../../api';
import { FormField } from '../../components/form-field';
import { organisationLabel, useDirectory } from '../../components/organisation-name';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { usePagedList } from '../../components/use-api';
import { formatDateTime, t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate, withQuery } from '../../router';
import { useMe } from '../../session-context';
import { roleLabel } from '../../words';
import { downloadCsv } from '../progress/csv';

const filterNames = ['organisationId', 'memberId', 'action', 'objectId', 'from', 'to'] as const;

/** A page of the trail and the pages after it, walked with the sealed cursor. */
function useAuditPages(query: Record<string, string | undefined>) {
  const key = JSON.stringify(query);
  const [state, setState] = useState<{
    items: AuditEvent[];
    cursor: string | null;
    loading: boolean;
    error?: unknown;
  }>({ items: [], cursor: null, loading: true });
  const load = async (cursor: string | null, replace: boolean) => {
    setState((s) => ({ ...s, loading: true, error: undefined }));
    try {
      const page = await api<Page<AuditEvent>>('/api/v1/audit', {
        query: { ...query, cursor: cursor ?? undefined },
      });
      setState((s) => ({
        items: replace ? page.items : [...s.items, ...page.items],
        cursor: page.nextCursor,
        loading: false,
      }));
    } catch (error) {
      setState((s) => ({ ...s, loading: false, error }));
    }
  };
  // Reloads from the first page whenever the filters (`key`) change.
  useEffect(() => {
    void load(null, true);
  }, [key]);
  return { ...state, loadMore: () => (state.cursor ? load(state.cursor, false) : undefined) };
}

/**
 * An organisation's audit trail for its org_admins (any organisation's for Commission org_admins):
 * filters in the address, newest first, more on request, and the filtered range as CSV. Each
 * look is itself recorded in the viewer's own trail.
 */
export default function AuditPage({ query }: PageProps) {
  const me = useMe();
  const commission = isCommissionAdmin(viewerOf(me), me.organisation.kind);
  const filters = Object.fromEntries(filterNames.map((n) => [n, query.get(n) ?? undefined])) as Record<
    (typeof filterNames)[number],
    string | undefined
  >;
  const organisationId = filters.organisationId ?? me.organisation.id;
  const pages = useAuditPages(filters);
  const directory = useDirectory();
  const members = usePagedList<Member>(
    `/api/v1/organisations/${encodeURIComponent(organisationId)}/members`,
    {
      limit: '100',
    },
  );
  const [csvError, setCsvError] = useState<unknown>();
  const [exporting, setExporting] = useState(false);

  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    navigate(withQuery('/audit', Object.fromEntries(filterNames.map((n) => [n, String(form.get(n) ?? '')]))));
  };
  const exportCsv = async () => {
    setExporting(true);
    setCsvError(undefined);
    try {
      await downloadCsv(
        withQuery('/api/v1/audit', { ...filters, format: 'csv' }),
        `audit-${organisationId}.csv`,
      );
    } catch (err) {
      setCsvError(err);
    } finally {
      setExporting(false);
    }
  };
  const memberName = new Map(members.items.map((m) => [m.id, m.name]));
  const filtered = filterNames.some((n) => filters[n]);

  return (
    <section>
      <h1>{t('page.audit-trail')}</h1>
      <p class="muted">
        {commission ? t('audit.leadCommission') : t('audit.lead', { organisation: me.organisation.name })}
      </p>
      <form class="filters" onSubmit={apply} aria-label={t('audit.filters')} key={JSON.stringify(filters)}>
        {commission && (
          <FormField name="organisationId" label={t('audit.organisation')} error={pages.error}>
            {(control) => (
              // Picked by name from the public directory; the chosen id stays an option while it loads.
              <select {...control}>
                {[...new Set([organisationId, ...directory.keys()])]
                  .map((id) => ({ id, label: organisationLabel(directory, id) }))
                  .sort((a, b) => a.label.localeCompare(b.label))
                  .map((o) => (
                    <option key={o.id} value={o.id} selected={o.id === organisationId}>
                      {o.label}
                    </option>
                  ))}
              </select>
            )}
          </FormField>
        )}
        <FormField name="memberId" label={t('review.member')} error={pages.error}>
          {(control) => (
            <select {...control}>
              <option value="">{t('audit.anyMember')}</option>
              {filters.memberId && !memberName.has(filters.memberId) && (
                <option value={filters.memberId} selected>
                  {filters.memberId}
                </option>
              )}
              {members.items.map((m) => (
                <option key={m.id} value={m.id} selected={m.id === filters.memberId}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="action" label={t('audit.action')} hint={t('audit.actionHint')} error={pages.error}>
          {(control) => (
            <input {...control} type="text" defaultValue={filters.action ?? ''} autocomplete="off" />
          )}
        </FormField>
        <FormField name="objectId" label={t('audit.itemId')} error={pages.error}>
          {(control) => (
            <input {...control} type="text" defaultValue={filters.objectId ?? ''} autocomplete="off" />
          )}
        </FormField>
        <FormField name="from" label={t('audit.from')} hint={t('audit.fromHint')} error={pages.error}>
          {(control) => (
            <input
              {...control}
              type="text"
              defaultValue={filters.from ?? ''}
              placeholder={t('audit.datePlaceholder')}
            />
          )}
        </FormField>
        <FormField name="to" label={t('audit.to')} hint={t('audit.toHint')} error={pages.error}>
          {(control) => (
            <input
              {...control}
              type="text"
              defaultValue={filters.to ?? ''}
              placeholder={t('audit.datePlaceholder')}
            />
          )}
        </FormField>
        <div class="filter-actions">
          <button type="submit">{t('feed.filter')}</button>
          {filtered && <Link href="/audit">{t('feed.clear')}</Link>}
        </div>
      </form>
      <div class="csv-links">
        <button type="button" class="secondary" onClick={exportCsv} disabled={exporting}>
          {exporting ? t('audit.preparingCsv') : t('audit.downloadCsv')}
        </button>
        <ProblemNotice error={csvError} />
      </div>

      <ProblemNotice error={pages.error} fields={[...filterNames]} />
      {pages.items.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <caption class="visually-hidden">{t('audit.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.item')}</th>
                <th scope="col">{t('audit.source')}</th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map((e) => (
                <tr key={`${e.at}#${e.requestId}`}>
                  <td>{formatDateTime(e.at, 'UTC')}</td>
                  <td>
                    {memberName.get(e.actor.memberId) ?? e.actor.memberId}{' '}
                    <span class="muted">
                      ({roleLabel(e.actor.role)}
                      {e.actor.organisationId !== e.organisationId
                        ? `, ${organisationLabel(directory, e.actor.organisationId)}`
                        : ''}
                      )
                    </span>
                  </td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.object.type} <code>{e.object.id}</code>
                  </td>
                  <td>{e.sourceIp ?? <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.loading && pages.items.length === 0 && <Loading what={t('audit.loading')} />}
      {!pages.loading && !pages.error && pages.items.length === 0 && (
        <EmptyState title={filtered ? t('audit.noMatch') : t('audit.none')}>
          {filtered ? <Link href="/audit">{t('audit.showMonth')}</Link> : t('audit.noneHint')}
        </EmptyState>
      )}
      {pages.cursor && (
        <div class="load-more">
          <button type="button" class="secondary" onClick={() => pages.loadMore()} disabled={pages.loading}>
            {pages.loading ? t('status.loading') : t('audit.older')}
          </button>
        </div>
      )}
    </section>
  );
}
