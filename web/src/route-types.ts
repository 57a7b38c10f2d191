import type { ComponentType } from 'preact';
import type { Me } from './api';
import type { MessageKey } from './i18n';

/** What every page component receives from the router. */
export interface PageProps {
  /** Path parameters, e.g. `{ id: 'antwerp' }` for `/organisations/:id`. */
  params: Record<string, string>;
  query: URLSearchParams;
}

/** One entry of the route registry in routes.tsx. */
export interface PortalRoute {
  /** `/organisations/:id`; the first entry that matches wins, so put literal paths before `:params`. */
  path: string;
  /** The document title's catalogue key (web/src/i18n/messages/en.ts). */
  title: MessageKey;
  /** Loaded on first visit (a separate chunk), so areas add nothing to the first load. */
  load: () => Promise<{ default: ComponentType<PageProps> }>;
  /** Shown in the header's navigation, in registry order. */
  nav?: { label: MessageKey };
  /** Who may open the page (and see its nav entry); everyone signed in when absent. */
  allowed?: (me: Me) => boolean;
  /**
   * Routes that name the same view stay one mounted page when the address moves between them: a
   * new draft takes its own address while its upload runs, and nothing typed meanwhile is lost.
   */
  view?: string;
  /** Needs no sign-in: the sign-in page and the sign-in callback. */
  public?: boolean;
}
