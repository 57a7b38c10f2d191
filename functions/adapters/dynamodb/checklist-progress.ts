import type { Assessment, ChecklistVersion } from '../../../shared/checklist';
import type { Organisation } from '../../../shared/organisation';
import { answersKey, harmonizedKinds, mandatoryAnswers } from '../../../shared/port-deficit';
import { type Counters, type DayCounters, dayDelta, progressDelta } from '../../../shared/progress';
import { keys } from '../../../shared/table';
import { refKey, type VersionCounters, type VersionRef } from '../../ports';
import { withoutKeys } from './audit-item';
import { type ChecklistTable, ofType, type TransactItems } from './checklist-table';
import { directoryEntries, directorySummaryKeys, isDirectorySummary } from './directory-summary';

/** Attributes of a progress item that are not counters. */
const progressBookkeeping = new Set(['pk', 'sk', 'type', 'acknowledgedBy', 'checklistId', 'version', 'date']);

function countersOf(item: Record<string, unknown>): Counters {
  const counters: Counters = {};
  for (const [name, value] of Object.entries(item)) {
    if (!progressBookkeeping.has(name) && typeof value === 'number') counters[name] = value;
  }
  return counters;
}

const totalsOf = (item: Record<string, unknown> | undefined): VersionCounters => ({
  counters: item ? countersOf(item) : {},
  acknowledgedBy: new Set((item?.acknowledgedBy as Set<string> | undefined) ?? []),
});

/**
 * `ADD #c0 :c0, #c1 :c1, …` for the non-zero deltas. Attribute names go through placeholders:
 * counter names carry `|` and item ids.
 */
function addExpression(deltas: Counters, extra?: { name: string; value: unknown }) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts: string[] = [];
  Object.entries(deltas).forEach(([name, delta], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = delta;
    parts.push(`#c${i} :c${i}`);
  });
  if (extra) {
    names['#extra'] = extra.name;
    values[':extra'] = extra.value;
    parts.push('#extra :extra');
  }
  // An identical re-submission changes no counter: then there is nothing to ADD.
  return { names, values, expression: parts.length > 0 ? `ADD ${parts.join(', ')}` : '' };
}

/**
 * The counter updates one submission makes, for the same transaction as the assessment: the
 * version's TOTAL and the submission day's series.
 */
export function progressUpdates(
  tableName: string,
  version: ChecklistVersion,
  previous: Assessment | null,
  next: Assessment,
): TransactItems {
  const total = addExpression(
    progressDelta(version, previous, next),
    // The set of who acknowledged lets the scoreboard list laggards without reading assessments.
    previous ? undefined : { name: 'acknowledgedBy', value: new Set([next.organisationId]) },
  );
  const day = addExpression(dayDelta(version, previous, next));
  const date = next.submittedAt.slice(0, 10);
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.progressTotal(next.checklistId, next.version),
        UpdateExpression: `${total.expression} SET #type = :type`,
        ExpressionAttributeNames: { ...total.names, '#type': 'type' },
        ExpressionAttributeValues: { ...total.values, ':type': 'PROGRESS_TOTAL' },
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: keys.progressDay(next.checklistId, next.version, date),
        UpdateExpression: `${day.expression} SET #type = :type`,
        ExpressionAttributeNames: { ...day.names, '#type': 'type' },
        ExpressionAttributeValues: { ...day.values, ':type': 'PROGRESS_DAY' },
      },
    },
  ];
}

/**
 * The organisation's mandatory answers on the waterbed's harmonization item of the checklist, for
 * the same transaction as a submission (docs/waterbed.md): only for the kinds the waterbed colours.
 * A plain SET: the assessment's own condition orders submissions of one organisation.
 */
export function harmonizationUpdates(
  tableName: string,
  version: ChecklistVersion,
  next: Assessment,
): TransactItems {
  if (!harmonizedKinds.includes(next.organisationKind)) return [];
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.harmonization(next.organisationKind, next.checklistId),
        UpdateExpression: 'SET #answers = :answers, #type = :type',
        ExpressionAttributeNames: {
          '#answers': answersKey(next.organisationId, next.version),
          '#type': 'type',
        },
        ExpressionAttributeValues: {
          ':answers': mandatoryAnswers(version, next.items),
          ':type': 'HARMONIZATION',
        },
      },
    },
  ];
}

/**
 * The harmonization items' current version, for the same transaction as a publication: set on
 * the kinds the version applies to, removed from the others (it no longer asks them anything).
 */
export function harmonizationCurrent(tableName: string, version: ChecklistVersion): TransactItems {
  return harmonizedKinds.map((kind): TransactItems[number] => {
    const Key = keys.harmonization(kind, version.checklistId);
    if (!(version.appliesTo as readonly string[]).includes(kind))
      return {
        Update: {
          TableName: tableName,
          Key,
          UpdateExpression: 'SET #type = :type REMOVE #current',
          ExpressionAttributeNames: { '#current': 'current', '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'HARMONIZATION' },
        },
      };
    return {
      Update: {
        TableName: tableName,
        Key,
        UpdateExpression: 'SET #current = :current, #type = :type',
        ExpressionAttributeNames: { '#current': 'current', '#type': 'type' },
        ExpressionAttributeValues: {
          ':current': {
            version: version.version,
            mandatoryCount: version.items.filter((i) => i.level === 'mandatory').length,
          },
          ':type': 'HARMONIZATION',
        },
      },
    };
  });
}

/**
 * The counter update of one review, for the same transaction: only the version's TOTAL (the
 * accepted counters; the daily series counts submissions). Nothing when no counter moves.
 */
export function reviewUpdates(
  tableName: string,
  version: ChecklistVersion,
  previous: Assessment,
  next: Assessment,
): TransactItems {
  const total = addExpression(progressDelta(version, previous, next));
  if (!total.expression) return [];
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.progressTotal(next.checklistId, next.version),
        UpdateExpression: `${total.expression} SET #type = :type`,
        ExpressionAttributeNames: { ...total.names, '#type': 'type' },
        ExpressionAttributeValues: { ...total.values, ':type': 'PROGRESS_TOTAL' },
      },
    },
  ];
}

/** The scoreboards' reads (the `versionProgress` and `progressOf` of the checklist port). */
export class ChecklistProgressReads {
  constructor(private readonly table: ChecklistTable) {}

  async versionProgress(ref: VersionRef, viewerOrganisationId: string) {
    const [items, progress] = await Promise.all([
      this.table.batchGet([
        keys.checklistVersion(ref.checklistId, ref.version),
        keys.organisation(viewerOrganisationId),
        keys.assessment(ref.checklistId, ref.version, viewerOrganisationId),
        ...directorySummaryKeys(),
      ]),
      // The TOTAL item and the daily series: a handful of small items whatever the number of assessments.
      this.table.partition(keys.progressOfVersion(ref.checklistId, ref.version)),
    ]);
    const one = ofType(items);
    return {
      version: one<ChecklistVersion>('CHECKLIST_VERSION'),
      organisation: one<Organisation>('ORGANISATION'),
      ownAssessment: one<Assessment>('ASSESSMENT'),
      directory: items.filter(isDirectorySummary).flatMap(directoryEntries),
      totals: totalsOf(progress.find((i) => i.sk === 'TOTAL')),
      days: progress
        .filter((i) => String(i.sk).startsWith(keys.progressDayPrefix))
        .map(
          (i): DayCounters => ({
            date: String(i.sk).slice(keys.progressDayPrefix.length),
            counters: countersOf(i),
          }),
        ),
    };
  }

  async progressOf(refs: readonly VersionRef[], viewerOrganisationId: string) {
    const items = await this.table.batchGet([
      keys.organisation(viewerOrganisationId),
      ...directorySummaryKeys(),
      ...refs.map((r) => keys.progressTotal(r.checklistId, r.version)),
      ...refs.map((r) => keys.assessment(r.checklistId, r.version, viewerOrganisationId)),
    ]);
    const totals = new Map<string, VersionCounters>();
    const ownAssessments = new Map<string, Assessment>();
    const totalKeys = new Map(refs.map((r) => [keys.progressTotal(r.checklistId, r.version).pk, refKey(r)]));
    for (const item of items) {
      if (item.sk === 'TOTAL') {
        const ref = totalKeys.get(String(item.pk));
        if (ref) totals.set(ref, totalsOf(item));
      } else if (item.type === 'ASSESSMENT') {
        const assessment = withoutKeys<Assessment>(item);
        ownAssessments.set(refKey(assessment), assessment);
      }
    }
    return {
      organisation: ofType(items)<Organisation>('ORGANISATION'),
      directory: items.filter(isDirectorySummary).flatMap(directoryEntries),
      totals,
      ownAssessments,
    };
  }
}
