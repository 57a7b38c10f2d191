import { describe, expect, it } from 'vitest';
import { inDays, monthBoundClock, monthOf } from '../support/clock';

/** The integration tests' portal clock (test/support/clock.ts), driven by a machine clock we move. */
describe('monthBoundClock', () => {
  it('follows the machine, each reading later than the last', () => {
    let machine = Date.parse('2026-11-10T12:00:00.000Z');
    const clock = monthBoundClock(() => machine);
    expect(clock.month).toBe('2026-11');
    const first = clock.now();
    const second = clock.now();
    expect(second.getTime()).toBe(first.getTime() + 1);
    machine += 5_000;
    expect(clock.now().toISOString()).toBe('2026-11-10T12:00:05.000Z');
  });

  it('keeps to its month when the run crosses midnight at the end of the month', () => {
    let machine = Date.parse('2026-11-30T23:59:30.000Z');
    const clock = monthBoundClock(() => machine);
    machine = Date.parse('2026-12-01T00:10:00.000Z');
    const readings = Array.from({ length: 1000 }, () => clock.now());
    expect(new Set(readings.map(monthOf))).toEqual(new Set(['2026-11']));
    expect(readings.at(-1)!.getTime()).toBeGreaterThan(readings[0]!.getTime());
  });

  it('starts before the end of the month when begun in its last minute', () => {
    const clock = monthBoundClock(() => Date.parse('2026-12-31T23:59:59.999Z'));
    expect(clock.month).toBe('2026-12');
    expect(clock.start.toISOString()).toBe('2026-12-31T23:59:00.000Z');
    expect(monthOf(clock.now())).toBe('2026-12');
  });
});

describe('inDays', () => {
  it('counts whole days from the given instant, forwards and back', () => {
    const from = new Date('2026-02-27T10:00:00.000Z');
    expect(inDays(2, from)).toBe('2026-03-01T10:00:00.000Z');
    expect(inDays(-1, from)).toBe('2026-02-26T10:00:00.000Z');
  });
});
