import { Fragment } from 'preact';
import type { AccessReviewStatus } from '../../../../shared/access-review';
import {
  canAddOrganisation,
  canManageMembers,
  canReadAudit,
  canReviewAccess,
  canSeeOverdueReviews,
} from '../../../../shared/permissions';
import { tlpLabels, tlpPresentation } from '../../../../shared/tlp-labels';
import { viewerOf } from '../../api';
import { TlpBadge } from '../../components/tlp-badge';
import { useApi } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { useMe } from '../../session-context';
import { countryName, kindLabels, roleHints, roleLabels } from '../../words';

/** Who you are, your organisation, and where to go from here. */
export default function HomePage(_: PageProps) {
  const me = useMe();
  const { member, organisation } = me;
  const viewer = viewerOf(me);
  return (
    <section>
      <h1>Welcome, {member.name}</h1>
      {canReviewAccess(viewer, organisation.kind, organisation.id) && (
        <AccessReviewNotice organisationId={organisation.id} />
      )}
      <div class="card">
        <h2>{organisation.name}</h2>
        <dl class="facts">
          <dt>Organisation</dt>
          <dd>{kindLabels[organisation.kind]}</dd>
          <dt>Country</dt>
          <dd>
            {countryName(organisation.country)} ({organisation.country})
          </dd>
          {organisation.unlocode && (
            <>
              <dt>UN/LOCODE</dt>
              <dd>
                <code>{organisation.unlocode}</code>
              </dd>
            </>
          )}
          <dt>Your role</dt>
          <dd>
            {roleLabels[member.role]} <span class="muted">({roleHints[member.role]})</span>
          </dd>
          <dt>E-mail</dt>
          <dd>{member.email}</dd>
        </dl>
      </div>
      <h2>Where to go</h2>
      <ul class="next-steps">
        <li>
          <Link href="/organisations">Browse the alliance directory</Link>: ports, shipping companies,
          agencies and the Commission.
        </li>
        {canManageMembers(viewer, organisation.kind, organisation.id) && (
          <li>
            <Link href={`/organisations/${organisation.id}`}>Manage the members of {organisation.name}</Link>.
          </li>
        )}
        {canAddOrganisation(viewer, organisation.kind) && (
          <li>
            <Link href="/organisations/new">Add a member organisation</Link> to the alliance.
          </li>
        )}
        {canReadAudit(viewer, organisation.kind, organisation.id) && (
          <li>
            <Link href="/audit">Read the audit trail</Link> of {organisation.name}, or review its members’{' '}
            <Link href={`/organisations/${organisation.id}/access-review`}>access</Link>.
          </li>
        )}
        {canSeeOverdueReviews(viewer, organisation.kind) && (
          <li>
            See which organisations are <Link href="/access-reviews">overdue with their access review</Link>.
          </li>
        )}
      </ul>
      <h2>Who sees what: TLP labels</h2>
      <p class="muted">
        Every bulletin and document carries a Traffic Light Protocol label; the portal enforces it.
      </p>
      <dl class="facts tlp-legend">
        {tlpLabels.map((label) => (
          <Fragment key={label}>
            <dt>
              <TlpBadge label={label} describe={false} />
            </dt>
            <dd>{tlpPresentation[label].meaning}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

/** Tells an org_admin when their organisation's access review is overdue (one read of its status). */
function AccessReviewNotice({ organisationId }: { organisationId: string }) {
  const status = useApi<AccessReviewStatus>(`/api/v1/organisations/${organisationId}/access-review/status`);
  if (!status.data?.overdue) return null;
  return (
    <div class="notice notice-warning" role="status">
      <strong>Your access review is overdue.</strong>{' '}
      {status.data.lastCompletedAt
        ? 'The last one was more than 90 days ago.'
        : 'Your organisation has not done one yet.'}{' '}
      <Link href={`/organisations/${organisationId}/access-review`}>Review who still needs access</Link>.
    </div>
  );
}
