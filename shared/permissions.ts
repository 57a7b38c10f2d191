import type { OrganisationKind, Role } from './organisation';
import type { Viewer } from './viewer';

const rank: Record<Role, number> = { reader: 0, contributor: 1, org_admin: 2 };

/** True when the viewer's role is at least `role` (org_admin ⊃ contributor ⊃ reader). */
export const hasRole = (viewer: Viewer, role: Role): boolean => rank[viewer.role] >= rank[role];

/** Commission org_admins administer organisations alliance-wide. */
export const isCommissionAdmin = (viewer: Viewer, kind: OrganisationKind | undefined): boolean =>
  kind === 'commission' && viewer.role === 'org_admin';

/** Who may list and invite the members of an organisation. */
export const canManageMembers = (
  viewer: Viewer,
  viewerKind: OrganisationKind | undefined,
  organisationId: string,
): boolean =>
  isCommissionAdmin(viewer, viewerKind) ||
  (viewer.organisationId === organisationId && viewer.role === 'org_admin');

/** Who may add member organisations. */
export const canAddOrganisation = (viewer: Viewer, viewerKind: OrganisationKind | undefined): boolean =>
  isCommissionAdmin(viewer, viewerKind);

/** Who may publish, revise, withdraw and acknowledge on behalf of their organisation. */
export const canContribute = (viewer: Viewer): boolean => hasRole(viewer, 'contributor');

/** Who may read an organisation's audit trail. */
export const canReadAudit = (
  viewer: Viewer,
  viewerKind: OrganisationKind | undefined,
  organisationId: string,
): boolean => canManageMembers(viewer, viewerKind, organisationId);
