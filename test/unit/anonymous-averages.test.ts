import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averageShown,
  type CountedAnswers,
  counter,
  countersFrom,
  type ItemStatus,
  memberProgress,
  minimumGroupForAverages,
} from '../../shared';
import { threeItems, threeItemVersion } from '../support/checklist-version';

const items = threeItems;
const version = threeItemVersion;
const statuses: ItemStatus[] = ['implemented', 'in_progress', 'not_implemented', 'not_applicable'];
const answers = (s: ItemStatus[], country = 'BE'): CountedAnswers => ({
  organisationKind: 'port_authority',
  country,
  items: s.map((status, i) => ({ itemId: items[i]!.id, status })),
});
const now = new Date('2029-03-01T00:00:00Z');
const mine = answers(['implemented', 'implemented', 'implemented']);
const other = (i: number) =>
  answers([statuses[i % 4]!, statuses[(i + 1) % 4]!, statuses[(i + 2) % 4]!], i % 2 ? 'NL' : 'DE');

/** What a member of the viewing organisation is answered, given who answered what. */
const view = (own: CountedAnswers | null, others: CountedAnswers[], applicable = 10) =>
  memberProgress({
    version,
    counters: countersFrom(version, own ? [own, ...others] : others),
    applicable,
    own: { applicable: true, assessment: own ? { ...own, submittedAt: '2029-02-01T00:00:00Z' } : null },
    now,
  });

describe('anonymous averages: at least three organisations besides the viewer', () => {
  it('counts other organisations only', () => {
    expect(minimumGroupForAverages).toBe(3);
    expect(averageShown(3, true)).toBe(false);
    expect(averageShown(4, true)).toBe(true);
    expect(averageShown(2, false)).toBe(false);
    expect(averageShown(3, false)).toBe(true);
  });

  it('hides the average when the viewer answered and two others did: their answers could be read off', () => {
    expect(view(mine, [other(1), other(2)]).alliance).toBeNull();
  });

  it('shows it once three others answered besides the viewer', () => {
    const shown = view(mine, [other(1), other(2), other(3)]).alliance;
    expect(shown).not.toBeNull();
    expect(shown!.acknowledgedShare).toBe(4 / 10);
    expect(shown!.items.map((i) => i.itemId)).toEqual(['A', 'B', 'C']);
  });

  it('for a viewer who has not answered: hidden with two answers, shown with three', () => {
    expect(view(null, [other(1), other(2)]).alliance).toBeNull();
    expect(view(null, [other(1), other(2), other(3)]).alliance).not.toBeNull();
  });

  it('suppresses a breakdown cell that holds fewer than three other organisations', () => {
    // Counters where item C was answered by two organisations besides the viewer only.
    const counters = countersFrom(version, [mine, other(1), other(2), other(3)]);
    for (const status of statuses) delete counters[counter.item('C', status)];
    counters[counter.item('C', 'implemented')] = 3; // the viewer and two others
    const progress = memberProgress({
      version,
      counters,
      applicable: 10,
      own: { applicable: true, assessment: { ...mine, submittedAt: '2029-02-01T00:00:00Z' } },
      now,
    });
    expect(progress.alliance?.items.map((i) => i.itemId)).toEqual(['A', 'B']);
  });

  const answer = fc
    .array(fc.constantFrom(...statuses), { minLength: 3, maxLength: 3 })
    .map((s) => answers(s));
  const fewOthers = fc.array(answer, { maxLength: minimumGroupForAverages - 1 });

  it('answers the same in two worlds that differ in what fewer than three other organisations answered', () => {
    fc.assert(
      fc.property(fc.option(answer, { nil: null }), fewOthers, fewOthers, (own, worldA, worldB) => {
        // The worlds may differ in how many others answered (0–2) and in every answer they gave.
        expect(view(own, worldA)).toEqual(view(own, worldB));
      }),
      { numRuns: 500 },
    );
  });

  it('answers the same when three or more others answered the same things in any order (nobody is named)', () => {
    fc.assert(
      fc.property(
        fc.option(answer, { nil: null }),
        fc.array(answer, { minLength: minimumGroupForAverages, maxLength: 8 }),
        fc.integer({ min: 0, max: 7 }),
        (own, others, shift) => {
          const turned = others.map((_, i) => others[(i + shift) % others.length]!);
          expect(view(own, turned, 20)).toEqual(view(own, others, 20));
          expect(view(own, others, 20).alliance).not.toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });
});
