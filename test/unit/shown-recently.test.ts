import { describe, expect, it } from 'vitest';
import { listAuditWindowMs, ShownRecently } from '../../functions/api/shown-recently';

describe('ShownRecently', () => {
  it('remembers a showing for the window, per member, list and item', () => {
    let now = 1_000;
    const shown = new ShownRecently(() => now);
    shown.record('ruth', 'bulletin.listed', ['a', 'b']);
    expect(shown.has('ruth', 'bulletin.listed', 'a')).toBe(true);
    expect(shown.has('ruth', 'document.listed', 'a')).toBe(false);
    expect(shown.has('hans', 'bulletin.listed', 'a')).toBe(false);
    expect(shown.has('ruth', 'bulletin.listed', 'c')).toBe(false);
    now += listAuditWindowMs - 1;
    expect(shown.has('ruth', 'bulletin.listed', 'b')).toBe(true);
    now += 1;
    expect(shown.has('ruth', 'bulletin.listed', 'b')).toBe(false);
  });

  it('does not let a clock that went backwards stretch the window', () => {
    let now = 10_000;
    const shown = new ShownRecently(() => now);
    shown.record('ruth', 'bulletin.listed', ['a']);
    now = 9_999;
    expect(shown.has('ruth', 'bulletin.listed', 'a')).toBe(false);
  });

  it('starts the window again at each recording', () => {
    let now = 0;
    const shown = new ShownRecently(() => now, 100);
    shown.record('ruth', 'bulletin.listed', ['a']);
    now = 90;
    shown.record('ruth', 'bulletin.listed', ['a']);
    now = 150;
    expect(shown.has('ruth', 'bulletin.listed', 'a')).toBe(true);
  });
});
