import type { Organisation } from '../../../../shared';
import { FormField } from '../../components/form-field';
import { LoadMore } from '../../components/load-more';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { usePagedList } from '../../components/use-api';
import { t } from '../../i18n';
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
      <h1>{t('directory.heading')}</h1>
      {/* Uncontrolled fields (re-keyed per filter): a choice made while the list loads is kept. */}
      <form
        class="filters"
        onSubmit={applyFilters}
        aria-label={t('directory.filters')}
        key={`${kind}|${country}`}
      >
        <FormField name="kind" label={t('public.kind')} error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">{t('library.anyKind')}</option>
              {organisationKinds.map((k) => (
                <option key={k} value={k} selected={k === kind}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="country" label={t('home.country')} error={list.error}>
          {(control) => (
            <select {...control}>
              <option value="">{t('directory.anyCountry')}</option>
              {countries.map((c) => (
                <option key={c} value={c} selected={c === country}>
                  {countryName(c)} ({c})
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div class="filter-actions">
          <button type="submit">{t('feed.filter')}</button>
          {(kind || country) && <Link href="/organisations">{t('feed.clear')}</Link>}
        </div>
      </form>

      <ProblemNotice error={list.error} fields={['kind', 'country']} />
      {list.items.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <caption class="visually-hidden">{t('directory.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('receipts.organisation')}</th>
                <th scope="col">{t('public.kind')}</th>
                <th scope="col">{t('home.country')}</th>
                <th scope="col">{t('home.unlocode')}</th>
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
      {list.loading && list.items.length === 0 && <Loading what={t('addressing.loadingOrgs')} />}
      {!list.loading && !list.error && list.items.length === 0 && (
        <EmptyState title={t('directory.noMatch')}>
          <Link href="/organisations">{t('directory.showAll')}</Link>
        </EmptyState>
      )}
      <LoadMore list={list} noun="organisations" />
    </section>
  );
}
