import { canManageTokens } from '../../shared/api-token-rules';
import {
  canAddOrganisation,
  canContribute,
  canDraftChecklists,
  canReadAudit,
  canReviewAccess,
  canSeeOverdueReviews,
} from '../../shared/permissions';
import { viewerOf } from './api';
import type { PortalRoute } from './route-types';

/**
 * The route registry. Adding an area = a folder under pages/<area>/ plus entries here; the
 * header's navigation is built from the entries with `nav`, in this order. Literal paths go
 * before `:param` paths of the same shape (first match wins).
 */
export const routes: PortalRoute[] = [
  {
    path: '/sign-in',
    title: 'page.sign-in',
    public: true,
    load: () => import('./pages/sign-in/sign-in-page'),
  },
  {
    path: '/public',
    title: 'page.public',
    public: true,
    load: () => import('./pages/public/public-page'),
  },
  {
    path: '/auth/callback',
    title: 'page.signing-in',
    public: true,
    load: () => import('./pages/sign-in/callback-page'),
  },
  { path: '/', title: 'page.home', nav: { label: 'nav.home' }, load: () => import('./pages/home/home-page') },
  {
    path: '/notifications',
    title: 'page.notifications',
    load: () => import('./pages/notifications/notifications-page'),
  },
  {
    path: '/preferences',
    title: 'page.email-preferences',
    load: () => import('./pages/notifications/preferences-page'),
  },
  {
    path: '/bulletins',
    title: 'page.bulletins',
    nav: { label: 'nav.bulletins' },
    load: () => import('./pages/bulletins/feed-page'),
  },
  {
    path: '/bulletins/new',
    view: 'bulletin-compose',
    title: 'page.write-a-bulletin',
    allowed: (me) => canContribute(viewerOf(me)),
    load: () => import('./pages/bulletins/compose-page'),
  },
  {
    path: '/bulletins/:id/edit',
    view: 'bulletin-compose',
    title: 'page.edit-draft-bulletin',
    allowed: (me) => canContribute(viewerOf(me)),
    load: () => import('./pages/bulletins/compose-page'),
  },
  {
    path: '/bulletins/:id/receipts',
    title: 'page.receipts',
    load: () => import('./pages/bulletins/receipts-page'),
  },
  {
    path: '/bulletins/:id',
    title: 'page.bulletin',
    load: () => import('./pages/bulletins/detail-page'),
  },
  {
    path: '/documents',
    title: 'page.library',
    nav: { label: 'nav.library' },
    load: () => import('./pages/documents/library-page'),
  },
  {
    path: '/documents/new',
    title: 'page.publish-a-document',
    allowed: (me) => canContribute(viewerOf(me)),
    load: () => import('./pages/documents/publish-page'),
  },
  {
    path: '/documents/:id/versions/new',
    title: 'page.new-version',
    allowed: (me) => canContribute(viewerOf(me)),
    load: () => import('./pages/documents/new-version-page'),
  },
  {
    path: '/documents/:id/acknowledgements',
    title: 'page.attestations',
    load: () => import('./pages/documents/attestations-page'),
  },
  {
    path: '/documents/:id',
    title: 'page.document',
    load: () => import('./pages/documents/detail-page'),
  },
  {
    path: '/checklists',
    title: 'page.checklists',
    nav: { label: 'nav.checklists' },
    load: () => import('./pages/checklists/checklists-page'),
  },
  {
    path: '/checklists/new',
    title: 'page.draft-a-checklist',
    allowed: (me) => canDraftChecklists(viewerOf(me), me.organisation.kind),
    load: () => import('./pages/checklists/compose-page'),
  },
  {
    path: '/checklists/:id/edit',
    title: 'page.edit-checklist-draft',
    allowed: (me) => canDraftChecklists(viewerOf(me), me.organisation.kind),
    load: () => import('./pages/checklists/compose-page'),
  },
  {
    path: '/checklists/:id/versions/:v/assess',
    title: 'page.assess',
    allowed: (me) => canContribute(viewerOf(me)),
    load: () => import('./pages/checklists/assess-page'),
  },
  {
    path: '/checklists/:id/versions/:v/assessments/:orgId',
    title: 'page.assessment',
    load: () => import('./pages/checklists/review-page'),
  },
  {
    path: '/checklists/:id',
    title: 'page.checklist',
    load: () => import('./pages/checklists/checklist-page'),
  },
  {
    path: '/progress',
    title: 'page.progress',
    nav: { label: 'nav.progress' },
    load: () => import('./pages/progress/progress-page'),
  },
  {
    path: '/progress/report',
    title: 'page.report',
    load: () => import('./pages/progress/report-page'),
  },
  {
    path: '/progress/checklists/:id/versions/:v/organisations',
    title: 'page.drill-down',
    load: () => import('./pages/progress/drill-down-page'),
  },
  {
    path: '/waterbed',
    title: 'page.waterbed',
    nav: { label: 'nav.waterbed' },
    load: () => import('./pages/waterbed/waterbed-page'),
  },
  {
    path: '/progress/checklists/:id/versions/:v',
    title: 'page.checklist-progress',
    load: () => import('./pages/progress/version-progress-page'),
  },
  {
    path: '/organisations',
    title: 'page.directory',
    nav: { label: 'nav.directory' },
    load: () => import('./pages/organisations/directory-page'),
  },
  {
    path: '/organisations/new',
    title: 'page.add-an-organisation',
    nav: { label: 'nav.add-organisation' },
    allowed: (me) => canAddOrganisation(viewerOf(me), me.organisation.kind),
    load: () => import('./pages/organisations/new-organisation-page'),
  },
  {
    path: '/organisations/:id/tokens',
    title: 'page.api-tokens',
    // Only the organisation's own org admins: a token is the organisation's own key.
    allowed: (me) => canManageTokens(viewerOf(me), me.organisation.id),
    load: () => import('./pages/tokens/tokens-page'),
  },
  {
    path: '/organisations/:id/access-review',
    title: 'page.access-review',
    // The page's own organisation: the route sees only the viewer, not `:id`.
    allowed: (me) => canReviewAccess(viewerOf(me), me.organisation.kind, me.organisation.id),
    load: () => import('./pages/access-review/access-review-page'),
  },
  {
    path: '/organisations/:id/webhooks',
    title: 'page.webhooks',
    // The viewer's own organisation's org admins (the API refuses anyone else).
    allowed: (me) => canManageTokens(viewerOf(me), me.organisation.id),
    load: () => import('./pages/webhooks/webhooks-page'),
  },
  {
    path: '/audit',
    title: 'page.audit-trail',
    nav: { label: 'nav.audit-trail' },
    allowed: (me) => canReadAudit(viewerOf(me), me.organisation.kind, me.organisation.id),
    load: () => import('./pages/audit/audit-page'),
  },
  {
    path: '/access-reviews',
    title: 'page.overdue-access-reviews',
    nav: { label: 'nav.access-reviews' },
    allowed: (me) => canSeeOverdueReviews(viewerOf(me), me.organisation.kind),
    load: () => import('./pages/access-review/overdue-page'),
  },
  {
    path: '/organisations/:id',
    title: 'page.organisation',
    load: () => import('./pages/organisations/organisation-page'),
  },
];
