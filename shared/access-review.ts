import * as z from 'zod';
import { MemberId } from './member';
import { OrganisationId, Role } from './organisation';

/**
 * Access review: each organisation's org_admin confirms, at least every 90 days, that every
 * member still needs access. The rule (when a review is due, whether it is overdue) lives here
 * with the clock passed in, so the API, the pages and the tests agree on it.
 */
export const accessReviewIntervalDays = 90;
const dayMs = 24 * 60 * 60 * 1000;

/** When the next review is due: 90 days after the last one; never reviewed means due already (null). */
export function accessReviewDueAt(lastCompletedAt: string | null): string | null {
  if (!lastCompletedAt) return null;
  return new Date(Date.parse(lastCompletedAt) + accessReviewIntervalDays * dayMs).toISOString();
}

/** Overdue when never reviewed, or when the due date has come. */
export function isAccessReviewOverdue(lastCompletedAt: string | null, now: Date): boolean {
  const due = accessReviewDueAt(lastCompletedAt);
  return due === null || now.getTime() >= Date.parse(due);
}

export const AccessDecision = z.enum(['keep', 'suspend']);
export type AccessDecision = z.infer<typeof AccessDecision>;

/** What the org_admin sends: one decision for every current member. */
export const AccessReviewSubmission = z.strictObject({
  decisions: z
    .array(z.strictObject({ memberId: MemberId, decision: AccessDecision }))
    .min(1)
    .max(1000),
});
export type AccessReviewSubmission = z.infer<typeof AccessReviewSubmission>;

/** A completed review, as stored (one per organisation: the latest). */
export const AccessReview = z.object({
  organisationId: OrganisationId,
  completedAt: z.iso.datetime(),
  reviewer: z.object({ memberId: z.string(), name: z.string() }),
  decisions: z.array(z.object({ memberId: z.string(), decision: AccessDecision })),
});
export type AccessReview = z.infer<typeof AccessReview>;

/** Where an organisation stands with its review. */
export const AccessReviewStatus = z.object({
  organisationId: OrganisationId,
  lastCompletedAt: z.iso.datetime().nullable(),
  /** Null when never reviewed: due now. */
  dueAt: z.iso.datetime().nullable(),
  overdue: z.boolean(),
});
export type AccessReviewStatus = z.infer<typeof AccessReviewStatus>;

export const accessReviewStatus = (
  organisationId: string,
  review: Pick<AccessReview, 'completedAt'> | null,
  now: Date,
): AccessReviewStatus => {
  const last = review?.completedAt ?? null;
  return {
    organisationId,
    lastCompletedAt: last,
    dueAt: accessReviewDueAt(last),
    overdue: isAccessReviewOverdue(last, now),
  };
};

/** One member on the review page: who, and how recently they used their access. */
export const ReviewedMember = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: Role,
  status: z.string().optional(),
  lastSignInAt: z.iso.datetime().nullable(),
  lastRestrictedReadAt: z.iso.datetime().nullable(),
  /** The decision of the last review, when the member was in it. */
  lastDecision: AccessDecision.nullable(),
});
export type ReviewedMember = z.infer<typeof ReviewedMember>;

export const AccessReviewPage = AccessReviewStatus.extend({
  lastReviewer: z.object({ memberId: z.string(), name: z.string() }).nullable(),
  members: z.array(ReviewedMember),
});
export type AccessReviewPage = z.infer<typeof AccessReviewPage>;

/** The Commission's view: organisations whose review is overdue. */
export const OverdueReview = AccessReviewStatus.extend({
  name: z.string(),
  kind: z.string(),
  country: z.string(),
});
export type OverdueReview = z.infer<typeof OverdueReview>;
