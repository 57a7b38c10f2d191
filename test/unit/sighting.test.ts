import { describe, expect, it } from 'vitest';
import { NewSighting, recordSighting, sightingTrail } from '../../shared/sighting';
import type { Viewer } from '../../shared/viewer';
import { refusalOf } from '../support/refusals';

const ruth: Viewer = {
  memberId: 'ruth-rotterdam',
  email: 'ruth@rotterdam.example',
  organisationId: 'rotterdam',
  role: 'contributor',
};
const ownBulletin = '7f9c2a4e-5b1d-4c3e-9a8f-0e6d1b2c3a4f';
const published = { id: 'bulletin-1', status: 'published' };
const at = new Date('2025-03-31T22:30:00.000Z');
const seen = (over: Partial<NewSighting> = {}) =>
  NewSighting.parse({ port: 'NLRTM', seenOn: '2025-02-10', ...over });

describe('recording a sighting', () => {
  it('counts it in the quarter of the day it was seen, by the viewer’s organisation', () => {
    const sighting = recordSighting(published, ruth, seen({ note: ' Seen in a reefer ' }), {
      id: 'sighting-1',
      at,
    });
    expect(sighting).toEqual({
      id: 'sighting-1',
      bulletinId: 'bulletin-1',
      port: 'NLRTM',
      seenOn: '2025-02-10',
      quarter: '2025-Q1',
      note: 'Seen in a reefer',
      organisationId: 'rotterdam',
      recordedBy: { memberId: 'ruth-rotterdam', email: 'ruth@rotterdam.example' },
      recordedAt: '2025-03-31T22:30:00.000Z',
    });
    expect(recordSighting(published, ruth, seen({ seenOn: '2024-12-31' }), { id: 's', at }).quarter).toBe(
      '2024-Q4',
    );
  });

  it('keeps the organisation’s own bulletin about it only when one is named', () => {
    const own = recordSighting(published, ruth, seen({ ownBulletinId: ownBulletin }), { id: 's', at });
    expect(own.ownBulletinId).toBe(ownBulletin);
    expect('ownBulletinId' in recordSighting(published, ruth, seen(), { id: 's', at })).toBe(false);
  });

  it('takes the day it is recorded on (UTC), and refuses the next one', () => {
    expect(recordSighting(published, ruth, seen({ seenOn: '2025-03-31' }), { id: 's', at }).seenOn).toBe(
      '2025-03-31',
    );
    const future = refusalOf(() =>
      recordSighting(published, ruth, seen({ seenOn: '2025-04-01' }), { id: 's', at }),
    );
    expect(future.reason).toBe('invalid');
    expect(future.fields.map((f) => f.field)).toEqual(['seenOn']);
  });

  it('refuses readers, then a bulletin that is not published', () => {
    const reader = refusalOf(() =>
      recordSighting(published, { ...ruth, role: 'reader' }, seen(), { id: 's', at }),
    );
    expect(reader.reason).toBe('forbidden');
    expect(reader.message).toBe('Only contributors record sightings.');
    for (const status of ['draft', 'withdrawn']) {
      const refused = refusalOf(() => recordSighting({ id: 'b', status }, ruth, seen(), { id: 's', at }));
      expect(refused.reason).toBe('conflict');
      expect(refused.message).toBe(`A ${status} bulletin takes no sightings.`);
    }
    // A reader of a withdrawn bulletin is told about the role first: it is the same answer as for a published one.
    expect(
      refusalOf(() =>
        recordSighting({ id: 'b', status: 'withdrawn' }, { ...ruth, role: 'reader' }, seen(), {
          id: 's',
          at,
        }),
      ).reason,
    ).toBe('forbidden');
  });
});

describe('the trail of a sighting', () => {
  it('names the sighting, the port and the day, and leaves the free-text note out', () => {
    const sighting = recordSighting(published, ruth, seen({ note: 'the informant’s name' }), {
      id: 'sighting-7',
      at,
    });
    expect(sightingTrail(sighting)).toEqual({
      sightingId: 'sighting-7',
      port: 'NLRTM',
      seenOn: '2025-02-10',
    });
    expect(JSON.stringify(sightingTrail(sighting))).not.toContain('informant');
  });
});
