import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { App } from './app';
import { loadPortalConfig, type PortalConfig } from './auth/config';
import { joinOpenSession } from './auth/session';
import { initialLanguage, onLanguageChange, switchLanguage, t } from './i18n';
import './styles.css';

const root = document.getElementById('app')!;

/** Renders the whole shell again when the member picks another language. */
function Root({ config }: { config: PortalConfig }) {
  const [, setLanguage] = useState('');
  useEffect(() => onLanguageChange(setLanguage), []);
  return <App config={config} />;
}

// A tab opened from another (a link in a new tab) joins its session while the config loads.
Promise.all([loadPortalConfig(), switchLanguage(initialLanguage()), joinOpenSession()]).then(
  ([config]) => render(<Root config={config} />, root),
  (err: unknown) =>
    render(
      <main id="content" class="public">
        <h1>{t('app.brand')}</h1>
        <div class="notice notice-error" role="alert">
          <strong>{t('app.notConfigured')}</strong> {err instanceof Error ? err.message : String(err)}
        </div>
      </main>,
      root,
    ),
);
