import { describe, expect, it } from 'vitest';
import {
  answersKey,
  type ChecklistHarmonization,
  deficitBand,
  mandatoryAnswers,
  portDeficit,
  visibleDeficit,
} from '../../shared/port-deficit';
import type { Viewer } from '../../shared/viewer';

const gates: ChecklistHarmonization = {
  checklistId: 'gates',
  current: { version: 2, mandatoryCount: 4 },
  answers: {
    [answersKey('antwerp', 2)]: { implemented: 3, notApplicable: 0 },
    // An answer to the version before counts for nothing once version 2 is current.
    [answersKey('rotterdam', 1)]: { implemented: 4, notApplicable: 0 },
    [answersKey('hamburg', 2)]: { implemented: 1, notApplicable: 2 },
  },
};
const scanning: ChecklistHarmonization = {
  checklistId: 'scanning',
  current: { version: 1, mandatoryCount: 2 },
  answers: { [answersKey('antwerp', 1)]: { implemented: 0, notApplicable: 0 } },
};
/** A checklist whose current version no longer applies to port authorities. */
const retired: ChecklistHarmonization = {
  checklistId: 'retired',
  current: null,
  answers: { [answersKey('antwerp', 1)]: { implemented: 0, notApplicable: 0 } },
};

describe('a port’s harmonization deficit', () => {
  it('is the share of mandatory items of the current versions not declared implemented', () => {
    expect(portDeficit([gates, scanning, retired], 'antwerp')).toBeCloseTo(3 / 6);
    expect(portDeficit([gates], 'rotterdam')).toBe(1);
    // Not applicable leaves the base: 1 implemented of 2 applicable.
    expect(portDeficit([gates], 'hamburg')).toBeCloseTo(1 / 2);
    expect(portDeficit([gates, scanning], 'genoa')).toBe(1);
  });

  it('is null when no current version with mandatory items applies, 0 when nothing is left to apply', () => {
    expect(portDeficit([], 'antwerp')).toBeNull();
    expect(portDeficit([retired], 'antwerp')).toBeNull();
    const allNa: ChecklistHarmonization = {
      checklistId: 'na',
      current: { version: 1, mandatoryCount: 1 },
      answers: { [answersKey('antwerp', 1)]: { implemented: 0, notApplicable: 1 } },
    };
    expect(portDeficit([allNa], 'antwerp')).toBe(0);
  });

  it('counts only mandatory answers', () => {
    const version = {
      items: [
        { id: 'A', level: 'mandatory' as const },
        { id: 'B', level: 'mandatory' as const },
        { id: 'C', level: 'recommended' as const },
      ],
    };
    expect(
      mandatoryAnswers(version, [
        { itemId: 'A', status: 'implemented' },
        { itemId: 'B', status: 'not_applicable' },
        { itemId: 'C', status: 'implemented' },
      ]),
    ).toEqual({ implemented: 1, notApplicable: 1 });
  });

  it('is shown to the organisation itself and to the Commission only', () => {
    const ben: Viewer = {
      memberId: 'ben',
      email: 'ben@antwerp.example',
      organisationId: 'antwerp',
      role: 'contributor',
    };
    const see = { viewer: ben, viewerKind: 'port_authority' as const };
    expect(visibleDeficit(see, [gates], 'antwerp')).toBeCloseTo(1 / 4);
    expect(visibleDeficit(see, [gates], 'hamburg')).toBeNull();
    expect(visibleDeficit(see, [gates], null)).toBeNull();
    const clara = { viewer: { ...ben, organisationId: 'commission' }, viewerKind: 'commission' as const };
    expect(visibleDeficit(clara, [gates], 'hamburg')).toBeCloseTo(1 / 2);
  });

  it('falls in the map’s bands', () => {
    expect([null, 0, 0.249, 0.25, 0.499, 0.5, 1].map(deficitBand)).toEqual([
      'none',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
  });
});
