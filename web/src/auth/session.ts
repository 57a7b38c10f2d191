import type { CognitoAuth, PortalConfig } from './config';
import { authorizeUrl, codeChallenge, logoutUrl, randomToken, readCallback, tokenRequest } from './pkce';

/**
 * The signed-in session: one ID token in sessionStorage, so it ends with the browser's tabs and is
 * never shared with other sites. Tabs of this portal share it over a BroadcastChannel (same origin
 * only): a tab opened without one (a link opened in a new tab) asks the open tabs for theirs, and
 * signing out ends it in every tab. Local mode signs in through the local issuer, Cognito mode
 * through the hosted UI with PKCE.
 */
const tokenKey = 'alliance.idToken';
const pendingKey = 'alliance.pkce';
const refusedKey = 'alliance.refused';

type TabMessage = { kind: 'ask' } | { kind: 'token'; token: string } | { kind: 'signed-out' };
const tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('alliance.session');
tabs?.addEventListener('message', (event: MessageEvent<TabMessage>) => {
  if (event.data?.kind === 'ask') {
    const token = sessionStorage.getItem(tokenKey);
    if (token) tabs.postMessage({ kind: 'token', token } satisfies TabMessage);
  } else if (event.data?.kind === 'signed-out') {
    // The next request of this tab goes to sign-in (api.ts), as after an expired token.
    sessionStorage.removeItem(tokenKey);
  }
});

/** How long a new tab waits for an open one to answer; alone, it goes on signed out after this. */
export const joinWaitMs = 200;

/** A new tab's start: takes the session of an open tab of the portal, if one answers in time. */
export function joinOpenSession(): Promise<void> {
  const channel = tabs;
  if (!channel || sessionStorage.getItem(tokenKey)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      channel.removeEventListener('message', answer);
      clearTimeout(timer);
      resolve();
    };
    const answer = (event: MessageEvent<TabMessage>) => {
      if (event.data?.kind !== 'token' || typeof event.data.token !== 'string') return;
      sessionStorage.setItem(tokenKey, event.data.token);
      done();
    };
    channel.addEventListener('message', answer);
    const timer = setTimeout(done, joinWaitMs);
    channel.postMessage({ kind: 'ask' } satisfies TabMessage);
  });
}

export const session = {
  token: (): string | null => sessionStorage.getItem(tokenKey),
  store(token: string) {
    sessionStorage.setItem(tokenKey, token);
  },
  clear() {
    sessionStorage.removeItem(tokenKey);
  },
  /** Signing out: this tab and every other open tab of the portal. */
  endEverywhere() {
    sessionStorage.removeItem(tokenKey);
    tabs?.postMessage({ kind: 'signed-out' } satisfies TabMessage);
  },
  /** Why the API refused the session ("Your access has been suspended"), for the sign-in page to say. */
  noteRefusal(refusal: { title: string; detail?: string | undefined }) {
    sessionStorage.setItem(refusedKey, JSON.stringify(refusal));
  },
  /** The refusal noted last, once. */
  takeRefusal(): { title: string; detail?: string } | null {
    const raw = sessionStorage.getItem(refusedKey);
    sessionStorage.removeItem(refusedKey);
    try {
      return raw ? (JSON.parse(raw) as { title: string; detail?: string }) : null;
    } catch {
      return null;
    }
  },
};

/** Local issuer: `POST /local/sign-in {"email"}` → `{"token"}`. */
export async function signInLocally(email: string): Promise<void> {
  const res = await fetch('/local/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  const body = (await res.json().catch(() => null)) as {
    token?: string;
    title?: string;
    detail?: string;
  } | null;
  if (!res.ok || !body?.token) {
    // A suspended member is told so ("Your access has been suspended. …"), not just refused.
    const why =
      body?.title && body.title !== 'Unauthorized' ? `${body.title}. ${body.detail ?? ''}` : body?.detail;
    throw new Error(why ?? `Sign-in failed (HTTP ${res.status}).`);
  }
  session.store(body.token);
}

/** Cognito: remember verifier and state for this tab, then leave for the hosted UI. */
export async function startHostedSignIn(auth: CognitoAuth): Promise<void> {
  const verifier = randomToken();
  const state = randomToken(16);
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state }));
  location.assign(authorizeUrl(auth, { state, challenge: await codeChallenge(verifier) }));
}

/** Cognito: back at /auth/callback, trade the code for tokens. Throws with a readable reason. */
export async function completeHostedSignIn(auth: CognitoAuth, search: string): Promise<void> {
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null') as {
    verifier: string;
    state: string;
  } | null;
  sessionStorage.removeItem(pendingKey);
  const callback = readCallback(search, pending?.state ?? null);
  if (!callback.ok) throw new Error(callback.reason);
  const request = tokenRequest(auth, { code: callback.code, verifier: pending!.verifier });
  const res = await fetch(request.url, request.init);
  const body = (await res.json().catch(() => null)) as { id_token?: string; error?: string } | null;
  if (!res.ok || !body?.id_token) throw new Error(`Sign-in failed: ${body?.error ?? `HTTP ${res.status}`}.`);
  session.store(body.id_token);
}

/** Where to go after clearing the session: the hosted UI's logout ends the Cognito session too. */
export function signOut(config: PortalConfig): string {
  session.endEverywhere();
  return config.auth.mode === 'cognito' ? logoutUrl(config.auth) : '/sign-in';
}
