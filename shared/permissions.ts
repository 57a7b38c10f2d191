/**
 * Who may do what: every permission rule of the portal, in one place. The API refuses with these
 * rules and the web app hides what the API would refuse with the very same functions, so this
 * module stays free of zod at runtime (type imports only), like tlp-labels.ts: the web's route
 * registry imports it without pulling the schema library into the page. docs/permissions.md is
 * the table of these rules; test/unit/permissions.test.ts checks it against them.
 *
 * Rules that depend on the viewer's organisation kind take it explicitly: the token does not carry
 * it (functions/api/viewer.ts reads it once per request; the web has it from `/me`).
 */
import type { OrganisationKind, Role } from './organisation';
import type { Viewer } from './viewer';

type Kind = OrganisationKind | undefined;

/** What the rules need to know of a bulletin or a document. */
export interface AuthoredItem {
  authorOrganisationId: string;
}
export interface AddressedItem {
  recipients: { organisations: readonly string[] };
}

const rank: Record<Role, number> = { reader: 0, contributor: 1, org_admin: 2 };

/** True when the viewer's role is at least `role` (org_admin ⊃ contributor ⊃ reader). */
export const hasRole = (viewer: Viewer, role: Role): boolean => rank[viewer.role] >= rank[role];

/** Commission org_admins administer organisations alliance-wide. */
export const isCommissionAdmin = (viewer: Viewer, kind: Kind): boolean =>
  kind === 'commission' && viewer.role === 'org_admin';

// ---------------------------------------------------------------------------------------------
// Organisations, members, audit and access review

/** Who may list, invite, suspend, reinstate, re-role and remove the members of an organisation. */
export const canManageMembers = (viewer: Viewer, viewerKind: Kind, organisationId: string): boolean =>
  isCommissionAdmin(viewer, viewerKind) ||
  (viewer.organisationId === organisationId && viewer.role === 'org_admin');

/** Who may add member organisations. */
export const canAddOrganisation = (viewer: Viewer, viewerKind: Kind): boolean =>
  isCommissionAdmin(viewer, viewerKind);

/** Who may read (and export) an organisation's audit trail. */
export const canReadAudit = (viewer: Viewer, viewerKind: Kind, organisationId: string): boolean =>
  canManageMembers(viewer, viewerKind, organisationId);

/** Who may see where an organisation's 90-day access review stands. */
export const canReviewAccess = (viewer: Viewer, viewerKind: Kind, organisationId: string): boolean =>
  canManageMembers(viewer, viewerKind, organisationId);

/** The organisation confirms its own members; a Commission org_admin only watches who is overdue. */
export const canCompleteAccessReview = (viewer: Viewer, organisationId: string): boolean =>
  viewer.organisationId === organisationId && viewer.role === 'org_admin';

/** Who may see which organisations are overdue with their access review. */
export const canSeeOverdueReviews = (viewer: Viewer, viewerKind: Kind): boolean =>
  isCommissionAdmin(viewer, viewerKind);

// ---------------------------------------------------------------------------------------------
// Bulletins and documents (who sees one at all is the TLP rule, canSee in tlp.ts)

/** Who may write drafts, address material and publish on behalf of their organisation. */
export const canContribute = (viewer: Viewer): boolean => hasRole(viewer, 'contributor');

/** Who may edit, publish, revise, withdraw or add to an item: contributors of its author's organisation. */
export const canChangeItem = (viewer: Viewer, item: AuthoredItem): boolean =>
  viewer.organisationId === item.authorOrganisationId && canContribute(viewer);

/** Whether the viewer's organisation is among an item's recipients. */
export const isRecipientOrganisation = (viewer: Viewer, item: AddressedItem): boolean =>
  item.recipients.organisations.includes(viewer.organisationId);

/** Who acknowledges an item on behalf of their organisation: a contributor of a recipient organisation. */
export const canAcknowledge = (viewer: Viewer, item: AddressedItem): boolean =>
  isRecipientOrganisation(viewer, item) && canContribute(viewer);

/** Who may read an item's read receipts and acknowledgements: any member of its author's organisation. */
export const canReadReceipts = (viewer: Viewer, item: AuthoredItem): boolean =>
  viewer.organisationId === item.authorOrganisationId;

// ---------------------------------------------------------------------------------------------
// Checklists and progress

/** Only Commission contributors (and org_admins) draft and publish checklists. */
export const canDraftChecklists = (viewer: Viewer, viewerKind: Kind): boolean =>
  viewerKind === 'commission' && canContribute(viewer);

/** The Commission reads every organisation's answers, the full scoreboard and everyone's progress. */
export const seesEveryAssessment = (viewerKind: Kind): boolean => viewerKind === 'commission';

/** Every organisation but the Commission answers checklists (shared/checklist.ts, AssessedKind). */
export const answersChecklists = (kind: Kind): boolean => kind !== undefined && kind !== 'commission';

/** Whether a version addressed to the kinds `appliesTo` asks an organisation of `kind` to answer it. */
export const appliesToKind = (appliesTo: readonly string[], kind: Kind): boolean =>
  kind !== undefined && appliesTo.includes(kind);

/** Who may read an organisation's answers: the organisation itself and the Commission. */
export const canSeeAssessment = (viewer: Viewer, viewerKind: Kind, organisationId: string): boolean =>
  viewer.organisationId === organisationId || seesEveryAssessment(viewerKind);

/** Who may answer a version for their own organisation: its contributors, if it applies to their kind. */
export const canAssess = (viewer: Viewer, viewerKind: Kind, appliesTo: readonly string[]): boolean =>
  canContribute(viewer) && appliesToKind(appliesTo, viewerKind);

/** Why the viewer may not submit `organisationId`'s assessment of the version, or null when they may. */
export function assessRefusal(
  viewer: Viewer,
  viewerKind: Kind,
  organisationId: string,
  appliesTo: readonly string[],
): string | null {
  if (viewer.organisationId !== organisationId)
    return 'You may submit only your own organisation’s assessment.';
  if (!canContribute(viewer)) return 'Only contributors acknowledge on behalf of their organisation.';
  if (!appliesToKind(appliesTo, viewerKind)) return 'This checklist does not apply to your organisation.';
  return null;
}

/** Which organisation reviews an organisation's answers besides the Commission (shared/review.ts). */
export interface PeerReviewAssignment {
  reviewerOrganisationId: string;
}

/** True when the viewer is the assigned peer reviewer of `organisationId`'s assessment. */
export const isPeerReviewer = (
  viewer: Viewer,
  organisationId: string,
  assignment: PeerReviewAssignment | null | undefined,
): boolean =>
  Boolean(assignment) &&
  assignment?.reviewerOrganisationId === viewer.organisationId &&
  viewer.organisationId !== organisationId;

/**
 * Why the viewer may not review `organisationId`'s answers, or null when they may: Commission
 * contributors and org admins, and contributors of the assigned peer organisation. Nobody reviews
 * their own organisation.
 */
export function reviewRefusal(
  viewer: Viewer,
  viewerKind: Kind,
  organisationId: string,
  assignment: PeerReviewAssignment | null | undefined,
): string | null {
  if (viewer.organisationId === organisationId) return 'Nobody reviews their own organisation’s answers.';
  if (!canContribute(viewer)) return 'Only contributors review answers.';
  if (seesEveryAssessment(viewerKind)) return null;
  if (isPeerReviewer(viewer, organisationId, assignment)) return null;
  return 'Only the Commission and the assigned peer reviewer review these answers.';
}

/** Who may read `organisationId`'s answers: itself, the Commission, and its assigned peer reviewer. */
export const canReadAssessment = (
  viewer: Viewer,
  viewerKind: Kind,
  organisationId: string,
  assignment: PeerReviewAssignment | null | undefined,
): boolean =>
  canSeeAssessment(viewer, viewerKind, organisationId) || isPeerReviewer(viewer, organisationId, assignment);

/** Whether the viewer may review `organisationId`'s answers: `reviewRefusal` has nothing to say. */
export const canReview = (
  viewer: Viewer,
  viewerKind: Kind,
  organisationId: string,
  assignment: PeerReviewAssignment | null | undefined,
): boolean => reviewRefusal(viewer, viewerKind, organisationId, assignment) === null;
