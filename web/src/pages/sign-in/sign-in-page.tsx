import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../../../../shared';
import { session, signInLocally, startHostedSignIn } from '../../auth/session';
import { Loading, ProblemNotice } from '../../components/status';
import { t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate } from '../../router';
import { useConfig } from '../../session-context';
import { roleLabel } from '../../words';

interface DemoMember {
  email: string;
  name: string;
  role: Role;
  organisation: string;
}

/** Only same-site paths: `?next=https://evil.example` must not send a fresh session elsewhere. */
const safeNext = (next: string | null) => (next && /^\/(?![/\\])/.test(next) ? next : '/');

/** Local mode: pick a demo member (the local issuer signs them in); Cognito mode: the hosted UI. */
export default function SignInPage({ query }: PageProps) {
  const config = useConfig();
  const next = safeNext(query.get('next'));
  // Read once: a reload of the sign-in page no longer repeats it.
  const [refusal] = useState(() => session.takeRefusal());
  return (
    <section class="sign-in">
      <h1>{t('signIn.heading')}</h1>
      {refusal && (
        <div class="notice notice-error" role="alert">
          <strong>{refusal.title}.</strong> {refusal.detail ?? ''}
        </div>
      )}
      <p class="lead">{t('signIn.lead')}</p>
      <p>
        <Link href="/public">{t('signIn.public')}</Link>
      </p>
      {config.auth.mode === 'local' ? (
        <LocalSignIn next={next} />
      ) : (
        <CognitoSignIn
          onStart={() => startHostedSignIn(config.auth as Extract<typeof config.auth, { mode: 'cognito' }>)}
        />
      )}
    </section>
  );
}

function CognitoSignIn({ onStart }: { onStart: () => Promise<void> }) {
  const [error, setError] = useState<unknown>();
  return (
    <div>
      <ProblemNotice error={error} />
      <button type="button" onClick={() => onStart().catch(setError)}>
        {t('signIn.cognito')}
      </button>
    </div>
  );
}

function LocalSignIn({ next }: { next: string }) {
  const [members, setMembers] = useState<DemoMember[] | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    fetch('/local/members')
      .then((res) => {
        if (!res.ok) throw new Error(t('signIn.membersNotListed', { status: res.status }));
        return res.json() as Promise<{ items: DemoMember[] }>;
      })
      .then((body) => setMembers(body.items), setError);
  }, []);

  const signIn = async (email: string) => {
    setBusy(email);
    setError(undefined);
    try {
      session.clear();
      await signInLocally(email);
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(null);
    }
  };

  if (error && !members) return <ProblemNotice error={error} />;
  if (!members) return <Loading what={t('signIn.loadingMembers')} />;
  const byOrganisation = new Map<string, DemoMember[]>();
  for (const m of members)
    byOrganisation.set(m.organisation, [...(byOrganisation.get(m.organisation) ?? []), m]);
  return (
    <div>
      <p class="notice">{t('signIn.localNotice')}</p>
      <ProblemNotice error={error} />
      <div class="org-groups">
        {[...byOrganisation].map(([organisation, people]) => (
          <section key={organisation} class="org-group" aria-label={organisation}>
            <h2>{organisation}</h2>
            <ul class="member-buttons">
              {people.map((m) => (
                <li key={m.email}>
                  <button
                    type="button"
                    class="member-button"
                    disabled={busy !== null}
                    onClick={() => signIn(m.email)}
                  >
                    {/* The name comes from what the button shows (axe label-content-name-mismatch). */}
                    <span class="visually-hidden">{t('signIn.asPrefix')} </span>
                    <span class="member-name">{m.name}</span>
                    <span class="visually-hidden">, </span>
                    <span class="member-meta">
                      {roleLabel(m.role)}, {m.email}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
