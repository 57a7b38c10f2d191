import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../shared/checklist';
import { canReadAssessment, canReview, reviewRefusal } from '../../shared/permissions';
import { countersFrom, progressDelta } from '../../shared/progress';
import { assignRefusal, carryReviews, ReviewInput, reviewAnswer, reviewStateOf } from '../../shared/review';
import { Refusal } from '../../shared/shared-item';
import type { Viewer } from '../../shared/viewer';

const member = (organisationId: string, role: Viewer['role'] = 'contributor'): Viewer => ({
  memberId: `m-${organisationId}-${role}`,
  email: `${role}@${organisationId}.example`,
  organisationId,
  role,
});

const version = {
  items: [
    { id: 'AC-01', level: 'mandatory' as const },
    { id: 'AC-02', level: 'mandatory' as const },
    { id: 'AC-03', level: 'recommended' as const },
  ],
};

const assessment = (revision = 1): Assessment => ({
  checklistId: 'c',
  version: 1,
  organisationId: 'antwerp',
  organisationKind: 'port_authority',
  country: 'BE',
  items: [
    { itemId: 'AC-01', status: 'implemented' },
    { itemId: 'AC-02', status: 'in_progress' },
    { itemId: 'AC-03', status: 'implemented', evidence: { id: crypto.randomUUID(), fileName: 'a.pdf' } },
  ],
  revision,
  submittedAt: '2026-11-01T00:00:00.000Z',
  submittedBy: 'ben',
});

const change = { by: 'carl', organisationId: 'commission', now: new Date('2026-11-02T00:00:00Z') };
const accept = ReviewInput.parse({ decision: 'accepted' });
const askMore = ReviewInput.parse({ decision: 'needs_evidence', comment: 'The register, please.' });

describe('who may review', () => {
  it('lets Commission contributors and org admins review, never readers, other members or one’s own organisation', () => {
    expect(reviewRefusal(member('commission'), 'commission', 'antwerp', null)).toBeNull();
    expect(reviewRefusal(member('commission', 'org_admin'), 'commission', 'antwerp', null)).toBeNull();
    expect(reviewRefusal(member('commission', 'reader'), 'commission', 'antwerp', null)).toMatch(
      /contributors/,
    );
    expect(reviewRefusal(member('rotterdam'), 'port_authority', 'antwerp', null)).toMatch(/peer reviewer/);
    expect(reviewRefusal(member('antwerp'), 'port_authority', 'antwerp', null)).toMatch(/own/);
    // The assigned peer reviewer may; an assignment never opens one's own organisation.
    const assignment = { reviewerOrganisationId: 'rotterdam' };
    expect(reviewRefusal(member('rotterdam'), 'port_authority', 'antwerp', assignment)).toBeNull();
    expect(
      reviewRefusal(member('rotterdam', 'reader'), 'port_authority', 'antwerp', assignment),
    ).not.toBeNull();
    expect(reviewRefusal(member('hamburg'), 'port_authority', 'antwerp', assignment)).not.toBeNull();
    expect(
      reviewRefusal(member('antwerp'), 'port_authority', 'antwerp', { reviewerOrganisationId: 'antwerp' }),
    ).not.toBeNull();
  });

  it('offers the review (canReview, the web page’s rule) exactly where reviewRefusal has nothing to say', () => {
    const assignment = { reviewerOrganisationId: 'rotterdam' };
    const kinds = {
      commission: 'commission',
      antwerp: 'port_authority',
      rotterdam: 'port_authority',
      hamburg: 'port_authority',
    } as const;
    for (const org of Object.keys(kinds) as (keyof typeof kinds)[])
      for (const role of ['reader', 'contributor', 'org_admin'] as const)
        for (const assigned of [null, assignment]) {
          const viewer = member(org, role);
          expect(canReview(viewer, kinds[org], 'antwerp', assigned)).toBe(
            reviewRefusal(viewer, kinds[org], 'antwerp', assigned) === null,
          );
        }
    expect(canReview(member('rotterdam'), 'port_authority', 'antwerp', assignment)).toBe(true);
    expect(canReview(member('rotterdam', 'reader'), 'port_authority', 'antwerp', assignment)).toBe(false);
  });

  it('opens an assessment to the organisation, the Commission and the assigned peer reviewer only', () => {
    const assignment = { reviewerOrganisationId: 'rotterdam' };
    expect(canReadAssessment(member('antwerp', 'reader'), 'port_authority', 'antwerp', null)).toBe(true);
    expect(canReadAssessment(member('commission', 'reader'), 'commission', 'antwerp', null)).toBe(true);
    expect(canReadAssessment(member('rotterdam', 'reader'), 'port_authority', 'antwerp', assignment)).toBe(
      true,
    );
    expect(canReadAssessment(member('rotterdam'), 'port_authority', 'antwerp', null)).toBe(false);
    expect(canReadAssessment(member('hamburg'), 'port_authority', 'antwerp', assignment)).toBe(false);
  });

  it('lets only Commission contributors assign, and never an organisation to itself', () => {
    expect(assignRefusal(member('commission'), 'commission', 'antwerp', 'rotterdam')).toBeNull();
    expect(assignRefusal(member('rotterdam'), 'port_authority', 'antwerp', 'rotterdam')?.reason).toBe(
      'forbidden',
    );
    expect(assignRefusal(member('commission', 'reader'), 'commission', 'antwerp', 'x')?.reason).toBe(
      'forbidden',
    );
    expect(assignRefusal(member('commission'), 'commission', 'antwerp', 'antwerp')?.reason).toBe('invalid');
  });
});

describe('review input', () => {
  it('asks for a comment unless the answer is accepted', () => {
    expect(ReviewInput.safeParse({ decision: 'accepted' }).success).toBe(true);
    expect(ReviewInput.safeParse({ decision: 'needs_evidence' }).success).toBe(false);
    expect(ReviewInput.safeParse({ decision: 'not_accepted', comment: '  ' }).success).toBe(false);
    expect(ReviewInput.safeParse({ decision: 'not_accepted', comment: 'No log' }).success).toBe(true);
    expect(ReviewInput.safeParse({ decision: 'fine' }).success).toBe(false);
  });
});

describe('state transitions', () => {
  it('moves an answer from awaiting review to reviewed, logs the step and raises the review sequence', () => {
    const before = assessment();
    expect(before.items.map(reviewStateOf)).toEqual([
      'awaiting_review',
      'awaiting_review',
      'awaiting_review',
    ]);
    const after = reviewAnswer(before, 'AC-03', askMore, 1, change);
    expect(after.items.map(reviewStateOf)).toEqual(['awaiting_review', 'awaiting_review', 'needs_evidence']);
    expect(after.items[2]?.review).toMatchObject({
      comment: 'The register, please.',
      reviewedBy: 'carl',
      revision: 1,
    });
    expect(after.reviewLog).toEqual([
      expect.objectContaining({ itemId: 'AC-03', decision: 'needs_evidence' }),
    ]);
    expect(after.reviewSeq).toBe(1);
    expect(after.revision).toBe(1);
    const again = reviewAnswer(after, 'AC-03', accept, 1, change);
    expect(again.items.map(reviewStateOf)[2]).toBe('accepted');
    expect(again.reviewLog).toHaveLength(2);
    expect(again.reviewSeq).toBe(2);
  });

  it('refuses a review of a superseded answer (conflict) and of an unknown item (invalid)', () => {
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof Refusal ? err.reason : 'other';
      }
      return null;
    };
    expect(refusal(() => reviewAnswer(assessment(2), 'AC-01', accept, 1, change))).toBe('conflict');
    expect(refusal(() => reviewAnswer(assessment(), 'AC-09', accept, 1, change))).toBe('invalid');
  });

  it('keeps the review of an answer given again unchanged and puts a new answer back to review', () => {
    const reviewed = reviewAnswer(
      reviewAnswer(assessment(), 'AC-01', accept, 1, change),
      'AC-03',
      askMore,
      1,
      change,
    );
    const same = carryReviews(reviewed, reviewed.items);
    expect(same.items.map(reviewStateOf)).toEqual(['accepted', 'awaiting_review', 'needs_evidence']);
    const newFile = carryReviews(
      reviewed,
      reviewed.items.map((a) =>
        a.itemId === 'AC-03' ? { ...a, evidence: { id: crypto.randomUUID(), fileName: 'register.pdf' } } : a,
      ),
    );
    expect(newFile.items.map(reviewStateOf)).toEqual(['accepted', 'awaiting_review', 'awaiting_review']);
    expect(newFile.reviewLog).toHaveLength(2);
    expect(newFile.reviewSeq).toBe(2);
    const changedStatus = carryReviews(
      reviewed,
      reviewed.items.map((a) => (a.itemId === 'AC-01' ? { ...a, status: 'not_implemented' as const } : a)),
    );
    expect(reviewStateOf(changedStatus.items[0]!)).toBe('awaiting_review');
    // Reviews sent back by a client are never taken as given.
    const forged = carryReviews(assessment(), [
      { itemId: 'AC-01', status: 'implemented', review: reviewed.items[0]?.review } as never,
    ]);
    expect(forged.items[0]).not.toHaveProperty('review');
  });

  it('keeps the accepted counters equal to a recomputation over any sequence of reviews and resubmissions', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('review' as const),
        item: fc.constantFrom('AC-01', 'AC-02', 'AC-03'),
        decision: fc.constantFrom('accepted', 'needs_evidence', 'not_accepted'),
      }),
      fc.record({
        kind: fc.constant('submit' as const),
        statuses: fc.array(
          fc.constantFrom('implemented', 'in_progress', 'not_implemented', 'not_applicable'),
          {
            minLength: 3,
            maxLength: 3,
          },
        ),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        let current = assessment();
        let total: Record<string, number> = progressDelta(version, null, current);
        const add = (delta: Record<string, number>) => {
          for (const [k, v] of Object.entries(delta)) total[k] = (total[k] ?? 0) + v;
        };
        for (const s of steps) {
          const next =
            s.kind === 'review'
              ? reviewAnswer(
                  current,
                  s.item,
                  ReviewInput.parse({ decision: s.decision, comment: 'c' }),
                  current.revision,
                  change,
                )
              : {
                  ...current,
                  ...carryReviews(
                    current,
                    current.items.map((a, i) => ({
                      ...a,
                      status: s.statuses[i] as Assessment['items'][0]['status'],
                    })),
                  ),
                  revision: current.revision + 1,
                };
          add(progressDelta(version, current, next));
          current = next;
        }
        total = Object.fromEntries(Object.entries(total).filter(([, v]) => v !== 0));
        expect(total).toEqual(countersFrom(version, [current]));
      }),
    );
  });
});
