import '../checklists/checklists.css';
import { useState } from 'preact/hooks';
import type { MemberOverview, ProgressOverview } from '../../../../shared/progress';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { formatNumber, t, tx } from '../../i18n';
import { Link } from '../../router';
import { countryName, kindLabel } from '../../words';
import { dueWords, ownStatusLabel, percent } from '../checklists/checklist-words';
import { TodoList } from '../checklists/checklists-page';
import { ChecklistOverview } from './checklist-overview';
import { CsvLinks } from './csv';
import { useCharts } from './lazy-charts';
import { PortItemGrid } from './port-item-grid';
import { Light } from './version-progress-page';

/** A checklist title short enough for a chart's label column, cut at a word with an ellipsis. */
function shortTitle(title: string, max = 34): string {
  if (title.length <= max) return title;
  const cut = title.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** The harmonization scoreboard over every checklist (Commission), or one's own standing. */
export default function ProgressPage() {
  const overview = useApi<ProgressOverview | MemberOverview>('/api/v1/progress');
  if (overview.loading && !overview.data) return <Loading what={t('progress.loading')} />;
  if (!overview.data) return <ProblemNotice error={overview.error} />;
  return overview.data.view === 'commission' ? (
    <CommissionOverview data={overview.data} />
  ) : (
    <MemberStanding data={overview.data} />
  );
}

function CommissionOverview({ data }: { data: ProgressOverview }) {
  const charts = useCharts();
  if (data.checklists.length === 0) {
    return (
      <section>
        <h1>{t('checklists.scoreboard')}</h1>
        <EmptyState title={t('progress.none')}>
          {tx('progress.noneHint', { link: (c) => <Link href="/checklists/new">{c}</Link> })}
        </EmptyState>
      </section>
    );
  }
  return (
    <section>
      <h1>{t('checklists.scoreboard')}</h1>
      <p class="lead">{t('progress.lead')}</p>
      <p>
        <Link href="/progress/report">{t('report.open')}</Link>
      </p>
      <CsvLinks
        base="/api/v1/progress"
        prefix="progress"
        views={[
          ['checklists', t('nav.checklists')],
          ['grid', t('progress.countryGrid')],
          ['laggards', t('progress.laggards')],
        ]}
      />
      {charts && (
        <charts.ShareBars
          title={t('progress.chartTitle')}
          partLabel={t('progress.acknowledgedPart')}
          rows={data.checklists.map((c) => ({
            label: shortTitle(c.title),
            part: c.acknowledged,
            whole: c.applicable,
          }))}
        />
      )}
      <div class="table-wrap">
        <ChecklistOverview rows={data.checklists} label={t('nav.checklists')} linked />
      </div>

      <GridSwitch data={data} />

      <h2>{t('progress.laggardsHeading')}</h2>
      {data.laggardCount === 0 ? (
        <EmptyState title={t('progress.noLaggards')} />
      ) : (
        <>
          <ul aria-label={t('progress.laggardsList')}>
            {data.laggards.map((l) => (
              <li key={`${l.organisationId}-${l.checklistId}`}>
                {l.overdue && <span class="mark mark-overdue">{t('checklist.overdue')}</span>}
                <Link href={`/organisations/${l.organisationId}`}>{l.name}</Link>{' '}
                <span class="muted">
                  ({kindLabel(l.kind)}, {countryName(l.country)}) · {l.title} · {dueWords(l.dueAt)}
                </span>
              </li>
            ))}
          </ul>
          {data.laggardCount > data.laggards.length && (
            <p class="muted">
              {t('progress.moreInCsv', { count: data.laggardCount - data.laggards.length })}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** The grid of the overview: country by checklist, or port by item for one checklist version. */
function GridSwitch({ data }: { data: ProgressOverview }) {
  const [shape, setShape] = useState<'countries' | 'ports'>('countries');
  const [chosen, setChosen] = useState(0);
  const version = data.checklists[chosen] ?? data.checklists[0];
  return (
    <>
      <h2>{shape === 'countries' ? t('progress.grid') : t('progress.portGrid')}</h2>
      <fieldset class="status-choices grid-switch">
        <legend>{t('progress.gridAs')}</legend>
        {(
          [
            ['countries', t('progress.grid')],
            ['ports', t('progress.portGrid')],
          ] as const
        ).map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="grid-shape"
              value={value}
              checked={shape === value}
              onChange={() => setShape(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {shape === 'countries' ? (
        <CountryGrid data={data} />
      ) : (
        <>
          <label for="grid-checklist">{t('progress.gridChecklist')}</label>
          <select
            id="grid-checklist"
            value={String(chosen)}
            onChange={(e) => setChosen(Number((e.target as HTMLSelectElement).value))}
          >
            {data.checklists.map((c, i) => (
              <option key={`${c.checklistId}-${c.version}`} value={String(i)}>
                {c.title} ({t('checklist.version', { version: c.version })})
              </option>
            ))}
          </select>
          {version && <PortItemGrid checklistId={version.checklistId} version={version.version} />}
        </>
      )}
    </>
  );
}

function CountryGrid({ data }: { data: ProgressOverview }) {
  return (
    <>
      <p class="muted">
        <Light light="green" /> {t('progress.green', { share: percent(0.9) })} · <Light light="amber" />{' '}
        {t('progress.amber', { share: percent(0.5) })} · <Light light="red" />{' '}
        {t('progress.red', { share: percent(0.5) })} · <Light light="none" /> {t('light.none')}
      </p>
      <div class="table-wrap">
        <table class="list grid-table" aria-label={t('progress.grid')}>
          <thead>
            <tr>
              <th scope="col">{t('home.country')}</th>
              {data.checklists.map((c) => (
                <th key={c.checklistId} scope="col">
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.grid.map((row) => (
              <tr key={row.country} data-country={row.country}>
                <th scope="row">
                  {countryName(row.country)} ({row.country})
                </th>
                {row.cells.map((cell) => (
                  <td key={cell.checklistId} data-checklist={cell.checklistId} data-light={cell.light}>
                    <Light light={cell.light} />
                    {cell.applicable > 0 && (
                      <span class="muted">
                        {formatNumber(cell.acknowledged)}/{formatNumber(cell.applicable)}
                      </span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function MemberStanding({ data }: { data: MemberOverview }) {
  return (
    <section>
      <h1>{t('progress.memberHeading')}</h1>
      <p class="lead">{t('progress.memberLead')}</p>
      <TodoList />
      <h2>{t('nav.checklists')}</h2>
      {data.checklists.length === 0 ? (
        <EmptyState title={t('progress.none')} />
      ) : (
        <div class="table-wrap">
          <table class="list" aria-label={t('progress.standing')}>
            <thead>
              <tr>
                <th scope="col">{t('page.checklist')}</th>
                <th scope="col">{t('checklist.yourOrganisation')}</th>
                <th scope="col">{t('progress.youImplement')}</th>
                <th scope="col">{t('progress.allianceAcknowledged')}</th>
                <th scope="col">{t('progress.allianceImplements')}</th>
              </tr>
            </thead>
            <tbody>
              {data.checklists.map((c) => (
                <tr key={c.checklistId}>
                  <td>
                    <Link href={`/progress/checklists/${c.checklistId}/versions/${c.version}`}>
                      {c.title}
                    </Link>
                  </td>
                  <td>{ownStatusLabel(c.own.status)}</td>
                  <td>{percent(c.own.implementedShare)}</td>
                  <td>{c.alliance ? percent(c.alliance.acknowledgedShare) : t('progress.tooFew')}</td>
                  <td>{c.alliance ? percent(c.alliance.implementedShare) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
