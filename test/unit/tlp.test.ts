import { describe, expect, it } from 'vitest';
import { canSee, isRestricted, type LabelledItem, type TlpLabel, TlpLabel as TlpSchema } from '../../shared';
import type { Viewer } from '../../shared/viewer';

const viewer = (memberId: string, organisationId: string): Viewer => ({
  memberId,
  organisationId,
  email: `${memberId}@x.example`,
  role: 'reader',
});
const author = viewer('ben-antwerp', 'antwerp');
const recipientOrgMember = viewer('ruth-rotterdam', 'rotterdam');
const namedRecipient = viewer('hans-hamburg', 'hamburg');
const colleagueOfAuthor = viewer('bo-antwerp', 'antwerp');
const outsider = viewer('alba-algeciras', 'algeciras');

const item = (tlp: TlpLabel, status: LabelledItem['status'] = 'published'): LabelledItem => ({
  tlp,
  status,
  authorId: author.memberId,
  authorOrganisationId: 'antwerp',
  recipients: { organisations: ['rotterdam'], members: ['hans-hamburg'] },
});

describe('canSee follows TLP 2.0 (docs/security.md)', () => {
  const cases: [TlpLabel, Viewer | null, boolean][] = [
    ['TLP:CLEAR', null, true],
    ['TLP:CLEAR', outsider, true],
    ['TLP:GREEN', null, false],
    ['TLP:GREEN', outsider, true],
    ['TLP:AMBER', outsider, false],
    ['TLP:AMBER', recipientOrgMember, true],
    ['TLP:AMBER', colleagueOfAuthor, true],
    ['TLP:AMBER', null, false],
    ['TLP:AMBER+STRICT', recipientOrgMember, true],
    ['TLP:AMBER+STRICT', outsider, false],
    ['TLP:RED', author, true],
    ['TLP:RED', namedRecipient, true],
    ['TLP:RED', recipientOrgMember, false],
    ['TLP:RED', colleagueOfAuthor, false],
    ['TLP:RED', null, false],
  ];
  it.each(cases)('%s seen by %o → %s', (tlp, who, expected) => {
    expect(canSee(who, item(tlp))).toBe(expected);
  });

  const contributorColleague: Viewer = { ...viewer('ana-antwerp', 'antwerp'), role: 'org_admin' };
  const draftCases: [TlpLabel, Viewer, boolean][] = [
    ...TlpSchema.options.flatMap((tlp): [TlpLabel, Viewer, boolean][] => [
      [tlp, author, true],
      // A reader of the author's organisation has no need to know an unpublished draft.
      [tlp, colleagueOfAuthor, false],
      [tlp, recipientOrgMember, false],
      [tlp, namedRecipient, false],
    ]),
    ['TLP:CLEAR', contributorColleague, true],
    ['TLP:GREEN', contributorColleague, true],
    ['TLP:AMBER', contributorColleague, true],
    ['TLP:AMBER+STRICT', contributorColleague, true],
    // A TLP:RED draft is its author's alone, even for an org_admin of the author's organisation.
    ['TLP:RED', contributorColleague, false],
  ];
  it.each(draftCases)('a %s draft seen by %o → %s', (tlp, who, expected) => {
    expect(canSee(who, item(tlp, 'draft'))).toBe(expected);
  });

  it('shows no draft to an anonymous visitor', () => {
    for (const tlp of TlpSchema.options) expect(canSee(null, item(tlp, 'draft'))).toBe(false);
  });

  it('spells labels exactly as FIRST and restricts AMBER, AMBER+STRICT and RED', () => {
    expect(TlpSchema.options).toEqual(['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);
    expect(TlpSchema.options.filter(isRestricted)).toEqual(['TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);
    expect(TlpSchema.safeParse('TLP:WHITE').success).toBe(false);
  });
});
