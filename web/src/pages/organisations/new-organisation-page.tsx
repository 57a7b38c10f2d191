import { useState } from 'preact/hooks';
import type { Organisation } from '../../../../shared';
import { api } from '../../api';
import { FormField } from '../../components/form-field';
import { ProblemNotice } from '../../components/status';
import { t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate } from '../../router';
import { countryName, europeanCountries, kindLabel, organisationKinds } from '../../words';

const fields = ['name', 'kind', 'country', 'unlocode', 'id'];

/** A Commission org_admin adds a member organisation; the route registry hides it from others. */
export default function NewOrganisationPage(_: PageProps) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      const organisation = await api<Organisation>('/api/v1/organisations', {
        body: {
          name: text('name'),
          kind: text('kind'),
          country: text('country'),
          // Optional fields are left out rather than sent empty, which the API would refuse.
          ...(text('unlocode') ? { unlocode: text('unlocode').toUpperCase().replace(/\s+/g, '') } : {}),
          ...(text('id') ? { id: text('id') } : {}),
        },
      });
      navigate(`/organisations/${organisation.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section>
      <p class="breadcrumb">
        <Link href="/organisations">{t('page.directory')}</Link> ›
      </p>
      <h1>{t('newOrg.heading')}</h1>
      <ProblemNotice error={error} fields={fields} />
      <form class="card" onSubmit={submit} noValidate aria-label={t('newOrg.heading')}>
        <FormField name="name" label={t('public.name')} error={error}>
          {(control) => <input {...control} type="text" required />}
        </FormField>
        <FormField name="kind" label={t('public.kind')} error={error}>
          {(control) => (
            <select {...control} required>
              {organisationKinds.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="country" label={t('home.country')} error={error}>
          {(control) => (
            <select {...control} required>
              <option value="">{t('newOrg.chooseCountry')}</option>
              {europeanCountries().map((c) => (
                <option key={c} value={c}>
                  {countryName(c)} ({c})
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="unlocode" label={t('home.unlocode')} hint={t('newOrg.unlocodeHint')} error={error}>
          {(control) => <input {...control} type="text" maxLength={6} autocomplete="off" />}
        </FormField>
        <FormField name="id" label={t('newOrg.id')} hint={t('newOrg.idHint')} error={error}>
          {(control) => <input {...control} type="text" autocomplete="off" />}
        </FormField>
        <button type="submit" disabled={busy}>
          {busy ? t('newOrg.adding') : t('nav.add-organisation')}
        </button>
      </form>
    </section>
  );
}
