import type { Organisation } from '../../../../shared';
import { FormField } from '../../components/form-field';
import { LoadMore } from '../../components/load-more';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { usePagedList } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link, navigate, withQuery } from '../../router';
import { countryName, europeanCountries, kindLabel, organisationKinds } from '../../words';

/** The alliance directory, filtered by kind and country; the filters live in the address. */
export default function DirectoryPage({ query }: PageProps) {
  const kind = query.get('kind') ?? '';
  const country = query.get('country') ?? '';
  const list = usePagedList<Organisation>('/api/v1/organisations', {
    kind: kind || undefined,
    country: country || undefined,
    // A page size in the address (?limit=) is passed on; the API bounds it.
    limit: query.get('limit') ?? undefined,
  });
  const countries =
    country && !europeanCountries().includes(country)
      ? [country, ...europeanCountries()]
      : europeanCountries();

  const applyFilters = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    navigate(
      withQuery('/organisations', {
        limit: query.get('limit') ?? undefined,
        kind: String(form.get('kind') ?? ''),
        country: String(form.get('country') ?? ''),
      }),
    );
  };

  return (
    <section>
      <h1>Alliance directory</h1>
      {/* Uncontrolled fields (re-keyed per filter): a choice made while the list loads is kept. */}
      <form
        class="filters"
        onSubmit={applyFilters}
        aria-label="Filter the directory"
        key={`${kind}|${country}`}
      >
        <FormField name="kind" label="Kind" error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">Any kind</option>
              {organisationKinds.map((k) => (
                <option key={k} value={k} selected={k === kind}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="country" label="Country" error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">Any country</option>
              {countries.map((c) => (
                <option key={c} value={c} selected={c === country}>
                  {countryName(c)} ({c})
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div class="filter-actions">
          <button type="submit">Filter</button>
          {(kind || country) && <Link href="/organisations">Clear filters</Link>}
        </div>
      </form>

      <ProblemNotice error={list.error} fields={['kind', 'country']} />
      {list.items.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <caption class="visually-hidden">Organisations</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Kind</th>
                <th scope="col">Country</th>
                <th scope="col">UN/LOCODE</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((org) => (
                <tr key={org.id}>
                  <td>
                    <Link href={`/organisations/${org.id}`}>{org.name}</Link>
                  </td>
                  <td>{kindLabel(org.kind)}</td>
                  <td>
                    {countryName(org.country)} <span class="muted">({org.country})</span>
                  </td>
                  <td>{org.unlocode ? <code>{org.unlocode}</code> : <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.loading && list.items.length === 0 && <Loading what="Loading organisations…" />}
      {!list.loading && !list.error && list.items.length === 0 && (
        <EmptyState title="No organisation matches these filters.">
          <Link href="/organisations">Show every organisation</Link>
        </EmptyState>
      )}
      <LoadMore list={list} noun="organisations" />
    </section>
  );
}
