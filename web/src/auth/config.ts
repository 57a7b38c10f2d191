/**
 * What the web app learns at run time from `/config.json`: the same build runs at home (local
 * issuer) and in AWS (Cognito hosted UI), so the sign-in method is not baked into the bundle.
 */
export interface LocalAuth {
  mode: 'local';
}

export interface CognitoAuth {
  mode: 'cognito';
  /** The hosted UI's base, e.g. https://alliance.auth.eu-west-1.amazoncognito.com */
  domain: string;
  clientId: string;
  redirectUri: string;
  logoutUri: string;
}

export interface PortalConfig {
  auth: LocalAuth | CognitoAuth;
}

/** Checks the shape by hand: pulling zod into the first load for one small object is not worth it. */
export function parsePortalConfig(value: unknown): PortalConfig {
  const auth = (value as { auth?: Record<string, unknown> } | null)?.auth;
  if (auth?.mode === 'local') return { auth: { mode: 'local' } };
  if (auth?.mode === 'cognito') {
    const fields = ['domain', 'clientId', 'redirectUri', 'logoutUri'] as const;
    const missing = fields.filter((f) => typeof auth[f] !== 'string' || auth[f] === '');
    if (missing.length > 0) throw new Error(`config.json: auth.${missing.join(', auth.')} missing`);
    return {
      auth: {
        mode: 'cognito',
        domain: String(auth.domain).replace(/\/+$/, ''),
        clientId: String(auth.clientId),
        redirectUri: String(auth.redirectUri),
        logoutUri: String(auth.logoutUri),
      },
    };
  }
  throw new Error('config.json: auth.mode must be "local" or "cognito"');
}

export async function loadPortalConfig(): Promise<PortalConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return parsePortalConfig(await res.json());
}
