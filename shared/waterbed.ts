/**
 * The waterbed view (issue 14, docs/waterbed.md): per port and quarter, one indicator, computed
 * only from the figures and sightings the viewer may see, and the shift signals drawn from that
 * same view. Pure: the store hands in the aggregates it read, this module decides what is shown.
 */
import * as z from 'zod';
import {
  type Figure,
  type FigureSource,
  type Figures,
  figureVisible,
  type IndicatorName,
  indicatorNames,
  type Quarter,
} from './indicators';
import type { OrganisationKind } from './organisation';
import { type ChecklistHarmonization, visibleDeficit } from './port-deficit';
import { positionOf } from './port-positions';
import { canSee, isRestricted, type LabelledItem } from './tlp';
import type { Viewer } from './viewer';

/** The nine figures, two rates derived from them, the bulletins naming a port, and the count of sightings. */
export const waterbedIndicators = [
  ...indicatorNames,
  'scanRate',
  'riskOriginScanRate',
  'bulletins',
  'sightings',
] as const;
export type WaterbedIndicator = (typeof waterbedIndicators)[number];

/** A quarter's report as the waterbed aggregate holds it: the figures, whose they are and when. */
export interface ReportAggregate {
  source: FigureSource;
  figures: Figures;
  /** When it was reported (absent on entries written before it was kept). */
  reportedAt?: string;
}

/**
 * A report's entry on a waterbed indicator-quarter item, stored as one short JSON string:
 * `[organisationId, memberId, sharedWith, [[figure, value, tlp], …], reportedAt]`. The 40 ports × 40
 * quarters read is about a sixth of the bytes and one string per port instead of some a dozen
 * typed attribute values each, which is what the read's time grows with in DynamoDB Local and
 * in the SDK's unmarshalling (docs/waterbed.md, "Aggregates and their cost").
 */
export function encodeReportAggregate({ source, figures, reportedAt }: ReportAggregate): string {
  const entries: [IndicatorName, number, Figure['tlp']][] = [];
  for (const name of indicatorNames) {
    const figure = figures[name];
    if (figure) entries.push([name, figure.value, figure.tlp]);
  }
  const stored: unknown[] = [source.organisationId, source.memberId, source.sharedWith, entries];
  if (reportedAt) stored.push(reportedAt);
  return JSON.stringify(stored);
}

/** The entry as `encodeReportAggregate` wrote it, or as a map (written before it existed). */
export function decodeReportAggregate(stored: unknown): ReportAggregate {
  if (typeof stored !== 'string') return stored as ReportAggregate;
  const [organisationId, memberId, sharedWith, entries, reportedAt] = JSON.parse(stored) as [
    string,
    string,
    string[],
    [IndicatorName, number, Figure['tlp']][],
    string | null | undefined,
  ];
  const figures: Figures = {};
  for (const [name, value, tlp] of entries) figures[name] = { value, tlp };
  return { source: { organisationId, memberId, sharedWith }, figures, ...(reportedAt ? { reportedAt } : {}) };
}

/** What the waterbed keeps of a bulletin: what `canSee` needs, its categories and origin countries. */
export type BulletinAudience = LabelledItem & {
  id: string;
  categories: readonly string[];
  originCountries: readonly string[];
};

/** Sightings at a port in a quarter of one bulletin. */
export interface SightingAggregate {
  bulletin: BulletinAudience;
  count: number;
}

/** Everything written for one port (by UN/LOCODE) with its figures, sightings and the bulletins naming it. */
export interface PortAggregate {
  locode: string;
  /** Per quarter, one report per organisation reporting for the port (its authority, agencies). */
  reports: Record<Quarter, ReportAggregate[]>;
  sightings: Record<Quarter, SightingAggregate[]>;
  /** Published bulletins that name the port, by the quarter of their first publication. */
  named: Record<Quarter, BulletinAudience[]>;
}

/** A member port of the directory. */
export interface DirectoryPort {
  organisationId: string;
  locode: string;
  name: string;
}

export const PortShare = z.object({
  locode: z.string(),
  name: z.string(),
  before: z.number(),
  after: z.number(),
  shareBefore: z.number(),
  shareAfter: z.number(),
});
export type PortShare = z.infer<typeof PortShare>;

/** A shift for analysts to look at, with the numbers behind it: never a verdict. */
export const ShiftSignal = z.object({
  indicator: z.string(),
  from: z.string(),
  to: z.string(),
  /** Share of the alliance total (of the ports with a value in both quarters) rose by more than the threshold. */
  rising: PortShare,
  /** Ports whose share fell by more than the threshold, nearest first. */
  falling: z.array(PortShare),
  threshold: z.number(),
  text: z.string(),
});
export type ShiftSignal = z.infer<typeof ShiftSignal>;

export const WaterbedPort = z.object({
  organisationId: z.string().nullable(),
  locode: z.string(),
  name: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  quarters: z.record(z.string(), z.number().nullable()),
  /** Harmonization deficit, 0–1 (shared/port-deficit.ts); null when the viewer may not see it or none applies. */
  deficit: z.number().nullable(),
});
export type WaterbedPort = z.infer<typeof WaterbedPort>;

export const Waterbed = z.object({
  indicator: z.enum(waterbedIndicators),
  category: z.string().nullable(),
  quarters: z.array(z.string()),
  ports: z.array(WaterbedPort),
  signals: z.array(ShiftSignal),
  /**
   * Per bulletin category and quarter, the ports that reported it (named by a visible bulletin
   * published then) or saw it (a visible sighting then); `ports` is both together.
   */
  spread: z.array(
    z.object({
      category: z.string(),
      quarter: z.string(),
      ports: z.array(z.string()),
      reported: z.array(z.string()),
      seen: z.array(z.string()),
    }),
  ),
  /**
   * Per quarter, the origin countries named: in visible bulletins published then that name a
   * port (each bulletin once), and in the bulletins of the visible sightings then (each sighting).
   */
  origins: z.array(
    z.object({
      quarter: z.string(),
      country: z.string(),
      bulletins: z.number().int(),
      sightings: z.number().int(),
    }),
  ),
});
export type Waterbed = z.infer<typeof Waterbed>;

/** The figures an indicator is computed from (none: sightings). */
export const figuresOf = (indicator: WaterbedIndicator): IndicatorName[] =>
  indicator === 'sightings' || indicator === 'bulletins'
    ? []
    : indicator === 'scanRate'
      ? ['containersScanned', 'containersHandledTeu']
      : indicator === 'riskOriginScanRate'
        ? ['riskOriginScanned', 'riskOriginContainers']
        : [indicator];

/** Percentage points of the alliance total a share must move by to be named (0.05: five points). */
export const defaultShiftThreshold = 0.05;

/** A restricted figure a view showed (counted, or in a rate): whose, which quarter, its label. */
export interface RestrictedFigureShown {
  organisationId: string;
  quarter: Quarter;
  tlp: Figure['tlp'];
}

/** Who is looking, and where the view notes the restricted figures it used (for the audit trail). */
interface Seeing {
  viewer: Viewer;
  viewerKind: OrganisationKind | undefined;
  shown: RestrictedFigureShown[];
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

/** The value of one indicator at one port in one quarter, from what the viewer may see only. */
function indicatorValue(
  see: Seeing,
  port: PortAggregate | undefined,
  quarter: Quarter,
  indicator: WaterbedIndicator,
  category: string | null,
): number | null {
  if (indicator === 'sightings') {
    let n = 0;
    for (const s of port?.sightings[quarter] ?? []) {
      if (category && !s.bulletin.categories.includes(category)) continue;
      if (canSee(see.viewer, s.bulletin)) n += s.count;
    }
    return n;
  }
  if (indicator === 'bulletins') {
    let n = 0;
    for (const b of port?.named[quarter] ?? []) {
      if (category && !b.categories.includes(category)) continue;
      if (canSee(see.viewer, b)) n++;
    }
    return n;
  }
  const report = port?.reports[quarter];
  if (!report || report.length === 0) return null;
  if (indicator === 'scanRate')
    return ratio(
      visibleFigure(see, report, quarter, 'containersScanned'),
      visibleFigure(see, report, quarter, 'containersHandledTeu'),
    );
  if (indicator === 'riskOriginScanRate')
    return ratio(
      visibleFigure(see, report, quarter, 'riskOriginScanned'),
      visibleFigure(see, report, quarter, 'riskOriginContainers'),
    );
  return visibleFigure(see, report, quarter, indicator);
}

/**
 * One figure of a port and quarter, from the reports the viewer may see it in: when several
 * organisations report it (the port authority, an agency working with it), the most recently
 * reported visible one, ties to the first organisation id. A function of its own, not a closure
 * made in indicatorValue: the page asks once per port and quarter (1,600 times for 40 × 40), and
 * under tsx (`npm start`) every named closure made is also given its name at run time, which cost
 * more than the lookup itself (docs/waterbed.md).
 */
function visibleFigure(
  see: Seeing,
  reports: readonly ReportAggregate[],
  quarter: Quarter,
  name: IndicatorName,
): number | null {
  let chosen: ReportAggregate | null = null;
  let figure: Figure | null = null;
  for (const report of reports) {
    const f = report.figures[name];
    if (!f || !figureVisible(see.viewer, see.viewerKind, report.source, f.tlp)) continue;
    if (chosen && !reportedAfter(report, chosen)) continue;
    chosen = report;
    figure = f;
  }
  if (!chosen || !figure) return null;
  if (isRestricted(figure.tlp))
    see.shown.push({ organisationId: chosen.source.organisationId, quarter, tlp: figure.tlp });
  return figure.value;
}

const reportedAfter = (a: ReportAggregate, b: ReportAggregate) => {
  const at = (a.reportedAt ?? '').localeCompare(b.reportedAt ?? '');
  return at > 0 || (at === 0 && a.source.organisationId < b.source.organisationId);
};

/** The waterbed as one viewer may see it. */
export function waterbedView(input: {
  viewer: Viewer;
  viewerKind: OrganisationKind | undefined;
  directory: readonly DirectoryPort[];
  aggregates: readonly PortAggregate[];
  harmonization: readonly ChecklistHarmonization[];
  indicator: WaterbedIndicator;
  category: string | null;
  quarters: readonly Quarter[];
  threshold: number;
  /** Where to note the restricted figures the view used, for the read's audit events. */
  shown?: RestrictedFigureShown[];
}): Waterbed {
  const see: Seeing = { viewer: input.viewer, viewerKind: input.viewerKind, shown: input.shown ?? [] };
  const byLocode = new Map(input.aggregates.map((a) => [a.locode, a]));
  const members = new Map(input.directory.map((p) => [p.locode, p]));
  // Every member port; a port outside the alliance only when a sighting there, or a bulletin
  // naming it, is visible.
  const locodes = new Set(members.keys());
  const spread = new Map<string, { reported: Set<string>; seen: Set<string> }>();
  const spreadAt = (category: string, quarter: Quarter) => {
    const key = `${category}\u0000${quarter}`;
    const known = spread.get(key);
    if (known) return known;
    const entry = { reported: new Set<string>(), seen: new Set<string>() };
    spread.set(key, entry);
    return entry;
  };
  const origins = new Map<string, { bulletins: Set<string>; sightings: number }>();
  const originAt = (quarter: Quarter, country: string) => {
    const key = `${quarter}\u0000${country}`;
    const known = origins.get(key);
    if (known) return known;
    const entry = { bulletins: new Set<string>(), sightings: 0 };
    origins.set(key, entry);
    return entry;
  };
  // By the quarters each port has sightings or naming bulletins in (few), not by every asked
  // quarter of every port.
  const asked = new Set(input.quarters);
  for (const agg of input.aggregates) {
    for (const q in agg.sightings) {
      if (!asked.has(q)) continue;
      for (const s of agg.sightings[q]!) {
        if (!canSee(input.viewer, s.bulletin)) continue;
        locodes.add(agg.locode);
        for (const cat of s.bulletin.categories) spreadAt(cat, q).seen.add(agg.locode);
        for (const country of s.bulletin.originCountries) originAt(q, country).sightings += s.count;
      }
    }
    for (const q in agg.named) {
      if (!asked.has(q)) continue;
      for (const b of agg.named[q]!) {
        if (!canSee(input.viewer, b)) continue;
        locodes.add(agg.locode);
        for (const cat of b.categories) spreadAt(cat, q).reported.add(agg.locode);
        for (const country of b.originCountries) originAt(q, country).bulletins.add(b.id);
      }
    }
  }
  const ports = [...locodes].sort().map((locode) => {
    const member = members.get(locode);
    const quarters: Record<string, number | null> = {};
    for (const q of input.quarters)
      quarters[q] = indicatorValue(see, byLocode.get(locode), q, input.indicator, input.category);
    return {
      organisationId: member?.organisationId ?? null,
      locode,
      name: member?.name ?? locode,
      ...positionOf(locode),
      quarters,
      deficit: visibleDeficit(see, input.harmonization, member?.organisationId ?? null),
    };
  });
  return {
    indicator: input.indicator,
    category: input.category,
    quarters: [...input.quarters],
    ports,
    signals: shiftSignals(ports, input.quarters, input.indicator, input.threshold),
    spread: [...spread]
      .map(([key, { reported, seen }]) => {
        const [category, quarter] = key.split('\u0000') as [string, string];
        return {
          category,
          quarter,
          ports: [...new Set([...reported, ...seen])].sort(),
          reported: [...reported].sort(),
          seen: [...seen].sort(),
        };
      })
      .sort((a, b) => a.quarter.localeCompare(b.quarter) || a.category.localeCompare(b.category)),
    origins: [...origins]
      .map(([key, { bulletins, sightings }]) => {
        const [quarter, country] = key.split('\u0000') as [string, string];
        return { quarter, country, bulletins: bulletins.size, sightings };
      })
      .sort((a, b) => a.quarter.localeCompare(b.quarter) || a.country.localeCompare(b.country)),
  };
}

const distance = (
  a: { lat: number | null; lon: number | null },
  b: { lat: number | null; lon: number | null },
) =>
  a.lat === null || a.lon === null || b.lat === null || b.lon === null
    ? Number.POSITIVE_INFINITY
    : Math.hypot(a.lat - b.lat, (a.lon - b.lon) * Math.cos(((a.lat + b.lat) / 360) * Math.PI));

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * Shift signals between each pair of consecutive quarters: a port whose share of the alliance
 * total rose by more than `threshold` while at least one other port's share fell by more than
 * `threshold`. The total counts only ports with a value in both quarters (comparable ports), so a
 * port that starts or stops reporting moves no one's share. Falling ports are listed nearest
 * first (the neighbour the traffic may have left).
 */
export function shiftSignals(
  ports: readonly Pick<WaterbedPort, 'locode' | 'name' | 'lat' | 'lon' | 'quarters'>[],
  quarters: readonly Quarter[],
  indicator: string,
  threshold: number,
): ShiftSignal[] {
  // Each port's values as an array by quarter index, read from its record once: the loops below
  // visit every port for every pair of quarters (40 × 39 for the largest page), and a lookup by
  // quarter string in a 40-key record, several per visit, was most of the page's view time
  // (docs/waterbed.md, "Measurements").
  const series = ports.map((p) =>
    quarters.map((q) => {
      const v = p.quarters[q];
      return typeof v === 'number' ? v : null;
    }),
  );
  const signals: ShiftSignal[] = [];
  for (let i = 1; i < quarters.length; i++) {
    const from = quarters[i - 1]!;
    const to = quarters[i]!;
    // Comparable ports: a value in both quarters. Totals summed in port order, as shares are.
    let comparable = 0;
    let totalBefore = 0;
    let totalAfter = 0;
    for (const values of series) {
      const before = values[i - 1];
      const after = values[i];
      if (before === null || before === undefined || after === null || after === undefined) continue;
      comparable++;
      totalBefore += before;
      totalAfter += after;
    }
    if (comparable < 2 || totalBefore <= 0 || totalAfter <= 0) continue;
    const falling: { port: (typeof ports)[number]; share: PortShare }[] = [];
    const rising: number[] = [];
    for (let p = 0; p < series.length; p++) {
      const before = series[p]![i - 1];
      const after = series[p]![i];
      if (before === null || before === undefined || after === null || after === undefined) continue;
      const move = after / totalAfter - before / totalBefore;
      if (-move > threshold)
        falling.push({
          port: ports[p]!,
          share: portShare(ports[p]!, before, after, totalBefore, totalAfter),
        });
      if (move > threshold) rising.push(p);
    }
    if (falling.length === 0) continue;
    for (const p of rising) {
      const share = portShare(ports[p]!, series[p]![i - 1]!, series[p]![i]!, totalBefore, totalAfter);
      signals.push(shiftSignal({ indicator, from, to, threshold }, { port: ports[p]!, share }, falling));
    }
  }
  return signals;
}

type Placed = { locode: string; lat: number | null; lon: number | null };

/**
 * One signal between two quarters: the rising port's share, the falling ports' nearest first (the
 * neighbour the traffic may have left), and the sentence that says it.
 */
export function shiftSignal<P extends Placed>(
  between: { indicator: string; from: Quarter; to: Quarter; threshold: number },
  rising: { port: P; share: PortShare },
  falling: readonly { port: P; share: PortShare }[],
): ShiftSignal {
  const { indicator, from, to, threshold } = between;
  const nearest = [...falling].sort(
    (a, b) =>
      distance(rising.port, a.port) - distance(rising.port, b.port) ||
      a.port.locode.localeCompare(b.port.locode),
  );
  const r = rising.share;
  const f = nearest[0]!.share;
  return {
    indicator,
    from,
    to,
    rising: r,
    falling: nearest.map((n) => n.share),
    threshold,
    text: `${r.name}: share of ${indicator} rose from ${percent(r.shareBefore)} to ${percent(r.shareAfter)} between ${from} and ${to} while ${f.name} fell from ${percent(f.shareBefore)} to ${percent(f.shareAfter)}. A signal to look at, not a finding.`,
  };
}

function portShare(
  port: { locode: string; name: string },
  before: number,
  after: number,
  totalBefore: number,
  totalAfter: number,
): PortShare {
  return {
    locode: port.locode,
    name: port.name,
    before,
    after,
    shareBefore: before / totalBefore,
    shareAfter: after / totalAfter,
  };
}

export const waterbedCsvColumns = (quarters: readonly Quarter[]) => [
  'organisationId',
  'locode',
  'name',
  'lat',
  'lon',
  'deficit',
  ...quarters,
];
export const waterbedCsvRows = (view: Waterbed) =>
  view.ports.map((p) => ({ ...p, deficit: p.deficit === null ? null : p.deficit.toFixed(3), ...p.quarters }));
