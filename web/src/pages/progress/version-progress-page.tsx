import '../checklists/checklists.css';
import type { MemberProgress, VersionScoreboard } from '../../../../shared/progress';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { formatNumber, t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { countryName, kindLabel } from '../../words';
import { dateOf, dueWords, levelLabel, ownStatusLabel, percent } from '../checklists/checklist-words';
import { CsvLinks } from './csv';
import { useCharts } from './lazy-charts';
import { PortTable } from './port-rows';

const lights = ['green', 'amber', 'red', 'none'] as const;

export function Light({ light }: { light: string }) {
  const word = (lights as readonly string[]).includes(light)
    ? t(`light.${light as (typeof lights)[number]}`)
    : light;
  return <span class={`light light-${light}`} role="img" aria-label={word} title={word} />;
}

/** One checklist version: the Commission's full breakdown, or one's own status and the alliance averages. */
export default function VersionProgressPage({ params }: PageProps) {
  const base = `/api/v1/progress/checklists/${encodeURIComponent(params.id!)}/versions/${encodeURIComponent(params.v!)}`;
  const board = useApi<VersionScoreboard | MemberProgress>(base);
  if (board.loading && !board.data) return <Loading what={t('progress.loading')} />;
  if (!board.data) return <ProblemNotice error={board.error} />;
  return board.data.view === 'commission' ? (
    <CommissionView board={board.data} base={base} />
  ) : (
    <MemberView progress={board.data} />
  );
}

function Heading({
  title,
  id,
  version,
  dueAt,
}: {
  title: string;
  id: string;
  version: number;
  dueAt: string;
}) {
  return (
    <>
      <p class="breadcrumb">
        <Link href="/progress">{t('progress.scoreboard')}</Link> ›{' '}
        <Link href={`/checklists/${id}`}>{title}</Link>
      </p>
      <h1>
        {title} <span class="muted">{t('checklist.version', { version })}</span>
      </h1>
      <p class="muted">{t('progress.dueOn', { date: dateOf(dueAt), due: dueWords(dueAt) })}</p>
    </>
  );
}

function CommissionView({ board, base }: { board: VersionScoreboard; base: string }) {
  const charts = useCharts();
  const drill = `/progress/checklists/${board.checklistId}/versions/${board.version}/organisations`;
  return (
    <section>
      <Heading title={board.title} id={board.checklistId} version={board.version} dueAt={board.dueAt} />
      <div class="summary-tiles">
        <div class="tile" data-testid="acknowledged-tile">
          <span class="big">
            {formatNumber(board.acknowledged)}/{formatNumber(board.applicable)}
          </span>
          {t('progress.tileAcknowledged')}
        </div>
        <div class="tile">
          <span class="big">{percent(board.implementedShare)}</span>
          {t('progress.tileImplemented')}
        </div>
        <div class="tile">
          <span class="big">
            {board.deficit.value === null ? t('progress.notDue') : percent(board.deficit.value)}
          </span>
          {t('progress.tileDeficit')}
          {board.deficit.value !== null && charts && <charts.DeficitGauge value={board.deficit.value} />}
        </div>
        <div class="tile">
          <span class="big">{formatNumber(board.laggardCount)}</span>
          {board.overdue ? t('progress.tileOverdue') : t('progress.tileStill')}
        </div>
      </div>
      <CsvLinks
        base={base}
        prefix={`${board.checklistId}-v${board.version}`}
        views={[
          ['items', t('checklist.items')],
          ['kinds', t('progress.kinds')],
          ['countries', t('progress.countries')],
          ['trend', t('progress.trend')],
          ['laggards', t('progress.laggards')],
          ['ports', t('progress.ports')],
        ]}
      />
      <p>
        <Link href={drill}>{t('page.drill-down')}</Link>
      </p>
      <PortTable base={base} checklistId={board.checklistId} version={board.version} />

      <h2>{t('progress.byKind')}</h2>
      {charts && (
        <charts.ShareBars
          title={t('progress.byKindChart')}
          partLabel={t('progress.acknowledgedPart')}
          rows={board.byKind.map((k) => ({
            label: kindLabel(k.kind),
            part: k.acknowledged,
            whole: k.applicable,
          }))}
        />
      )}
      <div class="table-wrap">
        <table class="list" aria-label={t('progress.byKind')}>
          <thead>
            <tr>
              <th scope="col">{t('public.kind')}</th>
              <th scope="col">{t('ownStatus.acknowledged')}</th>
              <th scope="col">{t('progress.mandatoryImplemented')}</th>
            </tr>
          </thead>
          <tbody>
            {board.byKind.map((k) => (
              <tr key={k.kind}>
                <td>{kindLabel(k.kind)}</td>
                <td>{t('progress.of', { part: k.acknowledged, whole: k.applicable })}</td>
                <td>
                  <Light light={k.light} /> {percent(k.implementedShare)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('progress.byCountry')}</h2>
      {charts && (
        <charts.ShareBars
          title={t('progress.byCountryChart')}
          partLabel={t('progress.acknowledgedPart')}
          rows={board.byCountry.map((c) => ({
            label: countryName(c.country),
            part: c.acknowledged,
            whole: c.applicable,
          }))}
        />
      )}
      <div class="table-wrap">
        <table class="list" aria-label={t('progress.byCountry')}>
          <thead>
            <tr>
              <th scope="col">{t('home.country')}</th>
              <th scope="col">{t('ownStatus.acknowledged')}</th>
              <th scope="col">{t('progress.mandatoryImplemented')}</th>
            </tr>
          </thead>
          <tbody>
            {board.byCountry.map((c) => (
              <tr key={c.country} data-country={c.country}>
                <td>
                  <Link href={`${drill}?country=${c.country}`}>
                    {countryName(c.country)} ({c.country})
                  </Link>
                </td>
                <td>{t('progress.of', { part: c.acknowledged, whole: c.applicable })}</td>
                <td>
                  <Light light={c.light} /> {percent(c.implementedShare)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('progress.perItem')}</h2>
      {charts && <charts.ItemStatusBars items={board.items} applicable={board.applicable} />}
      <div class="table-wrap">
        <table class="list" aria-label={t('progress.perItem')}>
          <thead>
            <tr>
              <th scope="col">{t('audit.item')}</th>
              <th scope="col">{t('checklistCompose.level')}</th>
              <th scope="col">{t('itemStatus.implemented')}</th>
              <th scope="col">{t('itemStatus.in_progress')}</th>
              <th scope="col">{t('itemStatus.not_implemented')}</th>
              <th scope="col">{t('itemStatus.not_applicable')}</th>
              <th scope="col">{t('drill.verified')}</th>
            </tr>
          </thead>
          <tbody>
            {board.items.map((i) => (
              <tr key={i.itemId} data-item={i.itemId}>
                <td>
                  <strong>{i.itemId}</strong> {i.text}
                  {i.change !== 'unchanged' && (
                    <span class="mark mark-changed">
                      {i.change === 'new' ? t('progress.new') : t('checklist.changed')}
                    </span>
                  )}
                </td>
                <td>{levelLabel(i.level)}</td>
                <td class="implemented-count">
                  <Link href={`${drill}?itemId=${encodeURIComponent(i.itemId)}&status=implemented`}>
                    {i.implemented}
                  </Link>
                </td>
                <td>{i.inProgress}</td>
                <td>{i.notImplemented}</td>
                <td>{i.notApplicable}</td>
                <td
                  class="verified-count"
                  title={t('progress.declaredVerified', {
                    item: i.itemId,
                    declared: i.implemented,
                    verified: i.verifiedImplemented,
                  })}
                >
                  <Link href={`${drill}?itemId=${encodeURIComponent(i.itemId)}&review=accepted`}>
                    {i.verifiedImplemented}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('progress.dailyTrend')}</h2>
      {board.trend.length === 0 ? (
        <EmptyState title={t('progress.noSubmissions')} />
      ) : (
        charts && <charts.TrendChart points={board.trend} applicable={board.applicable} dueAt={board.dueAt} />
      )}

      <h2>{t('progress.notYet')}</h2>
      {board.laggardCount === 0 ? (
        <EmptyState title={t('progress.allAcknowledged')} />
      ) : (
        <>
          <ul aria-label={t('progress.notYetList')}>
            {board.laggards.map((l) => (
              <li key={l.organisationId}>
                <Link href={`/organisations/${l.organisationId}`}>{l.name}</Link>{' '}
                <span class="muted">
                  {kindLabel(l.kind)} · {countryName(l.country)}
                </span>
                {l.overdue && <span class="mark mark-overdue">{t('checklist.overdue')}</span>}
              </li>
            ))}
          </ul>
          {board.laggardCount > board.laggards.length && (
            <p class="muted">
              {t('progress.moreInCsv', { count: board.laggardCount - board.laggards.length })}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function MemberView({ progress }: { progress: MemberProgress }) {
  const charts = useCharts();
  return (
    <section>
      <Heading
        title={progress.title}
        id={progress.checklistId}
        version={progress.version}
        dueAt={progress.dueAt}
      />
      <div class="summary-tiles">
        <div class="tile">
          <span class="big">{ownStatusLabel(progress.own.status)}</span>
          {t('progress.tileYours')}
        </div>
        <div class="tile">
          <span class="big">{percent(progress.own.implementedShare)}</span>
          {t('progress.tileImplementedByYou')}
        </div>
        <div class="tile">
          <span class="big">{percent(progress.alliance?.implementedShare)}</span>
          {t('progress.tileAlliance')}
        </div>
      </div>
      <h2>{t('progress.allianceAverage')}</h2>
      {progress.alliance ? (
        <>
          <p>{t('progress.allianceShare', { share: percent(progress.alliance.acknowledgedShare) })}</p>
          {charts && (
            <charts.ShareBars
              title={t('progress.shareChart')}
              partLabel="%"
              rows={progress.alliance.items.map((i) => ({
                label: i.itemId,
                part: Math.round(i.implementedShare * 100),
                whole: 100,
              }))}
            />
          )}
        </>
      ) : (
        <EmptyState title={t('progress.notEnough')}>{t('progress.notEnoughHint')}</EmptyState>
      )}
    </section>
  );
}
