import { useEffect, useState } from 'preact/hooks';
import { completeHostedSignIn } from '../../auth/session';
import { Loading, ProblemNotice } from '../../components/status';
import { t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate } from '../../router';
import { useConfig } from '../../session-context';

/** Where Cognito's hosted UI sends the browser back with `?code=&state=`. */
export default function CallbackPage(_: PageProps) {
  const config = useConfig();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (config.auth.mode !== 'cognito') {
      navigate('/sign-in', { replace: true });
      return;
    }
    completeHostedSignIn(config.auth, location.search).then(() => navigate('/', { replace: true }), setError);
  }, [config]);
  if (!error) return <Loading what={t('app.signingIn')} />;
  return (
    <section>
      <h1>{t('callback.failed')}</h1>
      <ProblemNotice error={error} />
      <p>
        <Link href="/sign-in">{t('callback.again')}</Link>
      </p>
    </section>
  );
}
