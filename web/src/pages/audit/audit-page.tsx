import { useEffect, useState } from 'preact/hooks';
import type { AuditEvent, Member } from '../../../../shared';
import { isCommissionAdmin } from '../../../../shared/permissions';
import { api, type Page, viewerOf } from '../../api';
import { FormField } from '../../components/form-field';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { usePagedList } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link, navigate, withQuery } from '../../router';
import { useMe } from '../../session-context';
import { roleLabel } from '../../words';
import { downloadCsv } from '../progress/csv';

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});
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
      <h1>Audit trail</h1>
      <p class="muted">
        Who did what, when, from where, in {commission ? 'an organisation' : me.organisation.name}. Dates are
        UTC; a request covers at most 12 months. Your looking is recorded in your organisation’s trail too.
      </p>
      <form
        class="filters"
        onSubmit={apply}
        aria-label="Filter the audit trail"
        key={JSON.stringify(filters)}
      >
        {commission && (
          <FormField name="organisationId" label="Organisation id" error={pages.error}>
            {(control) => <input {...control} type="text" defaultValue={organisationId} autocomplete="off" />}
          </FormField>
        )}
        <FormField name="memberId" label="Member" error={pages.error}>
          {(control) => (
            <select {...control}>
              <option value="">Any member</option>
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
        <FormField name="action" label="Action" hint="e.g. member.invited" error={pages.error}>
          {(control) => (
            <input {...control} type="text" defaultValue={filters.action ?? ''} autocomplete="off" />
          )}
        </FormField>
        <FormField name="objectId" label="Item id" error={pages.error}>
          {(control) => (
            <input {...control} type="text" defaultValue={filters.objectId ?? ''} autocomplete="off" />
          )}
        </FormField>
        <FormField name="from" label="From" hint="a day, or a month such as 2026-11" error={pages.error}>
          {(control) => (
            <input {...control} type="text" defaultValue={filters.from ?? ''} placeholder="YYYY-MM-DD" />
          )}
        </FormField>
        <FormField name="to" label="To" hint="included" error={pages.error}>
          {(control) => (
            <input {...control} type="text" defaultValue={filters.to ?? ''} placeholder="YYYY-MM-DD" />
          )}
        </FormField>
        <div class="filter-actions">
          <button type="submit">Filter</button>
          {filtered && <Link href="/audit">Clear filters</Link>}
        </div>
      </form>
      <div class="csv-links">
        <button type="button" class="secondary" onClick={exportCsv} disabled={exporting}>
          {exporting ? 'Preparing CSV…' : 'Download as CSV'}
        </button>
        <ProblemNotice error={csvError} />
      </div>

      <ProblemNotice error={pages.error} fields={[...filterNames]} />
      {pages.items.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <caption class="visually-hidden">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Item</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map((e) => (
                <tr key={`${e.at}#${e.requestId}`}>
                  <td>{timeFormat.format(new Date(e.at))}</td>
                  <td>
                    {memberName.get(e.actor.memberId) ?? e.actor.memberId}{' '}
                    <span class="muted">
                      ({roleLabel(e.actor.role)}
                      {e.actor.organisationId !== e.organisationId ? `, ${e.actor.organisationId}` : ''})
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
      {pages.loading && pages.items.length === 0 && <Loading what="Loading the audit trail…" />}
      {!pages.loading && !pages.error && pages.items.length === 0 && (
        <EmptyState title={filtered ? 'No event matches these filters.' : 'No events this month yet.'}>
          {filtered ? (
            <Link href="/audit">Show this month’s events</Link>
          ) : (
            'Choose earlier dates to look back.'
          )}
        </EmptyState>
      )}
      {pages.cursor && (
        <div class="load-more">
          <button type="button" class="secondary" onClick={() => pages.loadMore()} disabled={pages.loading}>
            {pages.loading ? 'Loading…' : 'Load older events'}
          </button>
        </div>
      )}
    </section>
  );
}
