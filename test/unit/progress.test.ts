import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CountedAnswers,
  type Counters,
  counter,
  countersFrom,
  type DirectoryEntry,
  dayDelta,
  harmonizationDeficit,
  type ItemStatus,
  memberProgress,
  progressDelta,
  progressOverview,
  toCsv,
  trafficLight,
  versionScoreboard,
} from '../../shared';
import { threeItems, threeItemVersion } from '../support/checklist-version';

const items = threeItems;
const version = threeItemVersion;
const answers = (kind: string, country: string, statuses: ItemStatus[]): CountedAnswers => ({
  organisationKind: kind,
  country,
  items: statuses.map((status, i) => ({ itemId: items[i]!.id, status })),
});

const add = (into: Counters, delta: Counters) => {
  for (const [k, v] of Object.entries(delta)) into[k] = (into[k] ?? 0) + v;
};
const withoutZeros = (c: Counters) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== 0));

describe('counter deltas', () => {
  it('counts a first submission fully', () => {
    const delta = progressDelta(
      version,
      null,
      answers('port_authority', 'BE', ['implemented', 'not_applicable', 'in_progress']),
    );
    expect(delta).toEqual({
      ack: 1,
      'ack|kind|port_authority': 1,
      'ack|country|BE': 1,
      'item|A|implemented': 1,
      'item|B|not_applicable': 1,
      'item|C|in_progress': 1,
      'mand|implemented': 1,
      'mand|not_applicable': 1,
      'mand|implemented|kind|port_authority': 1,
      'mand|implemented|country|BE': 1,
      'mand|not_applicable|kind|port_authority': 1,
      'mand|not_applicable|country|BE': 1,
    });
  });

  it('moves only what changed on a re-submission and never counts the organisation twice', () => {
    const before = answers('port_authority', 'BE', ['implemented', 'in_progress', 'in_progress']);
    const after = answers('port_authority', 'BE', ['implemented', 'implemented', 'in_progress']);
    expect(progressDelta(version, before, after)).toEqual({
      'item|B|in_progress': -1,
      'item|B|implemented': 1,
      'mand|in_progress': -1,
      'mand|implemented': 1,
      'mand|implemented|kind|port_authority': 1,
      'mand|implemented|country|BE': 1,
    });
    expect(dayDelta(version, before, after)).toEqual({ submissions: 1, 'mand|implemented': 1 });
    expect(dayDelta(version, null, after)).toEqual({ submissions: 1, ack: 1, 'mand|implemented': 2 });
  });

  it('sums to a recomputation over any sequence of submissions and re-submissions', () => {
    const status = fc.constantFrom<ItemStatus>(
      'implemented',
      'in_progress',
      'not_implemented',
      'not_applicable',
    );
    const submission = fc.record({
      org: fc.integer({ min: 0, max: 5 }),
      statuses: fc.array(status, { minLength: 3, maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(submission, { maxLength: 30 }), (subs) => {
        const current = new Map<number, CountedAnswers>();
        const running: Counters = {};
        for (const s of subs) {
          const next = answers(
            s.org % 2 ? 'port_authority' : 'shipping_company',
            `C${s.org % 3}`,
            s.statuses,
          );
          add(running, progressDelta(version, current.get(s.org) ?? null, next));
          current.set(s.org, next);
        }
        expect(withoutZeros(running)).toEqual(countersFrom(version, [...current.values()]));
      }),
    );
  });
});

describe('deficit and traffic lights', () => {
  it('counts unanswered organisations as not implemented and leaves not_applicable out, after the due date only', () => {
    const input = {
      applicable: 4,
      mandatoryCount: 2,
      implemented: 3,
      notApplicable: 1,
      dueAt: version.dueAt,
    };
    expect(harmonizationDeficit({ ...input, now: new Date('2031-01-01') })).toEqual({
      value: 4 / 7,
      applicablePairs: 7,
      notImplementedPairs: 4,
      due: true,
    });
    expect(harmonizationDeficit({ ...input, now: new Date('2029-06-01') }).value).toBeNull();
    expect(
      harmonizationDeficit({
        ...input,
        applicable: 0,
        implemented: 0,
        notApplicable: 0,
        now: new Date('2031-01-01'),
      }).value,
    ).toBeNull();
  });

  it('colours shares', () => {
    expect([0.95, 0.9, 0.6, 0.2, null].map(trafficLight)).toEqual(['green', 'green', 'amber', 'red', 'none']);
  });
});

const directory: DirectoryEntry[] = [
  { id: 'antwerp', name: 'Port of Antwerp-Bruges', kind: 'port_authority', country: 'BE' },
  { id: 'rotterdam', name: 'Port of Rotterdam', kind: 'port_authority', country: 'NL' },
  { id: 'hamburg', name: 'Port of Hamburg', kind: 'port_authority', country: 'DE' },
  { id: 'northsea-line', name: 'North Sea Line', kind: 'shipping_company', country: 'DK' },
];

describe('scoreboards', () => {
  const antwerp = answers('port_authority', 'BE', ['implemented', 'implemented', 'in_progress']);
  const rotterdam = answers('port_authority', 'NL', ['implemented', 'not_implemented', 'implemented']);
  const counters = countersFrom(version, [antwerp, rotterdam]);

  it('breaks progress down by kind, country and item, with laggards and a cumulative trend', () => {
    const board = versionScoreboard({
      version,
      counters,
      days: [
        { date: '2029-02-02', counters: dayDelta(version, null, rotterdam) },
        { date: '2029-02-01', counters: dayDelta(version, null, antwerp) },
      ],
      acknowledgedBy: new Set(['antwerp', 'rotterdam']),
      directory,
      now: new Date('2030-02-01'),
    });
    expect(board.acknowledged).toBe(2);
    expect(board.applicable).toBe(3);
    expect(board.byKind).toEqual([
      { kind: 'port_authority', acknowledged: 2, applicable: 3, implementedShare: 3 / 6, light: 'amber' },
    ]);
    expect(board.byCountry.map((c) => [c.country, c.acknowledged, c.applicable, c.light])).toEqual([
      ['BE', 1, 1, 'green'],
      ['DE', 0, 1, 'red'],
      ['NL', 1, 1, 'amber'],
    ]);
    expect(board.items.map((i) => [i.itemId, i.implemented, i.inProgress, i.notImplemented])).toEqual([
      ['A', 2, 0, 0],
      ['B', 1, 0, 1],
      ['C', 1, 1, 0],
    ]);
    expect(board.deficit).toEqual({ value: 0.5, applicablePairs: 6, notImplementedPairs: 3, due: true });
    expect(board.trend).toEqual([
      { date: '2029-02-01', submissions: 1, acknowledged: 1, implementedMandatory: 2 },
      { date: '2029-02-02', submissions: 1, acknowledged: 2, implementedMandatory: 3 },
    ]);
    expect(board.laggards.map((l) => [l.organisationId, l.overdue])).toEqual([['hamburg', true]]);
  });

  it('gives other members their own status and averages only once enough organisations answered', () => {
    const few = memberProgress({
      version,
      counters,
      applicable: 3,
      own: { applicable: true, assessment: { ...antwerp, submittedAt: '2029-02-01T00:00:00Z' } },
      now: new Date('2029-03-01'),
    });
    expect(few.own).toEqual({
      status: 'acknowledged',
      submittedAt: '2029-02-01T00:00:00Z',
      implementedShare: 1,
    });
    expect(few.alliance).toBeNull();
    const third = answers('port_authority', 'DE', ['not_implemented', 'not_implemented', 'implemented']);
    const many = memberProgress({
      version,
      counters: countersFrom(version, [antwerp, rotterdam, third]),
      applicable: 3,
      own: { applicable: true, assessment: null },
      now: new Date('2029-03-01'),
    });
    expect(many.own.status).toBe('pending');
    expect(many.alliance?.acknowledgedShare).toBe(1);
    expect(many.alliance?.items.map((i) => i.implementedShare)).toEqual([2 / 3, 1 / 3, 2 / 3]);
    expect(JSON.stringify(many)).not.toContain('rotterdam');
  });

  it('lays out the country-by-checklist grid and lists laggards overdue first', () => {
    const overview = progressOverview({
      checklists: [
        {
          checklistId: 'later',
          current: {
            version: 1,
            title: 'Later',
            appliesTo: ['shipping_company'],
            dueAt: '2031-01-01T00:00:00.000Z',
            itemCount: 1,
            mandatoryCount: 1,
            mandatoryItemIds: ['X'],
            changedCount: 0,
            publishedAt: '2029-01-01T00:00:00.000Z',
          },
          counters: {},
          acknowledgedBy: new Set(),
        },
        {
          checklistId: 'access',
          current: {
            version: 1,
            title: 'Access',
            appliesTo: ['port_authority'],
            dueAt: '2030-01-01T00:00:00.000Z',
            itemCount: 3,
            mandatoryCount: 2,
            mandatoryItemIds: ['A', 'B'],
            changedCount: 0,
            publishedAt: '2029-01-01T00:00:00.000Z',
          },
          counters,
          acknowledgedBy: new Set(['antwerp', 'rotterdam']),
        },
      ],
      directory,
      now: new Date('2030-06-01'),
    });
    expect(overview.grid.map((r) => [r.country, r.cells.map((c) => c.light)])).toEqual([
      ['BE', ['none', 'green']],
      ['DE', ['none', 'red']],
      ['DK', ['red', 'none']],
      ['NL', ['none', 'amber']],
    ]);
    expect(overview.laggards.map((l) => [l.organisationId, l.checklistId, l.overdue])).toEqual([
      ['hamburg', 'access', true],
      ['northsea-line', 'later', false],
    ]);
    expect(overview.checklists[1]!.deficit.value).toBe(0.5);
  });
});

describe('csv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { a: 'x,y', b: 1 },
          { a: '=HYPERLINK("evil")', b: null },
        ],
      ),
    ).toBe('a,b\r\n"x,y",1\r\n"\'=HYPERLINK(""evil"")",\r\n');
  });
});

it('names counters as the store writes them', () => {
  expect(counter.item('A', 'implemented')).toBe('item|A|implemented');
});
