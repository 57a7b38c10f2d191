import { useEffect, useRef, useState } from 'preact/hooks';
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
import { countryName, kindLabel, roleHint, roleLabel } from '../../words';

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

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
        <dd>{kindLabel(org.kind)}</dd>
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
const seen = (iso: string | null | undefined) => (iso ? dateTimeFormat.format(new Date(iso)) : 'Never');

function Members({ organisation }: { organisation: Organisation }) {
  const list = usePagedList<ListedMember>(`/api/v1/organisations/${organisation.id}/members`);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <ProblemNotice error={list.error} />
        {done && <Success>{done}</Success>}
        {list.items.length > 0 && (
          <div class="table-wrap">
            <table class="list">
              <caption class="visually-hidden">Members of {organisation.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Since</th>
                  <th scope="col">Last restricted read</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((m) => (
                  <MemberRow
                    key={m.id}
                    member={m}
                    onChanged={(message) => {
                      setDone(message);
                      void list.reload();
                    }}
                  />
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

type MemberAction = 'suspend' | 'reinstate' | 'role' | 'remove';

const actionWords: Record<MemberAction, { button: string; confirm: (name: string) => string }> = {
  suspend: { button: 'Suspend', confirm: (n) => `Suspend ${n}` },
  reinstate: { button: 'Reinstate', confirm: (n) => `Reinstate ${n}` },
  role: { button: 'Change role', confirm: (n) => `Change the role of ${n}` },
  remove: { button: 'Remove', confirm: (n) => `Remove ${n}` },
};

/**
 * One member with their actions. An action opens a confirm step in the row below: a reason (kept in
 * the audit trail), the new role for a role change, then a button that says exactly what happens.
 */
function MemberRow({ member: m, onChanged }: { member: ListedMember; onChanged: (message: string) => void }) {
  const [action, setAction] = useState<MemberAction | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const suspended = m.status === 'suspended';
  const path = `/api/v1/organisations/${m.organisationId}/members/${encodeURIComponent(m.id)}`;

  const open = (next: MemberAction | null) => {
    setError(undefined);
    setAction(next);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!action) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const reason = String(data.get('reason') ?? '');
    setBusy(true);
    setError(undefined);
    try {
      if (action === 'remove') {
        await api(path, { method: 'DELETE', query: { reason } });
        onChanged(`${m.name} was removed.`);
      } else if (action === 'role') {
        const role = String(data.get('role') ?? '') as Role;
        await api<Member>(path, { method: 'PATCH', body: { role, reason } });
        onChanged(`${m.name} is now ${roleLabel(role)?.toLowerCase() ?? role}.`);
      } else {
        const status = action === 'suspend' ? 'suspended' : 'active';
        await api<Member>(path, { method: 'PATCH', body: { status, reason } });
        onChanged(
          action === 'suspend'
            ? `${m.name} is suspended: their next request is refused, at the latest within 5 seconds.`
            : `${m.name} is reinstated.`,
        );
      }
      setAction(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <tr class={suspended ? 'member-suspended' : undefined}>
        <td>{m.name}</td>
        <td>{m.email}</td>
        <td>{roleLabel(m.role)}</td>
        <td>{suspended ? <strong>Suspended</strong> : 'Active'}</td>
        <td>{seen(m.lastSignInAt)}</td>
        <td>{dateFormat.format(new Date(m.createdAt))}</td>
        <td>{seen(m.lastRestrictedReadAt)}</td>
        <td>
          <div class="member-actions">
            {(suspended
              ? (['reinstate', 'role', 'remove'] as const)
              : (['suspend', 'role', 'remove'] as const)
            ).map((a) => (
              <button
                key={a}
                type="button"
                class="secondary"
                aria-expanded={action === a}
                aria-label={`${actionWords[a].button}: ${m.name}`}
                onClick={() => open(action === a ? null : a)}
              >
                {actionWords[a].button}
              </button>
            ))}
          </div>
        </td>
      </tr>
      {action && (
        <tr class="member-confirm">
          <td colSpan={7}>
            <ConfirmMemberAction
              action={action}
              member={m}
              error={error}
              busy={busy}
              onSubmit={submit}
              onCancel={() => open(null)}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function ConfirmMemberAction(props: {
  action: MemberAction;
  member: Member;
  error: unknown;
  busy: boolean;
  onSubmit: (event: Event) => void;
  onCancel: () => void;
}) {
  const { action, member: m } = props;
  const form = useRef<HTMLFormElement>(null);
  // Keyboard users land in the form they opened; Escape closes it.
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('select, input')?.focus();
  }, [action]);
  const title = actionWords[action].confirm(m.name);
  return (
    <form
      ref={form}
      onSubmit={props.onSubmit}
      noValidate
      aria-label={title}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onCancel();
      }}
    >
      <p>
        {action === 'suspend' &&
          `${m.name} will be refused on their next request (within 5 seconds) until reinstated. Their record stays.`}
        {action === 'reinstate' && `${m.name} will be able to sign in and work again.`}
        {action === 'role' && `${m.name}'s new role applies from their next request (within 5 seconds).`}
        {action === 'remove' &&
          `${m.name} will be removed from the organisation and cannot sign in any more. The audit trail keeps their history.`}
      </p>
      <ProblemNotice error={props.error} fields={action === 'role' ? ['reason', 'role'] : ['reason']} />
      {action === 'role' && (
        <FormField name="role" label="New role" error={props.error}>
          {(control) => (
            <select {...control} defaultValue={m.role}>
              <RoleOptions />
            </select>
          )}
        </FormField>
      )}
      <FormField
        name="reason"
        label="Reason"
        hint="Kept in the audit trail; say why in a few words."
        error={props.error}
      >
        {(control) => <input {...control} type="text" autocomplete="off" maxLength={500} required />}
      </FormField>
      <div class="member-actions">
        <button type="submit" disabled={props.busy}>
          {props.busy ? 'Working…' : title}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel} disabled={props.busy}>
          Cancel
        </button>
      </div>
    </form>
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
          Invited {invited.name} ({invited.email}) as {roleLabel(invited.role).toLowerCase()}.
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
              <RoleOptions />
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

/** The roles a member can have, each with what it allows. */
function RoleOptions() {
  return (
    <>
      {(['reader', 'contributor', 'org_admin'] as Role[]).map((role) => (
        <option key={role} value={role}>
          {roleLabel(role)}: {roleHint(role)}
        </option>
      ))}
    </>
  );
}
