import { render } from 'preact';
import { App } from './app';
import { loadPortalConfig } from './auth/config';
import './styles.css';

const root = document.getElementById('app')!;

loadPortalConfig().then(
  (config) => render(<App config={config} />, root),
  (err: unknown) =>
    render(
      <main id="content" class="public">
        <h1>Alliance portal</h1>
        <div class="notice notice-error" role="alert">
          <strong>The portal is not configured.</strong> {err instanceof Error ? err.message : String(err)}
        </div>
      </main>,
      root,
    ),
);
