import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, type Me } from './api';
import type { PortalConfig } from './auth/config';
import { session, signOut } from './auth/session';
import { LanguagePicker } from './components/language-picker';
import { NotificationBell } from './components/notification-bell';
import { Loading, ProblemNotice } from './components/status';
import { deskCounts, onDeskCounts } from './desk-counts';
import { t, tx } from './i18n';
import type { PageProps, PortalRoute } from './route-types';
import { Link, matchPath, navigate, useLocation, withQuery } from './router';
import { routes } from './routes';
import { SessionContext } from './session-context';
import { roleLabel } from './words';

function findRoute(path: string): { route: PortalRoute; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

/** Ends the session: back to our sign-in page, or through Cognito's logout in AWS. */
function leave(config: PortalConfig) {
  const next = signOut(config);
  if (next.startsWith('/')) navigate(next);
  else location.assign(next);
}

const loadedPages = new Map<PortalRoute, ComponentType<PageProps>>();

/** Loads a route's page chunk once, then renders it. */
function RoutePage({ route, ...props }: PageProps & { route: PortalRoute }) {
  const [Page, setPage] = useState(() => loadedPages.get(route));
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (Page) return;
    let live = true;
    route.load().then(
      (module) => {
        loadedPages.set(route, module.default);
        if (live) setPage(() => module.default);
      },
      (err) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [route, Page]);
  if (error) return <ProblemNotice error={new Error(t('app.pageNotLoaded'))} />;
  if (!Page) return <Loading />;
  return <Page {...props} />;
}

/** The desk's count next to a navigation entry ("Bulletins 3"), once the desk has counted. */
function NavCount({ path }: { path: string }) {
  const [counts, setCounts] = useState(deskCounts);
  useEffect(() => onDeskCounts(setCounts), []);
  const count = counts[path];
  if (!count || count === '0') return null;
  return (
    <span class="nav-count" title={t('desk.count', { count })}>
      {' '}
      {count}
    </span>
  );
}

function Header({ me, config }: { me: Me; config: PortalConfig }) {
  const { path } = useLocation();
  const entries = routes.filter((r) => r.nav && (!r.allowed || r.allowed(me)));
  // The deepest nav entry that the current path is under: /organisations/antwerp marks "Directory".
  const active = entries
    .filter((r) => r.path === path || (r.path !== '/' && path.startsWith(`${r.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return (
    <header class="site-header">
      <div class="bar">
        <Link href="/" class="brand">
          {t('app.brand')}
        </Link>
        <nav aria-label={t('app.mainNav')}>
          <ul>
            {entries.map((r) => (
              <li key={r.path}>
                <Link href={r.path} aria-current={r === active ? 'page' : undefined}>
                  {t(r.nav!.label)}
                  <NavCount path={r.path} />
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span class="who-name">{me.member.name}</span>
          <span class="who-org">
            {roleLabel(me.member.role)} ·{' '}
            <Link href={`/organisations/${me.organisation.id}`}>{me.organisation.name}</Link>
          </span>
        </div>
        <NotificationBell />
        <LanguagePicker />
        <button type="button" class="secondary sign-out" onClick={() => leave(config)}>
          {t('app.signOut')}
        </button>
      </div>
    </header>
  );
}

/** The portal: public pages as they are, every other page inside the shell once `/me` answered. */
export function App({ config }: { config: PortalConfig }) {
  const where = useLocation();
  const found = findRoute(where.path);
  const token = session.token();
  const [signedIn, setSignedIn] = useState<{ token: string; me?: Me; error?: unknown } | null>(null);
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(where.path);
  const needsSignIn = !found?.route.public;

  useEffect(() => {
    if (!needsSignIn) return;
    if (!token) {
      // Signed-out visitors to the portal's address get the alliance's public page.
      if (where.path === '/') {
        navigate('/public', { replace: true });
        return;
      }
      const search = where.query.toString();
      const here = where.path + (search ? `?${search}` : '');
      navigate(withQuery('/sign-in', { next: here === '/' ? undefined : here }), { replace: true });
      return;
    }
    if (signedIn?.token === token) return;
    setSignedIn({ token });
    api<Me>('/api/v1/me').then(
      (me) => setSignedIn({ token, me }),
      (error) => setSignedIn({ token, error }),
    );
  }, [needsSignIn, token, signedIn, where]);

  useEffect(() => {
    document.title = `${found ? t(found.route.title) : t('app.notFound.title')} · ${t('app.brand')}`;
    // After in-app navigation, start keyboard and screen-reader users at the new content.
    if (where.path !== firstPath.current) {
      firstPath.current = '';
      main.current?.focus();
    }
  }, [where.path, found]);

  const me = signedIn?.token === token ? signedIn?.me : undefined;
  const context = { config, me: me ?? null };

  if (found?.route.public) {
    return (
      <SessionContext.Provider value={context}>
        <main id="content" class="public" tabIndex={-1} ref={main}>
          <div class="public-bar">
            <LanguagePicker />
          </div>
          <RoutePage
            key={found.route.view ?? found.route.path}
            route={found.route}
            params={found.params}
            query={where.query}
          />
        </main>
      </SessionContext.Provider>
    );
  }
  if (!me) {
    const error = signedIn?.token === token ? signedIn?.error : undefined;
    return (
      <main id="content" class="public" tabIndex={-1} ref={main}>
        {error && !(error instanceof ApiError && error.status === 401) ? (
          <>
            <ProblemNotice error={error} />
            {/* A member removed since signing in gets 403 here: let them start over. */}
            <button type="button" onClick={() => leave(config)}>
              {t('app.signInAgain')}
            </button>
          </>
        ) : (
          <Loading what={t('app.signingIn')} />
        )}
      </main>
    );
  }

  return (
    <SessionContext.Provider value={context}>
      <a class="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <Header me={me} config={config} />
      <main id="content" tabIndex={-1} ref={main}>
        {!found ? (
          <section>
            <h1>{t('app.notFound.title')}</h1>
            <p>{tx('app.notFound.text', { link: (chunks) => <Link href="/">{chunks}</Link> })}</p>
          </section>
        ) : found.route.allowed && !found.route.allowed(me) ? (
          <section>
            <h1>{t(found.route.title)}</h1>
            <p>{t('app.notAllowed')}</p>
          </section>
        ) : (
          <RoutePage
            key={found.route.view ?? found.route.path}
            route={found.route}
            params={found.params}
            query={where.query}
          />
        )}
      </main>
    </SessionContext.Provider>
  );
}
