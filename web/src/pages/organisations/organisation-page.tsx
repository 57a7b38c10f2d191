import { useEffect, useRef, useState } from 'preact/hooks';
import type { Member, Organisation, Role } from '../../../../shared';
import { canManageTokens } from '../../../../shared/api-token-rules';
import { canManageMembers } from '../../../../shared/permissions';
import { ApiError, api, viewerOf } from '../../api';
import { FormField } from '../../components/form-field';
import { LoadMore } from '../../components/load-more';
import { EmptyState, Loading, ProblemNotice, Success } from '../../components/status';
import { useApi, usePagedList } from '../../components/use-api';
import { formatDate, formatDateTime, t, tx } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, withQuery } from '../../router';
import { useMe } from '../../session-context';
import { countryName, kindLabel, roleHint, roleLabel } from '../../words';

/** An organisation's profile; for those who manage its members, the members and an invite form. */
export default function OrganisationPage({ params }: PageProps) {
  const me = useMe();
  const id = params.id!;
  const organisation = useApi<Organisation>(`/api/v1/organisations/${encodeURIComponent(id)}`);
  const manages = canManageMembers(viewerOf(me), me.organisation.kind, id);

  if (organisation.loading && !organisation.data) return <Loading what={t('organisation.loading')} />;
  if (organisation.error instanceof ApiError && organisation.error.status === 404) {
    return (
      <section>
        <h1>{t('organisation.notFound')}</h1>
        <p>
          {tx('organisation.notFoundText', {
            id,
            link: (c) => <Link href="/organisations">{c}</Link>,
          })}
        </p>
      </section>
    );
  }
  if (!organisation.data) return <ProblemNotice error={organisation.error} />;
  const org = organisation.data;
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/organisations">{t('nav.directory')}</Link> ›
      </p>
      <h1>{org.name}</h1>
      <dl class="facts card">
        <dt>{t('public.kind')}</dt>
        <dd>{kindLabel(org.kind)}</dd>
        <dt>{t('home.country')}</dt>
        <dd>
          {countryName(org.country)} ({org.country})
        </dd>
        {org.unlocode && (
          <>
            <dt>{t('home.unlocode')}</dt>
            <dd>
              <code>{org.unlocode}</code>
            </dd>
          </>
        )}
        <dt>{t('organisation.since')}</dt>
        <dd>{formatDate(org.createdAt)}</dd>
      </dl>
      {manages && <Members organisation={org} />}
    </section>
  );
}

/** A member as the members list answers: with their last read of restricted material (audit trail). */
type ListedMember = Member & { lastRestrictedReadAt?: string | null };
const seen = (iso: string | null | undefined) => (iso ? formatDateTime(iso) : t('review.never'));

function Members({ organisation }: { organisation: Organisation }) {
  const me = useMe();
  const list = usePagedList<ListedMember>(`/api/v1/organisations/${organisation.id}/members`);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t('members.heading')}</h2>
        <ProblemNotice error={list.error} />
        {done && <Success>{done}</Success>}
        {list.items.length > 0 && (
          <div class="table-wrap">
            <table class="list">
              <caption class="visually-hidden">
                {t('members.caption', { organisation: organisation.name })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('public.name')}</th>
                  <th scope="col">{t('home.email')}</th>
                  <th scope="col">{t('members.role')}</th>
                  <th scope="col">{t('receipts.status')}</th>
                  <th scope="col">{t('members.lastSignIn')}</th>
                  <th scope="col">{t('members.since')}</th>
                  <th scope="col">{t('members.lastRestrictedRead')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('members.actions')}</span>
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
        {list.loading && list.items.length === 0 && <Loading what={t('members.loading')} />}
        {!list.loading && !list.error && list.items.length === 0 && (
          <EmptyState title={t('members.none')}>{t('members.noneHint')}</EmptyState>
        )}
        <LoadMore list={list} noun="members" />
        <p>
          <Link href={`/organisations/${organisation.id}/access-review`}>{t('home.reviewLink')}</Link> ·{' '}
          <Link href={withQuery('/audit', { organisationId: organisation.id })}>{t('nav.audit-trail')}</Link>
          {/* The organisation's own keys and endpoints: its own org admins only. */}
          {canManageTokens(viewerOf(me), organisation.id) && (
            <>
              {' · '}
              <Link href={`/organisations/${organisation.id}/tokens`}>{t('page.api-tokens')}</Link>
              {' · '}
              <Link href={`/organisations/${organisation.id}/webhooks`}>{t('webhooks.link')}</Link>
            </>
          )}
        </p>
      </section>
      <InviteForm organisation={organisation} onInvited={list.prepend} />
    </>
  );
}

type MemberAction = 'suspend' | 'reinstate' | 'role' | 'remove';

/** The button that opens an action, and the button that confirms it for one member. */
const actionWords: Record<MemberAction, { button: () => string; confirm: (name: string) => string }> = {
  suspend: { button: () => t('members.suspend'), confirm: (name) => t('members.suspendName', { name }) },
  reinstate: {
    button: () => t('members.reinstate'),
    confirm: (name) => t('members.reinstateName', { name }),
  },
  role: { button: () => t('members.changeRole'), confirm: (name) => t('members.changeRoleOf', { name }) },
  remove: { button: () => t('attachment.remove'), confirm: (name) => t('members.removeName', { name }) },
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
        onChanged(t('members.removed', { name: m.name }));
      } else if (action === 'role') {
        const role = String(data.get('role') ?? '') as Role;
        await api<Member>(path, { method: 'PATCH', body: { role, reason } });
        onChanged(t('members.roleChanged', { name: m.name, role }));
      } else {
        const status = action === 'suspend' ? 'suspended' : 'active';
        await api<Member>(path, { method: 'PATCH', body: { status, reason } });
        onChanged(
          action === 'suspend'
            ? t('members.suspended', { name: m.name })
            : t('members.reinstated', { name: m.name }),
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
        <td>{suspended ? <strong>{t('members.statusSuspended')}</strong> : t('members.statusActive')}</td>
        <td>{seen(m.lastSignInAt)}</td>
        <td>{formatDate(m.createdAt)}</td>
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
                aria-label={`${actionWords[a].button()}: ${m.name}`}
                onClick={() => open(action === a ? null : a)}
              >
                {actionWords[a].button()}
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
      <p>{t(`members.confirm.${action}`, { name: m.name })}</p>
      <ProblemNotice error={props.error} fields={action === 'role' ? ['reason', 'role'] : ['reason']} />
      {action === 'role' && (
        <FormField name="role" label={t('members.newRole')} error={props.error}>
          {(control) => (
            <select {...control} defaultValue={m.role}>
              <RoleOptions />
            </select>
          )}
        </FormField>
      )}
      <FormField name="reason" label={t('members.reason')} hint={t('members.reasonHint')} error={props.error}>
        {(control) => <input {...control} type="text" autocomplete="off" maxLength={500} required />}
      </FormField>
      <div class="member-actions">
        <button type="submit" disabled={props.busy}>
          {props.busy ? t('members.working') : title}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel} disabled={props.busy}>
          {t('attachment.cancel')}
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
      <h2 id="invite-heading">{t('members.invite')}</h2>
      {invited && (
        <Success>
          {t('members.invited', { name: invited.name, email: invited.email, role: invited.role })}
        </Success>
      )}
      <ProblemNotice error={error} fields={['name', 'email', 'role']} />
      {/* The API validates (one source of truth); its field errors appear under the fields. */}
      <form onSubmit={submit} noValidate aria-labelledby="invite-heading">
        <FormField name="name" label={t('public.name')} error={error}>
          {(control) => <input {...control} type="text" autocomplete="off" required />}
        </FormField>
        <FormField name="email" label={t('home.email')} error={error}>
          {(control) => <input {...control} type="email" autocomplete="off" required />}
        </FormField>
        <FormField name="role" label={t('members.role')} error={error}>
          {(control) => (
            <select {...control}>
              <RoleOptions />
            </select>
          )}
        </FormField>
        <button type="submit" disabled={busy}>
          {busy ? t('members.inviting') : t('members.inviteButton')}
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
