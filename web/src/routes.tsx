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
    title: 'Sign in',
    public: true,
    load: () => import('./pages/sign-in/sign-in-page'),
  },
  {
    path: '/auth/callback',
    title: 'Signing in',
    public: true,
    load: () => import('./pages/sign-in/callback-page'),
  },
  { path: '/', title: 'Home', nav: { label: 'Home' }, load: () => import('./pages/home/home-page') },
  {
    path: '/bulletins',
    title: 'Bulletins',
    nav: { label: 'Bulletins' },
    load: () => import('./pages/bulletins/feed-page'),
  },
  {
    path: '/bulletins/new',
    title: 'Write a bulletin',
    allowed: (me) => canContribute(viewerOf(me)),
    load: () => import('./pages/bulletins/compose-page'),
  },
  {
    path: '/bulletins/:id/edit',
    title: 'Edit draft bulletin',
    allowed: (me) => canContribute(viewerOf(me)),
    load: () => import('./pages/bulletins/compose-page'),
  },
  {
    path: '/bulletins/:id/receipts',
    title: 'Receipts',
    load: () => import('./pages/bulletins/receipts-page'),
  },
  {
    path: '/bulletins/:id',
    title: 'Bulletin',
    load: () => import('./pages/bulletins/detail-page'),
  },
  {
    path: '/documents',
    title: 'Library',
    nav: { label: 'Library' },
    load: () => import('./pages/documents/library-page'),
  },
  {
    path: '/documents/new',
    title: 'Publish a document',
    allowed: (me) => canContribute(viewerOf(me)),
    load: () => import('./pages/documents/publish-page'),
  },
  {
    path: '/documents/:id/versions/new',
    title: 'New version',
    allowed: (me) => canContribute(viewerOf(me)),
    load: () => import('./pages/documents/new-version-page'),
  },
  {
    path: '/documents/:id/acknowledgements',
    title: 'Attestations',
    load: () => import('./pages/documents/attestations-page'),
  },
  {
    path: '/documents/:id',
    title: 'Document',
    load: () => import('./pages/documents/detail-page'),
  },
  {
    path: '/checklists',
    title: 'Checklists',
    nav: { label: 'Checklists' },
    load: () => import('./pages/checklists/checklists-page'),
  },
  {
    path: '/checklists/new',
    title: 'Draft a checklist',
    allowed: (me) => canDraftChecklists(viewerOf(me), me.organisation.kind),
    load: () => import('./pages/checklists/compose-page'),
  },
  {
    path: '/checklists/:id/edit',
    title: 'Edit checklist draft',
    allowed: (me) => canDraftChecklists(viewerOf(me), me.organisation.kind),
    load: () => import('./pages/checklists/compose-page'),
  },
  {
    path: '/checklists/:id/versions/:v/assess',
    title: 'Assess',
    allowed: (me) => canContribute(viewerOf(me)),
    load: () => import('./pages/checklists/assess-page'),
  },
  {
    path: '/checklists/:id',
    title: 'Checklist',
    load: () => import('./pages/checklists/checklist-page'),
  },
  {
    path: '/progress',
    title: 'Progress',
    nav: { label: 'Progress' },
    load: () => import('./pages/progress/progress-page'),
  },
  {
    path: '/progress/checklists/:id/versions/:v',
    title: 'Checklist progress',
    load: () => import('./pages/progress/version-progress-page'),
  },
  {
    path: '/organisations',
    title: 'Directory',
    nav: { label: 'Directory' },
    load: () => import('./pages/organisations/directory-page'),
  },
  {
    path: '/organisations/new',
    title: 'Add an organisation',
    nav: { label: 'Add organisation' },
    allowed: (me) => canAddOrganisation(viewerOf(me), me.organisation.kind),
    load: () => import('./pages/organisations/new-organisation-page'),
  },
  {
    path: '/organisations/:id/access-review',
    title: 'Access review',
    // The page's own organisation: the route sees only the viewer, not `:id`.
    allowed: (me) => canReviewAccess(viewerOf(me), me.organisation.kind, me.organisation.id),
    load: () => import('./pages/access-review/access-review-page'),
  },
  {
    path: '/audit',
    title: 'Audit trail',
    nav: { label: 'Audit trail' },
    allowed: (me) => canReadAudit(viewerOf(me), me.organisation.kind, me.organisation.id),
    load: () => import('./pages/audit/audit-page'),
  },
  {
    path: '/access-reviews',
    title: 'Overdue access reviews',
    nav: { label: 'Access reviews' },
    allowed: (me) => canSeeOverdueReviews(viewerOf(me), me.organisation.kind),
    load: () => import('./pages/access-review/overdue-page'),
  },
  {
    path: '/organisations/:id',
    title: 'Organisation',
    load: () => import('./pages/organisations/organisation-page'),
  },
];
