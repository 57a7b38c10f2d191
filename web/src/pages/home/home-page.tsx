import { Fragment } from 'preact';
import type { AccessReviewStatus } from '../../../../shared/access-review';
import {
  canAddOrganisation,
  canManageMembers,
  canReadAudit,
  canReviewAccess,
  canSeeOverdueReviews,
} from '../../../../shared/permissions';
import { tlpLabels } from '../../../../shared/tlp-labels';
import { viewerOf } from '../../api';
import { TlpBadge } from '../../components/tlp-badge';
import { useApi } from '../../components/use-api';
import { t, tx } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { useMe } from '../../session-context';
import { countryName, kindLabel, roleHint, roleLabel, tlpMeaning } from '../../words';
import { Desk } from './desk';

/** The member's desk (what needs them), who they are, and where to go from here. */
export default function HomePage(_: PageProps) {
  const me = useMe();
  const { member, organisation } = me;
  const viewer = viewerOf(me);
  return (
    <section>
      <h1>{t('home.welcome', { name: member.name })}</h1>
      {canReviewAccess(viewer, organisation.kind, organisation.id) && (
        <AccessReviewNotice organisationId={organisation.id} />
      )}
      <Desk />
      <div class="card">
        <h2>{organisation.name}</h2>
        <dl class="facts">
          <dt>{t('home.organisation')}</dt>
          <dd>{kindLabel(organisation.kind)}</dd>
          <dt>{t('home.country')}</dt>
          <dd>
            {countryName(organisation.country)} ({organisation.country})
          </dd>
          {organisation.unlocode && (
            <>
              <dt>{t('home.unlocode')}</dt>
              <dd>
                <code>{organisation.unlocode}</code>
              </dd>
            </>
          )}
          <dt>{t('home.role')}</dt>
          <dd>
            {roleLabel(member.role)} <span class="muted">({roleHint(member.role)})</span>
          </dd>
          <dt>{t('home.email')}</dt>
          <dd>{member.email}</dd>
        </dl>
      </div>
      <h2>{t('home.whereToGo')}</h2>
      <ul class="next-steps">
        <li>{tx('home.directory', { link: (c) => <Link href="/organisations">{c}</Link> })}</li>
        {canManageMembers(viewer, organisation.kind, organisation.id) && (
          <li>
            {tx('home.manageMembers', {
              organisation: organisation.name,
              link: (c) => <Link href={`/organisations/${organisation.id}`}>{c}</Link>,
            })}
          </li>
        )}
        {canAddOrganisation(viewer, organisation.kind) && (
          <li>{tx('home.addOrganisation', { link: (c) => <Link href="/organisations/new">{c}</Link> })}</li>
        )}
        {canReadAudit(viewer, organisation.kind, organisation.id) && (
          <li>
            {tx('home.audit', {
              organisation: organisation.name,
              audit: (c) => <Link href="/audit">{c}</Link>,
              review: (c) => <Link href={`/organisations/${organisation.id}/access-review`}>{c}</Link>,
            })}
          </li>
        )}
        {canSeeOverdueReviews(viewer, organisation.kind) && (
          <li>{tx('home.overdueReviews', { link: (c) => <Link href="/access-reviews">{c}</Link> })}</li>
        )}
      </ul>
      <h2>{t('home.tlpHeading')}</h2>
      <p class="muted">{t('home.tlpIntro')}</p>
      <dl class="facts tlp-legend">
        {tlpLabels.map((label) => (
          <Fragment key={label}>
            <dt>
              <TlpBadge label={label} describe={false} />
            </dt>
            <dd>{tlpMeaning(label)}</dd>
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
      <strong>{t('home.reviewOverdue')}</strong>{' '}
      {status.data.lastCompletedAt ? t('home.reviewLast') : t('home.reviewNever')}{' '}
      <Link href={`/organisations/${organisationId}/access-review`}>{t('home.reviewLink')}</Link>.
    </div>
  );
}
