import { describe, expect, it } from 'vitest';
import {
  figureVisible,
  IndicatorReportInput,
  quarterOf,
  quarterPlus,
  quartersBetween,
} from '../../shared/indicators';
import type { Viewer } from '../../shared/viewer';
import {
  decodeReportAggregate,
  encodeReportAggregate,
  type ReportAggregate,
  shiftSignals,
} from '../../shared/waterbed';

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

  it('a move below the threshold is not named', () => {
    const ports = [port('BEANR', 51, 4, [100, 97, 97]), port('NLRTM', 52, 4, [100, 103, 103])];
    expect(shiftSignals(ports, quarters, 'seizures', 0.05)).toEqual([]);
    expect(shiftSignals(ports, quarters, 'seizures', 0.01)).toHaveLength(1);
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

  it('leaves a figure not reported missing', () => {
    const decoded = decodeReportAggregate(encodeReportAggregate({ ...aggregate, figures: {} }));
    expect(decoded.figures).toEqual({});
    expect('cocaineSeizedKg' in decoded.figures).toBe(false);
  });

  it('still reads an entry written as a map before the string form', () => {
    expect(decodeReportAggregate(structuredClone(aggregate))).toEqual(aggregate);
  });
});
