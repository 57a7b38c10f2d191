import type { OrganisationKind, Role } from './organisation';

/** The signed-in member on whose behalf a request runs, taken from verified token claims. */
export interface Viewer {
  memberId: string;
  email: string;
  organisationId: string;
  role: Role;
  /** Known once the organisation profile is read; permissions that depend on it take it explicitly. */
  organisationKind?: OrganisationKind;
  /** Set when a machine calls with an API token (shared/api-token-rules.ts) instead of a member. */
  token?: { id: string; name: string; scopes: readonly string[] };
}
