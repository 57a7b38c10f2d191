import * as fc from 'fast-check';
import { demoAlliance, demoMemberId } from '../../functions/local/demo-alliance';
import { type TlpLabel, tlpLabels } from '../../shared';
import { demoMember } from './portal';

/**
 * Generators for the property that every read path agrees with `canSee`, shared by the bulletin
 * and document tests: items from a few authors, under every label, addressed to a few
 * organisations and (for TLP:RED) to members of those organisations, read by members inside and
 * outside them, in every role.
 */
export const tlpAuthors = [
  'ben@antwerp.example',
  'ruth@rotterdam.example',
  'hans@hamburg.example',
  'chris@customs-be.example',
];
export const tlpViewers = [
  ...tlpAuthors,
  'bo@antwerp.example',
  'clara@commission.example',
  'sam@northsea-line.example',
];
export const tlpOrganisations = [
  'antwerp',
  'rotterdam',
  'hamburg',
  'be-customs',
  'commission',
  'northsea-line',
];

const membersOf = (orgs: string[]) =>
  demoAlliance
    .filter((o) => orgs.includes(o.id))
    .flatMap((o) => o.members.map((m) => demoMemberId(m.email, o.id)));

/** An addressed item: author, label, recipient organisations and, for TLP:RED, named members among them. */
export function addressedItem<E extends Record<string, fc.Arbitrary<unknown>>>(extra: E) {
  return fc
    .record({
      author: fc.constantFrom(...tlpAuthors),
      tlp: fc.constantFrom<TlpLabel>(...tlpLabels),
      orgs: fc.subarray(tlpOrganisations, { minLength: 1, maxLength: 3 }),
      memberPicks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      ...extra,
    } as { [K in keyof E]: E[K] } & Record<string, fc.Arbitrary<unknown>>)
    .map((b) => {
      const spec = b as unknown as {
        author: string;
        tlp: TlpLabel;
        orgs: string[];
        memberPicks: number[];
      } & { [K in keyof E]: E[K] extends fc.Arbitrary<infer T> ? T : never };
      const authorOrg = demoMember(spec.author).organisationId;
      const candidates = membersOf([authorOrg, ...spec.orgs]);
      const members =
        spec.tlp === 'TLP:RED'
          ? [...new Set(spec.memberPicks.map((n) => candidates[n % candidates.length]!))]
          : [];
      return { ...spec, members };
    });
}

/** The viewer `canSee` expects, for a demo member. */
export function viewerOf(email: string) {
  const m = demoMember(email);
  return { memberId: m.id, email, organisationId: m.organisationId, role: m.role };
}
