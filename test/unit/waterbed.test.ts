import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  figureVisible,
  IndicatorReportInput,
  nextReport,
  type Quarter,
  quarterOf,
  quarterPlus,
  quartersBetween,
  requireReportable,
} from '../../shared/indicators';
import type { Viewer } from '../../shared/viewer';
import {
  decodeReportAggregate,
  encodeReportAggregate,
  type ReportAggregate,
  type ShiftSignal,
  shiftSignal,
  shiftSignals,
  type WaterbedPort,
  waterbedView,
} from '../../shared/waterbed';
import { refusalOf } from '../support/refusals';

const port = (locode: string, lat: number, lon: number, values: (number | null)[]) => ({
  locode,
  name: locode,
  lat,
  lon,
  quarters: Object.fromEntries(values.map((v, i) => [`2025-Q${i + 1}`, v])),
});
const quarters = ['2025-Q1', '2025-Q2', '2025-Q3'];

describe('shift signal', () => {
  it('names a port whose share rose while a neighbour’s fell, with the numbers', () => {
    const signals = shiftSignals(
      [
        port('BEANR', 51.27, 4.33, [1000, 1000, 300]),
        port('NLRTM', 51.95, 4.13, [800, 800, 1500]),
        port('GRPIR', 37.94, 23.63, [200, 200, 200]),
      ],
      quarters,
      'seizures',
      0.05,
    );
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ from: '2025-Q2', to: '2025-Q3', rising: { locode: 'NLRTM' } });
    expect(signals[0]!.falling[0]!.locode).toBe('BEANR');
    expect(signals[0]!.rising.shareBefore).toBeCloseTo(0.4);
    expect(signals[0]!.rising.shareAfter).toBeCloseTo(0.75);
  });

  it('no shift, no signal; growth everywhere is no shift', () => {
    const flat = [port('BEANR', 51, 4, [10, 10, 10]), port('NLRTM', 52, 4, [20, 20, 20])];
    expect(shiftSignals(flat, quarters, 'seizures', 0.05)).toEqual([]);
    const growth = [port('BEANR', 51, 4, [10, 20, 40]), port('NLRTM', 52, 4, [20, 40, 80])];
    expect(shiftSignals(growth, quarters, 'seizures', 0.05)).toEqual([]);
  });

  it('a port that starts or stops reporting moves no share: only comparable ports count', () => {
    const ports = [
      port('BEANR', 51, 4, [100, 100, null]),
      port('NLRTM', 52, 4, [100, 100, 100]),
      port('DEHAM', 53, 10, [null, 100, 100]),
    ];
    expect(shiftSignals(ports, quarters, 'seizures', 0.05)).toEqual([]);
  });

  it('lists the falling ports nearest to the rising one first, and says the shift as a signal', () => {
    const share = (locode: string, name: string, shareBefore: number, shareAfter: number) => ({
      locode,
      name,
      before: shareBefore * 100,
      after: shareAfter * 100,
      shareBefore,
      shareAfter,
    });
    const placed = (locode: string, lat: number | null, lon: number | null) => ({ locode, lat, lon });
    const signal = shiftSignal(
      { indicator: 'seizures', from: '2025-Q2', to: '2025-Q3', threshold: 0.05 },
      { port: placed('NLRTM', 51.95, 4.14), share: share('NLRTM', 'Rotterdam', 0.4, 0.75) },
      [
        { port: placed('DEHAM', 53.54, 9.97), share: share('DEHAM', 'Hamburg', 0.3, 0.1) },
        { port: placed('XXNOP', null, null), share: share('XXNOP', 'Unplaced', 0.1, 0) },
        { port: placed('BEANR', 51.26, 4.4), share: share('BEANR', 'Antwerp', 0.2, 0.15) },
      ],
    );
    expect(signal.falling.map((f) => f.locode)).toEqual(['BEANR', 'DEHAM', 'XXNOP']);
    expect(signal.text).toBe(
      'Rotterdam: share of seizures rose from 40.0% to 75.0% between 2025-Q2 and 2025-Q3 while Antwerp fell from 20.0% to 15.0%. A signal to look at, not a finding.',
    );
  });

  it('a move below the threshold is not named', () => {
    const ports = [port('BEANR', 51, 4, [100, 97, 97]), port('NLRTM', 52, 4, [100, 103, 103])];
    expect(shiftSignals(ports, quarters, 'seizures', 0.05)).toEqual([]);
    expect(shiftSignals(ports, quarters, 'seizures', 0.01)).toHaveLength(1);
  });
});

/**
 * The rule of shared/waterbed.ts `shiftSignals` written plainly (its first form, before the
 * quarter-indexed loops that made the 40 × 40 page's view cheaper): the property below holds the
 * fast form to it, output for output. Which ports signal is the rule under test; how one signal is
 * put (nearest falling port first, its sentence) is the view's own `shiftSignal`, tested above.
 */
function shiftSignalsAsStated(
  ports: readonly Pick<WaterbedPort, 'locode' | 'name' | 'lat' | 'lon' | 'quarters'>[],
  quarters: readonly Quarter[],
  indicator: string,
  threshold: number,
): ShiftSignal[] {
  const signals: ShiftSignal[] = [];
  for (let i = 1; i < quarters.length; i++) {
    const from = quarters[i - 1]!;
    const to = quarters[i]!;
    const comparable = ports.filter(
      (p) => typeof p.quarters[from] === 'number' && typeof p.quarters[to] === 'number',
    );
    if (comparable.length < 2) continue;
    const totalBefore = comparable.reduce((s, p) => s + (p.quarters[from] as number), 0);
    const totalAfter = comparable.reduce((s, p) => s + (p.quarters[to] as number), 0);
    if (totalBefore <= 0 || totalAfter <= 0) continue;
    const shares = comparable.map((p) => ({
      port: p,
      share: {
        locode: p.locode,
        name: p.name,
        before: p.quarters[from] as number,
        after: p.quarters[to] as number,
        shareBefore: (p.quarters[from] as number) / totalBefore,
        shareAfter: (p.quarters[to] as number) / totalAfter,
      },
    }));
    const falling = shares.filter((s) => s.share.shareBefore - s.share.shareAfter > threshold);
    if (falling.length === 0) continue;
    for (const rise of shares) {
      if (rise.share.shareAfter - rise.share.shareBefore <= threshold) continue;
      signals.push(shiftSignal({ indicator, from, to, threshold }, rise, falling));
    }
  }
  return signals;
}

const someQuarters = ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2'];
const somePort = fc.record({
  locode: fc.constantFrom('BEANR', 'NLRTM', 'DEHAM', 'ESALG', 'FRMRS', 'GRPIR', 'XXNOP'),
  lat: fc.option(fc.double({ min: 30, max: 60, noNaN: true }), { nil: null }),
  lon: fc.option(fc.double({ min: -10, max: 30, noNaN: true }), { nil: null }),
  // Small values too, so that ties, zero totals and moves exactly at the threshold come up.
  values: fc.array(
    fc.option(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 1000 })), {
      nil: null,
      freq: 4,
    }),
    {
      minLength: someQuarters.length,
      maxLength: someQuarters.length,
    },
  ),
});

describe('shift signal, as stated', () => {
  it('gives exactly what the plain statement of the rule gives, for any ports, values and threshold', () => {
    let withSignals = 0;
    fc.assert(
      fc.property(
        fc.array(somePort, { maxLength: 8 }),
        fc.constantFrom(0, 0.01, 0.05, 0.2),
        fc.integer({ min: 1, max: someQuarters.length }),
        (generated, threshold, asked) => {
          const quarters = someQuarters.slice(0, asked);
          const ports = generated.map((p, i) => ({
            locode: `${p.locode}${i}`,
            name: `Port ${i}`,
            lat: p.lat,
            lon: p.lon,
            quarters: Object.fromEntries(p.values.map((v, q) => [someQuarters[q]!, v])),
          }));
          const expected: ShiftSignal[] = shiftSignalsAsStated(ports, quarters, 'seizures', threshold);
          expect(shiftSignals(ports, quarters, 'seizures', threshold)).toEqual(expected);
          if (expected.length > 0) withSignals++;
        },
      ),
      { numRuns: 500 },
    );
    // The comparison means something only if many generated cases name a shift.
    expect(withSignals).toBeGreaterThan(100);
  });
});

describe('indicators', () => {
  it('quarters', () => {
    expect(quarterOf('2026-08-14')).toBe('2026-Q3');
    expect(quarterOf('2026-01-01T00:00:00Z')).toBe('2026-Q1');
    expect(quarterPlus('2026-Q1', -1)).toBe('2025-Q4');
    expect(quartersBetween('2025-Q3', '2026-Q2')).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
  });

  it('a report is any subset of the nine figures; RED, negatives and unknown figures are refused', () => {
    expect(IndicatorReportInput.parse({ figures: {} })).toEqual({ figures: {}, note: '', sharedWith: [] });
    expect(
      IndicatorReportInput.safeParse({ figures: { seizures: { value: 1, tlp: 'TLP:RED' } } }).success,
    ).toBe(false);
    expect(
      IndicatorReportInput.safeParse({ figures: { seizures: { value: -1, tlp: 'TLP:CLEAR' } } }).success,
    ).toBe(false);
    expect(
      IndicatorReportInput.safeParse({ figures: { tonnes: { value: 1, tlp: 'TLP:CLEAR' } } }).success,
    ).toBe(false);
  });

  const viewer = (organisationId: string, role: Viewer['role'] = 'reader'): Viewer => ({
    memberId: `m-${organisationId}`,
    email: 'x@example.org',
    organisationId,
    role,
  });
  const source = { organisationId: 'rotterdam', memberId: 'ruth-rotterdam', sharedWith: ['antwerp'] };

  it.each([
    ['rotterdam', undefined, 'TLP:AMBER', true],
    ['antwerp', undefined, 'TLP:AMBER', true],
    ['commission', 'commission', 'TLP:AMBER', true],
    ['hamburg', undefined, 'TLP:AMBER', false],
    ['hamburg', 'port_authority', 'TLP:AMBER+STRICT', false],
    ['hamburg', 'port_authority', 'TLP:GREEN', true],
    // A member organisation that calls itself "commission" by id is no Commission: the kind decides.
    ['commission', 'port_authority', 'TLP:AMBER', false],
  ] as const)('%s (%s) sees a %s figure: %s', (org, kind, tlp, expected) => {
    expect(figureVisible(viewer(org), kind, source, tlp)).toBe(expected);
  });
});

describe('reporting a quarter', () => {
  const ruth: Viewer = {
    memberId: 'ruth-rotterdam',
    email: 'ruth@rotterdam.example',
    organisationId: 'rotterdam',
    role: 'contributor',
  };
  const rotterdam = { id: 'rotterdam', unlocode: 'NLRTM' };
  const at = new Date('2026-04-01T00:00:00.000Z');
  const input = IndicatorReportInput.parse({
    figures: { seizures: { value: 12, tlp: 'TLP:GREEN' } },
    sharedWith: ['antwerp'],
  });

  it('is for the organisation’s own contributors, of a quarter that has begun (its first moment included)', () => {
    expect(() => requireReportable(ruth, 'rotterdam', '2026-Q2', at)).not.toThrow();
    const reader = refusalOf(() =>
      requireReportable({ ...ruth, role: 'reader' }, 'rotterdam', '2026-Q2', at),
    );
    expect(reader.reason).toBe('forbidden');
    expect(refusalOf(() => requireReportable(ruth, 'antwerp', '2026-Q1', at)).reason).toBe('forbidden');
    const early = refusalOf(() => requireReportable(ruth, 'rotterdam', '2026-Q3', at));
    expect([early.reason, early.message, early.fields.map((f) => f.field)]).toEqual([
      'invalid',
      '2026-Q3 has not begun yet.',
      ['quarter'],
    ]);
  });

  it('is the first revision at the organisation’s port, then the next one after each correction', () => {
    const first = nextReport(rotterdam, '2026-Q1', input, undefined, { viewer: ruth, at });
    expect(first).toEqual({
      organisationId: 'rotterdam',
      locode: 'NLRTM',
      quarter: '2026-Q1',
      figures: { seizures: { value: 12, tlp: 'TLP:GREEN' } },
      note: '',
      sharedWith: ['antwerp'],
      revision: 1,
      reportedAt: '2026-04-01T00:00:00.000Z',
      reportedBy: { memberId: 'ruth-rotterdam', email: 'ruth@rotterdam.example' },
    });
    expect(
      nextReport(rotterdam, '2026-Q1', input, first, { viewer: ruth, at, expectedRevision: 1 }).revision,
    ).toBe(2);
    expect(
      nextReport(rotterdam, '2026-Q1', input, null, { viewer: ruth, at, expectedRevision: 0 }).revision,
    ).toBe(1);
  });

  it('is refused for an organisation without a port, and when the revision seen is no longer current', () => {
    const noPort = refusalOf(() =>
      nextReport({ id: 'customs-nl' }, '2026-Q1', input, undefined, { viewer: ruth, at }),
    );
    expect(noPort.reason).toBe('conflict');
    const stale = refusalOf(() =>
      nextReport(rotterdam, '2026-Q1', input, { revision: 3 }, { viewer: ruth, at, expectedRevision: 2 }),
    );
    expect([stale.reason, stale.message]).toEqual(['stale', 'The quarter is at revision 3, not 2.']);
    expect(
      refusalOf(() =>
        nextReport(rotterdam, '2026-Q1', input, undefined, { viewer: ruth, at, expectedRevision: 1 }),
      ).reason,
    ).toBe('stale');
  });
});

describe("a report's entry on the waterbed aggregate", () => {
  const aggregate: ReportAggregate = {
    source: { organisationId: 'rotterdam', memberId: 'm-1', sharedWith: ['antwerp'] },
    figures: {
      containersScanned: { value: 1200, tlp: 'TLP:GREEN' },
      cocaineSeizedKg: { value: 0, tlp: 'TLP:AMBER' },
    },
  };

  it('is stored as one short string and read back whole, a zero kept as a zero', () => {
    const stored = encodeReportAggregate(aggregate);
    expect(typeof stored).toBe('string');
    expect(stored).toBe(
      '["rotterdam","m-1",["antwerp"],[["containersScanned",1200,"TLP:GREEN"],["cocaineSeizedKg",0,"TLP:AMBER"]]]',
    );
    expect(decodeReportAggregate(stored)).toEqual(aggregate);
  });

  it('keeps when it was reported, and reads entries from before that as undated', () => {
    const dated = { ...aggregate, reportedAt: '2025-02-01T09:00:00.000Z' };
    const stored = encodeReportAggregate(dated);
    expect(stored.endsWith(',"2025-02-01T09:00:00.000Z"]')).toBe(true);
    expect(decodeReportAggregate(stored)).toEqual(dated);
    expect(decodeReportAggregate(encodeReportAggregate(aggregate))).not.toHaveProperty('reportedAt');
  });

  it('leaves a figure not reported missing', () => {
    const decoded = decodeReportAggregate(encodeReportAggregate({ ...aggregate, figures: {} }));
    expect(decoded.figures).toEqual({});
    expect('cocaineSeizedKg' in decoded.figures).toBe(false);
  });

  it('still reads an entry written as a map before the string form', () => {
    expect(decodeReportAggregate(structuredClone(aggregate))).toEqual(aggregate);
  });
});

describe('the view’s sightings', () => {
  const seen = (quarter: string, country: string) => ({
    bulletin: {
      id: `b-${quarter}`,
      tlp: 'TLP:GREEN' as const,
      status: 'published' as const,
      authorId: 'ben',
      authorOrganisationId: 'org-rotterdam',
      recipients: { organisations: [], members: [] },
      categories: ['reefer-machinery'],
      originCountries: [country],
    },
    count: 2,
  });
  const view = (quarters: string[]) =>
    waterbedView({
      viewer: { memberId: 'clara', email: 'c@x', organisationId: 'org-commission', role: 'reader' },
      viewerKind: 'commission',
      directory: [{ organisationId: 'org-rotterdam', locode: 'NLRTM', name: 'Rotterdam' }],
      aggregates: [
        { locode: 'NLRTM', reports: {}, sightings: { '2024-Q4': [seen('2024-Q4', 'EC')] }, named: {} },
        { locode: 'PECLL', reports: {}, sightings: { '2025-Q1': [seen('2025-Q1', 'PE')] }, named: {} },
      ],
      harmonization: [],
      indicator: 'sightings',
      category: null,
      quarters,
      threshold: 0.05,
    });

  it('counts only the asked quarters: spread, origins and ports outside the alliance', () => {
    const q4 = view(['2024-Q4']);
    expect(q4.ports.map((p) => [p.locode, p.quarters])).toEqual([['NLRTM', { '2024-Q4': 2 }]]);
    expect(q4.spread).toEqual([
      { category: 'reefer-machinery', quarter: '2024-Q4', ports: ['NLRTM'], reported: [], seen: ['NLRTM'] },
    ]);
    expect(q4.origins).toEqual([{ quarter: '2024-Q4', country: 'EC', bulletins: 0, sightings: 2 }]);
    const both = view(['2024-Q4', '2025-Q1']);
    expect(both.ports.map((p) => p.locode)).toEqual(['NLRTM', 'PECLL']);
    expect(both.origins).toEqual([
      { quarter: '2024-Q4', country: 'EC', bulletins: 0, sightings: 2 },
      { quarter: '2025-Q1', country: 'PE', bulletins: 0, sightings: 2 },
    ]);
    expect(view(['2025-Q2']).spread).toEqual([]);
  });

  it('counts the bulletins naming a port in their quarter: reported in the spread, each bulletin once in the origins', () => {
    const bulletin = (id: string, tlp: 'TLP:GREEN' | 'TLP:AMBER') => ({
      ...seen('2025-Q1', 'EC').bulletin,
      id,
      tlp,
      recipients: { organisations: ['org-hamburg'], members: [] },
    });
    const named = (viewer: string, kind: 'commission' | 'port_authority') =>
      waterbedView({
        viewer: { memberId: viewer, email: 'v@x', organisationId: viewer, role: 'reader' },
        viewerKind: kind,
        directory: [{ organisationId: 'org-rotterdam', locode: 'NLRTM', name: 'Rotterdam' }],
        aggregates: ['NLRTM', 'BEANR'].map((locode) => ({
          locode,
          reports: {},
          sightings: {},
          named: { '2025-Q1': [bulletin('green', 'TLP:GREEN'), bulletin('amber', 'TLP:AMBER')] },
        })),
        harmonization: [],
        indicator: 'bulletins',
        category: null,
        quarters: ['2025-Q1'],
        threshold: 0.05,
      });
    const hamburg = named('org-hamburg', 'port_authority');
    expect(hamburg.ports.map((p) => [p.locode, p.quarters['2025-Q1']])).toEqual([
      ['BEANR', 2],
      ['NLRTM', 2],
    ]);
    expect(hamburg.spread).toEqual([
      {
        category: 'reefer-machinery',
        quarter: '2025-Q1',
        ports: ['BEANR', 'NLRTM'],
        reported: ['BEANR', 'NLRTM'],
        seen: [],
      },
    ]);
    expect(hamburg.origins).toEqual([{ quarter: '2025-Q1', country: 'EC', bulletins: 2, sightings: 0 }]);
    // Outside the AMBER bulletin's recipients: only the GREEN one counts.
    const valencia = named('org-valencia', 'port_authority');
    expect(valencia.ports.map((p) => p.quarters['2025-Q1'])).toEqual([1, 1]);
    expect(valencia.origins).toEqual([{ quarter: '2025-Q1', country: 'EC', bulletins: 1, sightings: 0 }]);
  });
});

describe('a port reported by several organisations', () => {
  const report = (
    organisationId: string,
    value: number,
    tlp: 'TLP:GREEN' | 'TLP:AMBER',
    reportedAt?: string,
  ) => ({
    source: { organisationId, memberId: `m-${organisationId}`, sharedWith: [] },
    figures: { seizures: { value, tlp } },
    ...(reportedAt ? { reportedAt } : {}),
  });
  const seizures = (viewerOrganisation: string, reports: ReturnType<typeof report>[]) =>
    waterbedView({
      viewer: { memberId: 'v', email: 'v@x', organisationId: viewerOrganisation, role: 'reader' },
      viewerKind: 'port_authority',
      directory: [{ organisationId: 'rotterdam', locode: 'NLRTM', name: 'Rotterdam' }],
      aggregates: [{ locode: 'NLRTM', reports: { '2025-Q1': reports }, sightings: {}, named: {} }],
      harmonization: [],
      indicator: 'seizures',
      category: null,
      quarters: ['2025-Q1'],
      threshold: 0.05,
    }).ports[0]!.quarters['2025-Q1'];

  it('counts the most recently reported figure; a tie goes to the first organisation id', () => {
    const port = report('rotterdam', 10, 'TLP:GREEN', '2025-02-01T00:00:00.000Z');
    const police = report('nl-seaport-police', 12, 'TLP:GREEN', '2025-03-01T00:00:00.000Z');
    expect(seizures('hamburg', [port, police])).toBe(12);
    expect(seizures('hamburg', [police, port])).toBe(12);
    const sameTime = { ...police, reportedAt: port.reportedAt };
    expect(seizures('hamburg', [port, sameTime])).toBe(12);
    // Entries from before dates were kept count as the oldest.
    expect(seizures('hamburg', [report('rotterdam', 7, 'TLP:GREEN'), port])).toBe(10);
  });

  it('chooses among the figures the viewer may see only: a newer hidden one does not hide an older visible one', () => {
    const port = report('rotterdam', 10, 'TLP:GREEN', '2025-02-01T00:00:00.000Z');
    const police = report('nl-seaport-police', 12, 'TLP:AMBER', '2025-03-01T00:00:00.000Z');
    expect(seizures('hamburg', [police, port])).toBe(10);
    expect(seizures('nl-seaport-police', [police, port])).toBe(12);
    expect(seizures('hamburg', [police])).toBeNull();
  });
});
