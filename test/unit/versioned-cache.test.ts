import { describe, expect, it } from 'vitest';
import { VersionedCache } from '../../functions/adapters/dynamodb/versioned-cache';

describe('VersionedCache', () => {
  it('answers only at the version the value was read at', () => {
    const cache = new VersionedCache<string>(4);
    cache.set('seizures|2024-Q1', 'v1', 'figures at v1');
    expect(cache.get('seizures|2024-Q1', 'v1')).toBe('figures at v1');
    expect(cache.get('seizures|2024-Q1', 'v2')).toBeUndefined();
    expect(cache.get('seizures|2024-Q2', 'v1')).toBeUndefined();
    cache.set('seizures|2024-Q1', 'v2', 'figures at v2');
    expect(cache.get('seizures|2024-Q1', 'v1')).toBeUndefined();
    expect(cache.get('seizures|2024-Q1', 'v2')).toBe('figures at v2');
  });

  it('marks a key asked for without a version, and never answers from it', () => {
    const cache = new VersionedCache<string>(4);
    expect(cache.has('sightings')).toBe(false);
    cache.set('sightings', null, 'read beside the version');
    expect(cache.has('sightings')).toBe(true);
    expect(cache.get('sightings', 'v1')).toBeUndefined();
    expect(cache.get('sightings', 'null')).toBeUndefined();
  });

  it('keeps at most its capacity, the least recently used leaving first', () => {
    const cache = new VersionedCache<number>(2);
    cache.set('a', 'v', 1);
    cache.set('b', 'v', 2);
    expect(cache.get('a', 'v')).toBe(1); // a is now the most recently used
    cache.set('c', 'v', 3);
    expect(cache.has('b')).toBe(false);
    expect(cache.get('a', 'v')).toBe(1);
    expect(cache.get('c', 'v')).toBe(3);
  });

  it('keeps nothing with no capacity', () => {
    const cache = new VersionedCache<number>(0);
    cache.set('a', 'v', 1);
    expect(cache.has('a')).toBe(false);
    expect(cache.get('a', 'v')).toBeUndefined();
  });
});
