/**
 * Review of an organisation's answers (docs/review.md): the Commission, or a peer organisation it
 * assigned, marks each answer accepted, needing more evidence or not accepted. Pure rules: who may
 * review, what a review does to an assessment, what a new answer does to a review. Routes read,
 * call these, and write what they return; the store writes review, counters and audit together.
 */
import * as z from 'zod';
import type { AnswerInput, Assessment } from './checklist';
import type { OrganisationKind } from './organisation';
import { canContribute, canSeeAssessment, seesEveryAssessment } from './permissions';
import { Refusal } from './refusal';
import { MultiLineText } from './text';
import type { TlpLabel } from './tlp';
import type { Viewer } from './viewer';

export const ReviewDecision = z.enum(['accepted', 'needs_evidence', 'not_accepted']);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/** `PUT …/assessments/{orgId}/items/{itemId}/review`. */
export const ReviewInput = z
  .strictObject({
    decision: ReviewDecision,
    comment: MultiLineText.trim().max(2000).default(''),
  })
  .superRefine((input, ctx) => {
    // The organisation must learn what is missing or wrong: only an acceptance may go without words.
    if (input.decision !== 'accepted' && input.comment.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['comment'],
        message: 'say what is missing or wrong: the organisation reads this comment',
      });
    }
  });
export type ReviewInput = z.infer<typeof ReviewInput>;

/** One review of one answer, kept on the answer until a new answer replaces it. */
export const ItemReview = z.object({
  decision: ReviewDecision,
  comment: z.string(),
  reviewedBy: z.string(),
  reviewerOrganisationId: z.string(),
  reviewedAt: z.string(),
  /** The assessment revision (the answer) the review was made on. */
  revision: z.number().int(),
});
export type ItemReview = z.infer<typeof ItemReview>;

/** Every review step of an assessment, oldest first: the item's history shows them. */
export const ReviewLogEntry = ItemReview.extend({ itemId: z.string() });
export type ReviewLogEntry = z.infer<typeof ReviewLogEntry>;

/** Kept on the assessment so it stays one item (reads stay at their round trips); oldest dropped beyond this. */
export const maxReviewLog = 200;

/** Where an answer stands towards review. */
export const ReviewState = z.enum(['awaiting_review', 'accepted', 'needs_evidence', 'not_accepted']);
export type ReviewState = z.infer<typeof ReviewState>;

export const reviewStateOf = (answer: { review?: ItemReview | undefined }): ReviewState =>
  answer.review?.decision ?? 'awaiting_review';

/** The Commission's assignment of a peer organisation to review one organisation's assessment of a version. */
export const PeerAssignment = z.object({
  checklistId: z.string(),
  version: z.number().int(),
  organisationId: z.string(),
  reviewerOrganisationId: z.string(),
  assignedBy: z.string(),
  assignedAt: z.string(),
});
export type PeerAssignment = z.infer<typeof PeerAssignment>;

export const PeerAssignmentInput = z.strictObject({
  reviewerOrganisationId: z.string().min(1).max(60),
});

/** Evidence is for the organisation and the Commission (and its peer reviewer): TLP:AMBER. */
export const evidenceTlp: TlpLabel = 'TLP:AMBER';

type Kind = OrganisationKind | undefined;

/** Who assigns peer reviewers: Commission contributors, to an organisation other than the one reviewed. */
export function assignRefusal(
  viewer: Viewer,
  viewerKind: Kind,
  organisationId: string,
  reviewerOrganisationId: string,
): Refusal | null {
  if (!(seesEveryAssessment(viewerKind) && canContribute(viewer)))
    return new Refusal('forbidden', 'Only Commission contributors assign peer reviewers.');
  if (reviewerOrganisationId === organisationId)
    return new Refusal('invalid', 'An organisation does not review itself.', [
      { field: 'reviewerOrganisationId', message: 'choose another organisation than the one reviewed' },
    ]);
  return null;
}

/** Who changes the state, and when. */
export interface ReviewChange {
  by: string;
  organisationId: string;
  now: Date;
}

/**
 * The assessment with one answer reviewed: answered → reviewed (any decision; a reviewer may change
 * their mind). `expected` is the revision the reviewer saw: an older one means the answer was
 * superseded by a new submission (conflict), so a review never lands on an answer nobody read.
 */
export function reviewAnswer(
  assessment: Assessment,
  itemId: string,
  input: ReviewInput,
  expected: number,
  change: ReviewChange,
): Assessment {
  if (expected !== assessment.revision) {
    throw new Refusal(
      'conflict',
      `The answers were replaced since you read them (revision ${assessment.revision}, not ${expected}); reload and review the new answer.`,
    );
  }
  const index = assessment.items.findIndex((a) => a.itemId === itemId);
  if (index < 0) {
    throw new Refusal('invalid', `This assessment has no answer for item ${itemId}.`, [
      { field: 'itemId', message: `no answer for item ${itemId}` },
    ]);
  }
  const review: ItemReview = {
    decision: input.decision,
    comment: input.comment,
    reviewedBy: change.by,
    reviewerOrganisationId: change.organisationId,
    reviewedAt: change.now.toISOString(),
    revision: assessment.revision,
  };
  const items = assessment.items.map((a, i) => (i === index ? { ...a, review } : a));
  return {
    ...assessment,
    items,
    reviewLog: [...(assessment.reviewLog ?? []), { ...review, itemId }].slice(-maxReviewLog),
    reviewSeq: (assessment.reviewSeq ?? 0) + 1,
  };
}

const sameAnswer = (a: AnswerInput, b: AnswerInput) =>
  a.status === b.status && (a.note ?? '') === (b.note ?? '') && a.evidence?.id === b.evidence?.id;

/**
 * A resubmission's answers with the reviews they keep: an answer given again unchanged keeps its
 * review; a new answer (status, note or evidence) goes back to review, so a "needs more evidence"
 * is answered by adding a file. The review log carries over whole.
 */
export function carryReviews(
  previous: Pick<Assessment, 'items' | 'reviewLog' | 'reviewSeq'> | null,
  answers: readonly AnswerInput[],
): Pick<Assessment, 'items' | 'reviewLog' | 'reviewSeq'> {
  const before = new Map((previous?.items ?? []).map((a) => [a.itemId, a]));
  const items = answers.map((answer) => {
    const { review: _ignored, ...plain } = answer as AnswerInput & { review?: unknown };
    const old = before.get(answer.itemId);
    return old?.review && sameAnswer(old, plain) ? { ...plain, review: old.review } : plain;
  });
  return {
    items,
    ...(previous?.reviewLog ? { reviewLog: previous.reviewLog } : {}),
    ...(previous?.reviewSeq !== undefined ? { reviewSeq: previous.reviewSeq } : {}),
  };
}
