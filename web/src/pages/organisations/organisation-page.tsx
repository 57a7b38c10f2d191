import { useState } from 'preact/hooks';
import type { Member, Organisation, Role } from '../../../../shared';
import { canManageMembers } from '../../../../shared/permissions';
import { ApiError, api, viewerOf } from '../../api';
import { FormField } from '../../components/form-field';
import { LoadMore } from '../../components/load-more';
import { EmptyState, Loading, ProblemNotice, Success } from '../../components/status';
import { useApi, usePagedList } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link, withQuery } from '../../router';
import { useMe } from '../../session-context';
import { countryName, kindLabels, roleHints, roleLabels } from '../../words';

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });

/** An organisation's profile; for those who manage its members, the members and an invite form. */
export default function OrganisationPage({ params }: PageProps) {
  const me = useMe();
  const id = params.id!;
  const organisation = useApi<Organisation>(`/api/v1/organisations/${encodeURIComponent(id)}`);
  const manages = canManageMembers(viewerOf(me), me.organisation.kind, id);

  if (organisation.loading && !organisation.data) return <Loading what="Loading the organisation…" />;
  if (organisation.error instanceof ApiError && organisation.error.status === 404) {
    return (
      <section>
        <h1>No such organisation</h1>
        <p>
          There is no organisation “{id}”. <Link href="/organisations">Back to the directory</Link>.
        </p>
      </section>
    );
  }
  if (!organisation.data) return <ProblemNotice error={organisation.error} />;
  const org = organisation.data;
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/organisations">Directory</Link> ›
      </p>
      <h1>{org.name}</h1>
      <dl class="facts card">
        <dt>Kind</dt>
        <dd>{kindLabels[org.kind]}</dd>
        <dt>Country</dt>
        <dd>
          {countryName(org.country)} ({org.country})
        </dd>
        {org.unlocode && (
          <>
            <dt>UN/LOCODE</dt>
            <dd>
              <code>{org.unlocode}</code>
            </dd>
          </>
        )}
        <dt>Member since</dt>
        <dd>{dateFormat.format(new Date(org.createdAt))}</dd>
      </dl>
      {manages && <Members organisation={org} />}
    </section>
  );
}

/** A member as the members list answers: with their last read of restricted material (audit trail). */
type ListedMember = Member & { lastRestrictedReadAt?: string | null };
const seen = (iso: string | null | undefined) => (iso ? dateFormat.format(new Date(iso)) : 'Never');

function Members({ organisation }: { organisation: Organisation }) {
  const list = usePagedList<ListedMember>(`/api/v1/organisations/${organisation.id}/members`);
  return (
    <>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <ProblemNotice error={list.error} />
        {list.items.length > 0 && (
          <div class="table-wrap">
            <table class="list">
              <caption class="visually-hidden">Members of {organisation.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Role</th>
                  <th scope="col">Since</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Last restricted read</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((m) => (
                  <tr key={m.id}>
                    <td>{m.name}</td>
                    <td>{m.email}</td>
                    <td>{roleLabels[m.role]}</td>
                    <td>{dateFormat.format(new Date(m.createdAt))}</td>
                    <td>{seen(m.lastSignInAt)}</td>
                    <td>{seen(m.lastRestrictedReadAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.loading && list.items.length === 0 && <Loading what="Loading members…" />}
        {!list.loading && !list.error && list.items.length === 0 && (
          <EmptyState title="No members yet.">Invite the first one below.</EmptyState>
        )}
        <LoadMore list={list} noun="members" />
        <p>
          <Link href={`/organisations/${organisation.id}/access-review`}>Review who still needs access</Link>{' '}
          · <Link href={withQuery('/audit', { organisationId: organisation.id })}>Audit trail</Link>
        </p>
      </section>
      <InviteForm organisation={organisation} onInvited={list.prepend} />
    </>
  );
}

function InviteForm(props: { organisation: Organisation; onInvited: (m: Member) => void }) {
  const [error, setError] = useState<unknown>();
  const [invited, setInvited] = useState<Member | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setBusy(true);
    setError(undefined);
    setInvited(null);
    try {
      const member = await api<Member>(`/api/v1/organisations/${props.organisation.id}/members`, {
        body: {
          name: String(data.get('name') ?? ''),
          email: String(data.get('email') ?? ''),
          role: String(data.get('role') ?? ''),
        },
      });
      form.reset();
      setInvited(member);
      props.onInvited(member);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="invite-heading" class="card">
      <h2 id="invite-heading">Invite a member</h2>
      {invited && (
        <Success>
          Invited {invited.name} ({invited.email}) as {roleLabels[invited.role].toLowerCase()}.
        </Success>
      )}
      <ProblemNotice error={error} fields={['name', 'email', 'role']} />
      {/* The API validates (one source of truth); its field errors appear under the fields. */}
      <form onSubmit={submit} noValidate aria-labelledby="invite-heading">
        <FormField name="name" label="Name" error={error}>
          {(control) => <input {...control} type="text" autocomplete="off" required />}
        </FormField>
        <FormField name="email" label="E-mail" error={error}>
          {(control) => <input {...control} type="email" autocomplete="off" required />}
        </FormField>
        <FormField name="role" label="Role" error={error}>
          {(control) => (
            <select {...control}>
              {(['reader', 'contributor', 'org_admin'] as Role[]).map((role) => (
                <option key={role} value={role}>
                  {roleLabels[role]}: {roleHints[role]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <button type="submit" disabled={busy}>
          {busy ? 'Inviting…' : 'Invite member'}
        </button>
      </form>
    </section>
  );
}
