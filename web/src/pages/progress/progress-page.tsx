import '../checklists/checklists.css';
import type { MemberOverview, ProgressOverview } from '../../../../shared/progress';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { Link } from '../../router';
import { countryName, kindLabel } from '../../words';
import { dateOf, dueWords, ownStatusLabels, percent } from '../checklists/checklist-words';
import { TodoList } from '../checklists/checklists-page';
import { CsvLinks } from './csv';
import { useCharts } from './lazy-charts';
import { Light } from './version-progress-page';

/** The harmonization scoreboard over every checklist (Commission), or one's own standing. */
export default function ProgressPage() {
  const overview = useApi<ProgressOverview | MemberOverview>('/api/v1/progress');
  if (overview.loading && !overview.data) return <Loading what="Loading the scoreboard…" />;
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
        <h1>Harmonization scoreboard</h1>
        <EmptyState title="No published checklist yet">
          <Link href="/checklists/new">Draft a checklist</Link> and publish it.
        </EmptyState>
      </section>
    );
  }
  return (
    <section>
      <h1>Harmonization scoreboard</h1>
      <p class="lead">Who is where, across ports, countries and organisation kinds.</p>
      <CsvLinks
        base="/api/v1/progress"
        prefix="progress"
        views={[
          ['checklists', 'Checklists'],
          ['grid', 'Country grid'],
          ['laggards', 'Laggards'],
        ]}
      />
      {charts && (
        <charts.ShareBars
          title="Organisations that acknowledged each checklist"
          partLabel="acknowledged"
          rows={data.checklists.map((c) => ({
            label: c.title.slice(0, 24),
            part: c.acknowledged,
            whole: c.applicable,
          }))}
        />
      )}
      <div class="table-wrap">
        <table class="list" aria-label="Checklists">
          <thead>
            <tr>
              <th scope="col">Checklist</th>
              <th scope="col">Due</th>
              <th scope="col">Acknowledged</th>
              <th scope="col">Mandatory implemented</th>
              <th scope="col">Deficit</th>
            </tr>
          </thead>
          <tbody>
            {data.checklists.map((c) => (
              <tr key={c.checklistId}>
                <td>
                  <Link href={`/progress/checklists/${c.checklistId}/versions/${c.version}`}>{c.title}</Link>{' '}
                  <span class="muted">v{c.version}</span>
                </td>
                <td>
                  {dateOf(c.dueAt)} {c.overdue && <span class="mark mark-overdue">past due</span>}
                </td>
                <td>
                  {c.acknowledged} of {c.applicable}
                </td>
                <td>{percent(c.implementedShare)}</td>
                <td>{c.deficit.value === null ? 'not due' : percent(c.deficit.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Country by checklist</h2>
      <p class="muted">
        <Light light="green" /> 90 % or more of mandatory controls implemented · <Light light="amber" /> 50 %
        or more · <Light light="red" /> below 50 % · <Light light="none" /> no applicable organisation
      </p>
      <div class="table-wrap">
        <table class="list grid-table" aria-label="Country by checklist">
          <thead>
            <tr>
              <th scope="col">Country</th>
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
                        {cell.acknowledged}/{cell.applicable}
                      </span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Not yet acknowledged, overdue first</h2>
      {data.laggardCount === 0 ? (
        <EmptyState title="Every applicable organisation has acknowledged every checklist" />
      ) : (
        <>
          <ul aria-label="Laggards, overdue first">
            {data.laggards.map((l) => (
              <li key={`${l.organisationId}-${l.checklistId}`}>
                {l.overdue && <span class="mark mark-overdue">Overdue</span>}
                <Link href={`/organisations/${l.organisationId}`}>{l.name}</Link>{' '}
                <span class="muted">
                  ({kindLabel(l.kind)}, {countryName(l.country)}) · {l.title} · {dueWords(l.dueAt)}
                </span>
              </li>
            ))}
          </ul>
          {data.laggardCount > data.laggards.length && (
            <p class="muted">{data.laggardCount - data.laggards.length} more in the CSV export.</p>
          )}
        </>
      )}
    </section>
  );
}

function MemberStanding({ data }: { data: MemberOverview }) {
  return (
    <section>
      <h1>Harmonization progress</h1>
      <p class="lead">Your organisation's standing and the anonymous alliance averages.</p>
      <TodoList />
      <h2>Checklists</h2>
      {data.checklists.length === 0 ? (
        <EmptyState title="No published checklist yet" />
      ) : (
        <div class="table-wrap">
          <table class="list" aria-label="Your standing">
            <thead>
              <tr>
                <th scope="col">Checklist</th>
                <th scope="col">Your organisation</th>
                <th scope="col">You implement</th>
                <th scope="col">Alliance acknowledged</th>
                <th scope="col">Alliance implements</th>
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
                  <td>{ownStatusLabels[c.own.status]}</td>
                  <td>{percent(c.own.implementedShare)}</td>
                  <td>{c.alliance ? percent(c.alliance.acknowledgedShare) : 'too few answers'}</td>
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
