import type { ProgressOverview } from '../../../../shared/progress';
import { t } from '../../i18n';
import { Link } from '../../router';
import { dateOf, percent } from '../checklists/checklist-words';

type ChecklistRow = ProgressOverview['checklists'][number];

/**
 * The checklists' overview table: due date, organisations that acknowledged, mandatory items
 * implemented and the deficit, one row a checklist. The scoreboard links each title to its
 * version's page; the printed report (`linked` false) shows the title alone.
 */
export function ChecklistOverview({
  rows,
  label,
  linked,
}: {
  rows: readonly ChecklistRow[];
  label: string;
  linked: boolean;
}) {
  return (
    <table class="list" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t('page.checklist')}</th>
          <th scope="col">{t('progress.due')}</th>
          <th scope="col">{t('ownStatus.acknowledged')}</th>
          <th scope="col">{t('progress.mandatoryImplemented')}</th>
          <th scope="col">{t('progress.deficit')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.checklistId}>
            <th scope="row">
              {linked ? (
                <Link href={`/progress/checklists/${c.checklistId}/versions/${c.version}`}>{c.title}</Link>
              ) : (
                c.title
              )}{' '}
              <span class="muted">{t('checklist.version', { version: c.version })}</span>
            </th>
            <td>
              {dateOf(c.dueAt)} {c.overdue && <span class="mark mark-overdue">{t('progress.pastDue')}</span>}
            </td>
            <td>{t('progress.of', { part: c.acknowledged, whole: c.applicable })}</td>
            <td>{percent(c.implementedShare)}</td>
            <td>{c.deficit.value === null ? t('progress.notDue') : percent(c.deficit.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
