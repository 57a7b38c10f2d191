/**
 * Port security indicators (issue 14, docs/waterbed.md): what a port reports per quarter, each
 * figure under its own TLP label, and who sees which figure. Pure: no I/O.
 */
import * as z from 'zod';
import { OrganisationId, type OrganisationKind } from './organisation';
import { canContribute } from './permissions';
import { Refusal } from './refusal';
import { MultiLineText, SingleLineText } from './text';
import { canSee, isRestricted, TlpLabel, tlpLabels } from './tlp';
import type { Viewer } from './viewer';

/** A calendar quarter, `2026-Q3`. */
export const quarterPattern = /^(\d{4})-Q([1-4])$/;
export const Quarter = z.string().regex(quarterPattern, 'a quarter such as 2026-Q3');
export type Quarter = string;

/** The nine figures a port reports, in the order tables and CSV columns show them. */
export const indicatorNames = [
  'containersHandledTeu',
  'containersScanned',
  'riskOriginContainers',
  'riskOriginScanned',
  'cocaineSeizedKg',
  'seizures',
  'scannersInService',
  'intrusionIncidents',
  'corruptionCases',
] as const;
export type IndicatorName = (typeof indicatorNames)[number];

/** Labels a figure may carry. TLP:RED names members, and a figure is an organisation's: refused. */
export const figureLabels = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT'] as const;
export const FigureLabel = TlpLabel.extract(figureLabels, {
  error:
    'a figure is TLP:CLEAR, TLP:GREEN, TLP:AMBER or TLP:AMBER+STRICT (TLP:RED names people, not organisations)',
});

export const Figure = z.strictObject({
  /** Counts and kilograms: never negative; kilograms may have decimals. */
  value: z.number().finite().nonnegative().max(1e12),
  tlp: FigureLabel,
  /** Where the figure comes from (a customs system, a terminal's count), shown with it under its TLP. */
  sourceNote: SingleLineText.trim().min(1).max(300).optional(),
});
export type Figure = z.infer<typeof Figure>;

/** Any subset of the nine: a figure not sent is missing (never zero). */
export const Figures = z.strictObject(
  Object.fromEntries(indicatorNames.map((n) => [n, Figure.optional()])) as Record<
    IndicatorName,
    z.ZodOptional<typeof Figure>
  >,
);
export type Figures = Partial<Record<IndicatorName, Figure>>;

export const indicatorLimits = { note: 2000, namedOrganisations: 20 } as const;

/** What a contributor of the reporting organisation sends: the quarter's report, whole (PUT). */
export const IndicatorReportInput = z.strictObject({
  figures: Figures,
  note: MultiLineText.trim().max(indicatorLimits.note).default(''),
  /** Organisations besides the reporter and the Commission that see its TLP:AMBER figures. */
  sharedWith: z
    .array(OrganisationId)
    .max(indicatorLimits.namedOrganisations)
    .refine((ids) => new Set(ids).size === ids.length, 'each organisation once')
    .default([]),
});
export type IndicatorReportInput = z.infer<typeof IndicatorReportInput>;

export const IndicatorReport = z.object({
  organisationId: z.string(),
  locode: z.string(),
  quarter: Quarter,
  figures: Figures,
  note: z.string(),
  sharedWith: z.array(z.string()),
  revision: z.number().int(),
  reportedAt: z.iso.datetime(),
  reportedBy: z.object({ memberId: z.string(), email: z.string() }),
});
export type IndicatorReport = z.infer<typeof IndicatorReport>;

export const IndicatorHistory = z.object({
  organisationId: z.string(),
  /** Current report of each quarter, newest quarter first. */
  quarters: z.array(IndicatorReport),
  /** Every version ever reported (corrections included), newest first: who and when. */
  corrections: z.array(IndicatorReport),
});

/** Who may report (and correct) an organisation's figures: its own contributors. */
export const canReportIndicators = (viewer: Viewer, organisationId: string): boolean =>
  viewer.organisationId === organisationId && canContribute(viewer);

/**
 * Who may report a quarter now, checked before anything is read: the organisation's own
 * contributors, for a quarter that has begun (a quarter still to come has no figures yet).
 */
export function requireReportable(viewer: Viewer, organisationId: string, quarter: Quarter, at: Date): void {
  if (!canReportIndicators(viewer, organisationId))
    throw new Refusal('forbidden', "Only contributors of the organisation report its port's figures.");
  if (!quarterStarted(quarter, at))
    throw new Refusal('invalid', `${quarter} has not begun yet.`, [
      { field: 'quarter', message: 'not begun yet' },
    ]);
}

/**
 * The quarter's report as a report or correction stores it: the next revision after the current
 * one (which stays in the history), at the organisation's port. Refused for an organisation with
 * no port, and when the revision the reporter saw (If-Match) is no longer the current one.
 */
export function nextReport(
  organisation: { id: string; unlocode?: string },
  quarter: Quarter,
  input: IndicatorReportInput,
  current: Pick<IndicatorReport, 'revision'> | null | undefined,
  change: { viewer: Viewer; at: Date; expectedRevision?: number },
): IndicatorReport {
  if (!organisation.unlocode)
    throw new Refusal('conflict', 'Figures are reported per port: this organisation has no UN/LOCODE.');
  const currentRevision = current?.revision ?? 0;
  if (change.expectedRevision !== undefined && change.expectedRevision !== currentRevision)
    throw new Refusal(
      'stale',
      `The quarter is at revision ${currentRevision}, not ${change.expectedRevision}.`,
    );
  return {
    organisationId: organisation.id,
    locode: organisation.unlocode,
    quarter,
    figures: input.figures,
    note: input.note,
    sharedWith: input.sharedWith,
    revision: currentRevision + 1,
    reportedAt: change.at.toISOString(),
    reportedBy: { memberId: change.viewer.memberId, email: change.viewer.email },
  };
}

/** What `figureVisible` needs of where a figure comes from. */
export interface FigureSource {
  organisationId: string;
  memberId: string;
  sharedWith: readonly string[];
}

/**
 * The one rule for who sees a figure: `canSee` of shared/tlp.ts, the reporting organisation as
 * author and the organisations it named as recipients, and the Commission as a recipient of
 * every figure (issue 14: "the reporting organisation and the Commission see it").
 */
export function figureVisible(
  viewer: Viewer,
  viewerKind: OrganisationKind | undefined,
  source: FigureSource,
  tlp: Figure['tlp'],
): boolean {
  const recipients = {
    organisations:
      viewerKind === 'commission' ? [...source.sharedWith, viewer.organisationId] : source.sharedWith,
    members: [],
  };
  return canSee(viewer, {
    tlp,
    status: 'published',
    authorId: source.memberId,
    authorOrganisationId: source.organisationId,
    recipients,
  });
}

/**
 * The strictest restricted label among the labels of figures shown (AMBER, AMBER+STRICT), for the
 * read's audit event; null when none is restricted.
 */
export function strictestRestricted(labels: Iterable<Figure['tlp']>): Figure['tlp'] | null {
  let strictest: Figure['tlp'] | null = null;
  for (const label of labels)
    if (isRestricted(label) && (!strictest || tlpLabels.indexOf(label) > tlpLabels.indexOf(strictest)))
      strictest = label;
  return strictest;
}

/** The figures of a report the viewer may see; the others are left out, as missing ones are. */
export function visibleFigures(
  viewer: Viewer,
  viewerKind: OrganisationKind | undefined,
  source: FigureSource,
  figures: Figures,
): Figures {
  const shown: Figures = {};
  for (const name of indicatorNames) {
    const figure = figures[name];
    if (figure && figureVisible(viewer, viewerKind, source, figure.tlp)) shown[name] = figure;
  }
  return shown;
}

/** A report as the viewer may see it; `sharedWith` only to the reporting organisation. */
export function reportFor(
  viewer: Viewer,
  viewerKind: OrganisationKind | undefined,
  report: IndicatorReport,
): IndicatorReport {
  const source = {
    organisationId: report.organisationId,
    memberId: report.reportedBy.memberId,
    sharedWith: report.sharedWith,
  };
  return {
    ...report,
    figures: visibleFigures(viewer, viewerKind, source, report.figures),
    sharedWith: viewer.organisationId === report.organisationId ? report.sharedWith : [],
  };
}

/** The quarter a day (`2026-08-14`) or time falls in. */
export function quarterOf(date: string): Quarter {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

const quarterIndex = (q: Quarter) => {
  const m = quarterPattern.exec(q);
  if (!m) throw new Error(`not a quarter: ${q}`);
  return Number(m[1]) * 4 + Number(m[2]) - 1;
};
const quarterAt = (i: number): Quarter => `${Math.floor(i / 4)}-Q${(i % 4) + 1}`;

/** Every quarter from `from` to `to`, both included, in order. */
export function quartersBetween(from: Quarter, to: Quarter): Quarter[] {
  const out: Quarter[] = [];
  for (let i = quarterIndex(from); i <= quarterIndex(to); i++) out.push(quarterAt(i));
  return out;
}

/** The quarter `n` quarters after (negative: before) `q`. */
export const quarterPlus = (q: Quarter, n: number): Quarter => quarterAt(quarterIndex(q) + n);

/** Whether a quarter has begun by `now` (a report for a future quarter is refused). */
export const quarterStarted = (q: Quarter, now: Date): boolean =>
  quarterIndex(q) <= quarterIndex(quarterOf(now.toISOString()));

/** The most quarters one waterbed request may span (40 quarters: ten years). */
export const maxWaterbedQuarters = 40;
