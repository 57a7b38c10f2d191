import * as z from 'zod';
import {
  type AnswerInput,
  AssessedKind as AssessedKindSchema,
  type ChecklistItem,
  type ChecklistVersion,
  ControlArea,
  ItemChange,
  ItemLevel,
  type ItemStatus,
  type VersionSummary,
} from './checklist';

/**
 * Progress counters of a checklist version: plain numbers under flat names, added to in the same
 * transaction as the assessment they count (docs/data-model.md). Flat names, not nested maps, because
 * DynamoDB can ADD to a missing top-level attribute but not into a missing map.
 */
export type Counters = Record<string, number>;

export const counter = {
  acknowledged: 'ack',
  acknowledgedByKind: (kind: string) => `ack|kind|${kind}`,
  acknowledgedByCountry: (country: string) => `ack|country|${country}`,
  item: (itemId: string, status: ItemStatus) => `item|${itemId}|${status}`,
  /** Answers a reviewer accepted, by the status they declare (shared/review.ts). */
  accepted: (itemId: string, status: ItemStatus) => `item|${itemId}|accepted|${status}`,
  mandatory: (status: ItemStatus) => `mand|${status}`,
  mandatoryByKind: (status: ItemStatus, kind: string) => `mand|${status}|kind|${kind}`,
  mandatoryByCountry: (status: ItemStatus, country: string) => `mand|${status}|country|${country}`,
  /** Daily series only: every submission, first or repeated. */
  submissions: 'submissions',
} as const;

/** The part of an assessment the counters depend on. */
export interface CountedAnswers {
  organisationKind: string;
  country: string;
  items: readonly (Pick<AnswerInput, 'itemId' | 'status'> & { review?: { decision: string } | undefined })[];
}

/** What counting needs of a version: each item's id and level. */
type Levels = { items: readonly { id: string; level: ChecklistItem['level'] }[] };

function contributions(version: Levels, answers: CountedAnswers): Counters {
  const level = new Map(version.items.map((i) => [i.id, i.level]));
  const out: Counters = {};
  const add = (name: string) => {
    out[name] = (out[name] ?? 0) + 1;
  };
  add(counter.acknowledged);
  add(counter.acknowledgedByKind(answers.organisationKind));
  add(counter.acknowledgedByCountry(answers.country));
  for (const answer of answers.items) {
    add(counter.item(answer.itemId, answer.status));
    if (answer.review?.decision === 'accepted') add(counter.accepted(answer.itemId, answer.status));
    if (level.get(answer.itemId) !== 'mandatory') continue;
    add(counter.mandatory(answer.status));
    if (answer.status === 'implemented' || answer.status === 'not_applicable') {
      add(counter.mandatoryByKind(answer.status, answers.organisationKind));
      add(counter.mandatoryByCountry(answer.status, answers.country));
    }
  }
  return out;
}

/** Only the non-zero entries: a zero delta would be a wasted update. */
const nonZero = (counters: Counters): Counters =>
  Object.fromEntries(Object.entries(counters).filter(([, n]) => n !== 0));

/**
 * What one submission adds to the version's counters: the new answers' contributions minus the
 * replaced answers' contributions. Summed over every submission this equals a recomputation.
 */
export function progressDelta(
  version: Levels,
  previous: CountedAnswers | null,
  next: CountedAnswers,
): Counters {
  const delta = contributions(version, next);
  if (previous) {
    for (const [name, n] of Object.entries(contributions(version, previous))) {
      delta[name] = (delta[name] ?? 0) - n;
    }
  }
  return nonZero(delta);
}

/** What one submission adds to its day of the daily trend. */
export function dayDelta(version: Levels, previous: CountedAnswers | null, next: CountedAnswers): Counters {
  const full = progressDelta(version, previous, next);
  return nonZero({
    [counter.submissions]: 1,
    [counter.acknowledged]: full[counter.acknowledged] ?? 0,
    [counter.mandatory('implemented')]: full[counter.mandatory('implemented')] ?? 0,
  });
}

/** The counters recomputed from scratch from the current assessments (tests and repair). */
export function countersFrom(version: Levels, assessments: readonly CountedAnswers[]): Counters {
  const total: Counters = {};
  for (const a of assessments) {
    for (const [name, n] of Object.entries(contributions(version, a))) total[name] = (total[name] ?? 0) + n;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Scoreboard arithmetic

/** An organisation as the scoreboard needs it: from the directory summary, not the whole directory. */
export interface DirectoryEntry {
  id: string;
  name: string;
  kind: string;
  country: string;
}

export const TrafficLight = z.enum(['green', 'amber', 'red', 'none']);
export type TrafficLight = z.infer<typeof TrafficLight>;

/** Green from 90 % of mandatory pairs implemented, amber from 50 %, red below; none without applicable organisations. */
export function trafficLight(share: number | null): TrafficLight {
  if (share === null) return 'none';
  if (share >= 0.9) return 'green';
  if (share >= 0.5) return 'amber';
  return 'red';
}

/**
 * Share of applicable (organisation × mandatory item) pairs implemented. An organisation that has
 * not acknowledged counts as implementing nothing; pairs answered `not_applicable` leave the base.
 * Without mandatory items the share of organisations that acknowledged stands in.
 */
export function implementedShare(input: {
  applicable: number;
  acknowledged: number;
  mandatoryCount: number;
  implemented: number;
  notApplicable: number;
}): number | null {
  if (input.applicable === 0) return null;
  if (input.mandatoryCount === 0) return input.acknowledged / input.applicable;
  const pairs = input.applicable * input.mandatoryCount - input.notApplicable;
  return pairs > 0 ? input.implemented / pairs : 1;
}

export const Deficit = z.object({
  /** Share of applicable (organisation × mandatory item) pairs not implemented; null before the due date. */
  value: z.number().nullable(),
  applicablePairs: z.number().int(),
  notImplementedPairs: z.number().int(),
  due: z.boolean(),
});
export type Deficit = z.infer<typeof Deficit>;

/** The harmonization deficit (docs/glossary.md): counted only once the due date has passed. */
export function harmonizationDeficit(input: {
  applicable: number;
  mandatoryCount: number;
  implemented: number;
  notApplicable: number;
  dueAt: string;
  now: Date;
}): Deficit {
  const applicablePairs = Math.max(0, input.applicable * input.mandatoryCount - input.notApplicable);
  const notImplementedPairs = Math.max(0, applicablePairs - input.implemented);
  const due = input.now.getTime() > Date.parse(input.dueAt);
  return {
    value: due && applicablePairs > 0 ? notImplementedPairs / applicablePairs : null,
    applicablePairs,
    notImplementedPairs,
    due,
  };
}

const n = (counters: Counters, name: string) => counters[name] ?? 0;

const itemStatuses = ['implemented', 'in_progress', 'not_implemented', 'not_applicable'] as const;

export const Laggard = z.object({
  organisationId: z.string(),
  name: z.string(),
  kind: z.string(),
  country: z.string(),
  checklistId: z.string(),
  version: z.number().int(),
  title: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
});
export type Laggard = z.infer<typeof Laggard>;

const Breakdown = z.object({
  acknowledged: z.number().int(),
  applicable: z.number().int(),
  implementedShare: z.number().nullable(),
  light: TrafficLight,
});

export const VersionScoreboard = z.object({
  view: z.literal('commission'),
  checklistId: z.string(),
  version: z.number().int(),
  title: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  appliesTo: z.array(AssessedKindSchema),
  acknowledged: z.number().int(),
  applicable: z.number().int(),
  implementedShare: z.number().nullable(),
  byKind: z.array(Breakdown.extend({ kind: z.string() })),
  byCountry: z.array(Breakdown.extend({ country: z.string() })),
  items: z.array(
    z.object({
      itemId: z.string(),
      text: z.string(),
      level: ItemLevel,
      area: ControlArea,
      change: ItemChange,
      implemented: z.number().int(),
      inProgress: z.number().int(),
      notImplemented: z.number().int(),
      notApplicable: z.number().int(),
      /** Answers a reviewer accepted (any status), beside the self-declared counts above. */
      accepted: z.number().int(),
      /** Of `implemented`, how many a reviewer accepted: "9 declared implemented, 4 verified". */
      verifiedImplemented: z.number().int(),
    }),
  ),
  deficit: Deficit,
  trend: z.array(
    z.object({
      date: z.string(),
      submissions: z.number().int(),
      acknowledged: z.number().int(),
      implementedMandatory: z.number().int(),
    }),
  ),
  /** The first laggards (the CSV export has them all) and how many there are. */
  laggards: z.array(Laggard),
  laggardCount: z.number().int(),
});
export type VersionScoreboard = z.infer<typeof VersionScoreboard>;

/** How many laggards a JSON scoreboard lists; the CSV export lists every one. */
export const laggardsShown = 100;

export interface DayCounters {
  date: string;
  counters: Counters;
}

/**
 * One collator for every sort: laggard lists run to thousands of names and `localeCompare` is
 * slow. Made on first use: building it costs milliseconds that a module import should not.
 */
let collator: Intl.Collator | undefined;
function compareNames(a: string, b: string): number {
  collator ??= new Intl.Collator('en');
  return collator.compare(a, b);
}
/** Plain code-unit order for ids, dates and codes. */
const ascii = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const byName = (a: DirectoryEntry, b: DirectoryEntry) =>
  ascii(a.kind, b.kind) || ascii(a.country, b.country) || compareNames(a.name, b.name);

/** The Commission's scoreboard of one version, from its counters and the directory summary only. */
export function versionScoreboard(input: {
  version: ChecklistVersion;
  counters: Counters;
  days: readonly DayCounters[];
  acknowledgedBy: ReadonlySet<string>;
  directory: readonly DirectoryEntry[];
  now: Date;
  allLaggards?: boolean;
}): VersionScoreboard {
  const { version, counters: c, now } = input;
  const kinds = new Set<string>(version.appliesTo);
  const applicableOrgs = input.directory.filter((o) => kinds.has(o.kind));
  const mandatoryCount = version.items.filter((i) => i.level === 'mandatory').length;
  const overdue = now.getTime() > Date.parse(version.dueAt);

  const breakdown = (orgs: DirectoryEntry[], ack: number, implemented: number, notApplicable: number) => {
    const share = implementedShare({
      applicable: orgs.length,
      acknowledged: ack,
      mandatoryCount,
      implemented,
      notApplicable,
    });
    return {
      acknowledged: ack,
      applicable: orgs.length,
      implementedShare: share,
      light: trafficLight(share),
    };
  };
  const countries = [...new Set(applicableOrgs.map((o) => o.country))].sort();
  const laggards = applicableOrgs
    .filter((o) => !input.acknowledgedBy.has(o.id))
    .sort(byName)
    .map(
      (o): Laggard => ({
        organisationId: o.id,
        name: o.name,
        kind: o.kind,
        country: o.country,
        checklistId: version.checklistId,
        version: version.version,
        title: version.title,
        dueAt: version.dueAt,
        overdue,
      }),
    );
  let acknowledged = 0;
  let implementedMandatory = 0;
  const trend = [...input.days]
    .sort((a, b) => ascii(a.date, b.date))
    .map((day) => {
      acknowledged += n(day.counters, counter.acknowledged);
      implementedMandatory += n(day.counters, counter.mandatory('implemented'));
      return {
        date: day.date,
        submissions: n(day.counters, counter.submissions),
        acknowledged,
        implementedMandatory,
      };
    });
  const overall = breakdown(
    applicableOrgs,
    n(c, counter.acknowledged),
    n(c, counter.mandatory('implemented')),
    n(c, counter.mandatory('not_applicable')),
  );
  return {
    view: 'commission',
    checklistId: version.checklistId,
    version: version.version,
    title: version.title,
    dueAt: version.dueAt,
    overdue,
    appliesTo: version.appliesTo,
    acknowledged: overall.acknowledged,
    applicable: overall.applicable,
    implementedShare: overall.implementedShare,
    byKind: version.appliesTo.map((kind) => ({
      kind,
      ...breakdown(
        applicableOrgs.filter((o) => o.kind === kind),
        n(c, counter.acknowledgedByKind(kind)),
        n(c, counter.mandatoryByKind('implemented', kind)),
        n(c, counter.mandatoryByKind('not_applicable', kind)),
      ),
    })),
    byCountry: countries.map((country) => ({
      country,
      ...breakdown(
        applicableOrgs.filter((o) => o.country === country),
        n(c, counter.acknowledgedByCountry(country)),
        n(c, counter.mandatoryByCountry('implemented', country)),
        n(c, counter.mandatoryByCountry('not_applicable', country)),
      ),
    })),
    items: version.items.map((item) => ({
      itemId: item.id,
      text: item.text,
      level: item.level,
      area: item.area,
      change: item.change,
      implemented: n(c, counter.item(item.id, 'implemented')),
      inProgress: n(c, counter.item(item.id, 'in_progress')),
      notImplemented: n(c, counter.item(item.id, 'not_implemented')),
      notApplicable: n(c, counter.item(item.id, 'not_applicable')),
      accepted: itemStatuses.reduce((sum, status) => sum + n(c, counter.accepted(item.id, status)), 0),
      verifiedImplemented: n(c, counter.accepted(item.id, 'implemented')),
    })),
    deficit: harmonizationDeficit({
      applicable: applicableOrgs.length,
      mandatoryCount,
      implemented: n(c, counter.mandatory('implemented')),
      notApplicable: n(c, counter.mandatory('not_applicable')),
      dueAt: version.dueAt,
      now,
    }),
    trend,
    laggards: input.allLaggards ? laggards : laggards.slice(0, laggardsShown),
    laggardCount: laggards.length,
  };
}

// ---------------------------------------------------------------------------------------------
// What members outside the Commission see: their own status and anonymous alliance averages

/**
 * Averages over fewer organisations than this, not counting the viewer's own, would reveal who
 * answered what: the viewer knows their own answers and can take them out of the average.
 */
export const minimumGroupForAverages = 3;

/**
 * Whether a member outside the Commission may see an anonymous figure over `answered`
 * organisations: only when at least `minimumGroupForAverages` of them are not the viewer's own.
 * The same rule for the alliance average and for every cell of a breakdown.
 */
export const averageShown = (answered: number, viewerAnswered: boolean): boolean =>
  answered - (viewerAnswered ? 1 : 0) >= minimumGroupForAverages;

export const OwnStatus = z.enum(['acknowledged', 'pending', 'not_applicable']);
export type OwnStatus = z.infer<typeof OwnStatus>;

export const MemberProgress = z.object({
  view: z.literal('member'),
  checklistId: z.string(),
  version: z.number().int(),
  title: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  own: z.object({
    status: OwnStatus,
    submittedAt: z.string().nullable(),
    implementedShare: z.number().nullable(),
  }),
  /** Null while fewer than `minimumGroupForAverages` organisations other than the viewer's have acknowledged. */
  alliance: z
    .object({
      acknowledgedShare: z.number(),
      implementedShare: z.number().nullable(),
      items: z.array(
        z.object({ itemId: z.string(), text: z.string(), level: ItemLevel, implementedShare: z.number() }),
      ),
    })
    .nullable(),
});
export type MemberProgress = z.infer<typeof MemberProgress>;

/** Own organisation's share of mandatory items implemented (not_applicable ones leave the base). */
export function ownImplementedShare(version: Levels, answers: CountedAnswers | null): number | null {
  if (!answers) return null;
  const c = contributions(version, answers);
  const mandatory = version.items.filter((i) => i.level === 'mandatory').length;
  return implementedShare({
    applicable: 1,
    acknowledged: 1,
    mandatoryCount: mandatory,
    implemented: n(c, counter.mandatory('implemented')),
    notApplicable: n(c, counter.mandatory('not_applicable')),
  });
}

export function memberProgress(input: {
  /** A whole version, or a summary whose items are just the mandatory ids (overview rows carry no items). */
  version: Pick<ChecklistVersion, 'checklistId' | 'version' | 'title' | 'dueAt'> & {
    items: readonly { id: string; text: string; level: ChecklistItem['level'] }[];
  };
  includeItems?: boolean;
  counters: Counters;
  applicable: number;
  own: { applicable: boolean; assessment: (CountedAnswers & { submittedAt: string }) | null };
  now: Date;
}): MemberProgress {
  const { version, counters: c } = input;
  const acknowledged = n(c, counter.acknowledged);
  const mandatoryCount = version.items.filter((i) => i.level === 'mandatory').length;
  const viewerAnswered = input.own.assessment !== null;
  const enough = averageShown(acknowledged, viewerAnswered) && input.applicable > 0;
  /** How many organisations answered an item: its cell of the per-item breakdown. */
  const answeredItem = (id: string) =>
    (['implemented', 'in_progress', 'not_implemented', 'not_applicable'] as const).reduce(
      (sum, status) => sum + n(c, counter.item(id, status)),
      0,
    );
  return {
    view: 'member',
    checklistId: version.checklistId,
    version: version.version,
    title: version.title,
    dueAt: version.dueAt,
    overdue: input.now.getTime() > Date.parse(version.dueAt),
    own: {
      status: !input.own.applicable ? 'not_applicable' : input.own.assessment ? 'acknowledged' : 'pending',
      submittedAt: input.own.assessment?.submittedAt ?? null,
      implementedShare: ownImplementedShare(version, input.own.assessment),
    },
    alliance: enough
      ? {
          acknowledgedShare: acknowledged / input.applicable,
          // Among the organisations that answered, so the average does not depend on who is late.
          implementedShare: implementedShare({
            applicable: acknowledged,
            acknowledged,
            mandatoryCount,
            implemented: n(c, counter.mandatory('implemented')),
            notApplicable: n(c, counter.mandatory('not_applicable')),
          }),
          // Every answer covers every item, so each cell holds the same organisations; the check
          // still keeps out a cell that holds fewer (counters of an older shape, a repair).
          items: (input.includeItems === false ? [] : version.items)
            .filter((item) => averageShown(answeredItem(item.id), viewerAnswered))
            .map((item) => ({
              itemId: item.id,
              text: item.text,
              level: item.level,
              implementedShare: n(c, counter.item(item.id, 'implemented')) / acknowledged,
            })),
        }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The overview over every checklist's current version

export interface CurrentVersionProgress {
  checklistId: string;
  current: VersionSummary;
  counters: Counters;
  acknowledgedBy: ReadonlySet<string>;
}

export const ChecklistProgressRow = z.object({
  checklistId: z.string(),
  version: z.number().int(),
  title: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  appliesTo: z.array(AssessedKindSchema),
  acknowledged: z.number().int(),
  applicable: z.number().int(),
  implementedShare: z.number().nullable(),
  deficit: Deficit,
});

export const ProgressOverview = z.object({
  view: z.literal('commission'),
  checklists: z.array(ChecklistProgressRow),
  /** Country-by-checklist grid: one row per country, one cell per checklist of `checklists`, same order. */
  grid: z.array(
    z.object({
      country: z.string(),
      cells: z.array(
        z.object({
          checklistId: z.string(),
          acknowledged: z.number().int(),
          applicable: z.number().int(),
          implementedShare: z.number().nullable(),
          light: TrafficLight,
        }),
      ),
    }),
  ),
  laggards: z.array(Laggard),
  laggardCount: z.number().int(),
});
export type ProgressOverview = z.infer<typeof ProgressOverview>;

export function progressOverview(input: {
  checklists: readonly CurrentVersionProgress[];
  directory: readonly DirectoryEntry[];
  now: Date;
  allLaggards?: boolean;
}): ProgressOverview {
  const { now } = input;
  const rows = input.checklists.map((cl) => {
    const kinds = new Set<string>(cl.current.appliesTo);
    const applicableOrgs = input.directory.filter((o) => kinds.has(o.kind));
    return { cl, applicableOrgs };
  });
  const countries = [...new Set(rows.flatMap((r) => r.applicableOrgs.map((o) => o.country)))].sort();
  const laggards: Laggard[] = [];
  for (const { cl, applicableOrgs } of rows) {
    const overdue = now.getTime() > Date.parse(cl.current.dueAt);
    for (const o of applicableOrgs) {
      if (cl.acknowledgedBy.has(o.id)) continue;
      laggards.push({
        organisationId: o.id,
        name: o.name,
        kind: o.kind,
        country: o.country,
        checklistId: cl.checklistId,
        version: cl.current.version,
        title: cl.current.title,
        dueAt: cl.current.dueAt,
        overdue,
      });
    }
  }
  // Overdue first, the longest overdue at the top; then by due date and name.
  laggards.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      ascii(a.dueAt, b.dueAt) ||
      compareNames(a.name, b.name) ||
      ascii(a.checklistId, b.checklistId),
  );
  return {
    view: 'commission',
    checklists: rows.map(({ cl, applicableOrgs }) => {
      const c = cl.counters;
      const input0 = {
        applicable: applicableOrgs.length,
        mandatoryCount: cl.current.mandatoryCount,
        implemented: n(c, counter.mandatory('implemented')),
        notApplicable: n(c, counter.mandatory('not_applicable')),
      };
      return {
        checklistId: cl.checklistId,
        version: cl.current.version,
        title: cl.current.title,
        dueAt: cl.current.dueAt,
        overdue: now.getTime() > Date.parse(cl.current.dueAt),
        appliesTo: cl.current.appliesTo,
        acknowledged: n(c, counter.acknowledged),
        applicable: applicableOrgs.length,
        implementedShare: implementedShare({ ...input0, acknowledged: n(c, counter.acknowledged) }),
        deficit: harmonizationDeficit({ ...input0, dueAt: cl.current.dueAt, now }),
      };
    }),
    grid: countries.map((country) => ({
      country,
      cells: rows.map(({ cl, applicableOrgs }) => {
        const inCountry = applicableOrgs.filter((o) => o.country === country);
        const c = cl.counters;
        const acknowledged = n(c, counter.acknowledgedByCountry(country));
        const share = implementedShare({
          applicable: inCountry.length,
          acknowledged,
          mandatoryCount: cl.current.mandatoryCount,
          implemented: n(c, counter.mandatoryByCountry('implemented', country)),
          notApplicable: n(c, counter.mandatoryByCountry('not_applicable', country)),
        });
        return {
          checklistId: cl.checklistId,
          acknowledged,
          applicable: inCountry.length,
          implementedShare: share,
          light: trafficLight(share),
        };
      }),
    })),
    laggards: input.allLaggards ? laggards : laggards.slice(0, laggardsShown),
    laggardCount: laggards.length,
  };
}

export const MemberOverview = z.object({
  view: z.literal('member'),
  checklists: z.array(MemberProgress),
});
export type MemberOverview = z.infer<typeof MemberOverview>;

// ---------------------------------------------------------------------------------------------
// CSV

/** RFC 4180 CSV of the named columns; cells that a spreadsheet would run as a formula are quoted and prefixed. */
export function toCsv(columns: readonly string[], rows: readonly object[]): string {
  const cell = (value: unknown) => {
    if (value === null || value === undefined || (typeof value === 'object' && !Array.isArray(value)))
      return '';
    let text = Array.isArray(value) ? value.join(' ') : String(value);
    // A spreadsheet runs a cell that starts so as a formula (CSV injection); lists are text too.
    if ((typeof value === 'string' || Array.isArray(value)) && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c])).join(','))].join('\r\n')}\r\n`;
}
