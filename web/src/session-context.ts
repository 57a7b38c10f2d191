import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me } from './api';
import type { PortalConfig } from './auth/config';

export interface PortalSession {
  config: PortalConfig;
  /** The signed-in member, or null on the public pages (sign-in, callback). */
  me: Me | null;
}

export const SessionContext = createContext<PortalSession | null>(null);

/** The run-time configuration (auth mode); available on every page. */
export function useConfig(): PortalConfig {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useConfig outside the portal shell');
  return value.config;
}

/** The signed-in member; only pages that need sign-in (all but `public` routes) call this. */
export function useMe(): Me {
  const me = useContext(SessionContext)?.me;
  if (!me) throw new Error('useMe on a page that does not require sign-in');
  return me;
}
