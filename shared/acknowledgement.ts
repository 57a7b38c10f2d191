import * as z from 'zod';

/**
 * Acknowledgement receipts, shared by bulletins and documents. An organisation acknowledges
 * through a contributor; any member marks an item read for themselves. A material revision opens
 * a new acknowledgement round, so earlier acknowledgements no longer count.
 */
export const AcknowledgementKind = z.enum(['acknowledge', 'read']);
export type AcknowledgementKind = z.infer<typeof AcknowledgementKind>;

export const NewAcknowledgement = z.strictObject({
  /** `acknowledge`: on behalf of the organisation (contributor); `read`: a personal read receipt. */
  kind: AcknowledgementKind.default('acknowledge'),
});
export type NewAcknowledgement = z.infer<typeof NewAcknowledgement>;

/** One organisation's acknowledgement in one round. */
export const OrganisationAcknowledgement = z.object({
  organisationId: z.string(),
  round: z.number().int().min(1),
  acknowledgedAt: z.iso.datetime(),
  acknowledgedBy: z.object({ memberId: z.string(), email: z.string() }),
});
export type OrganisationAcknowledgement = z.infer<typeof OrganisationAcknowledgement>;

/** One member's personal read receipt. */
export const ReadReceipt = z.object({
  organisationId: z.string(),
  memberId: z.string(),
  email: z.string(),
  readAt: z.iso.datetime(),
});
export type ReadReceipt = z.infer<typeof ReadReceipt>;

export const ReceiptRow = z.object({
  organisationId: z.string(),
  status: z.enum(['acknowledged', 'pending', 'overdue']),
  acknowledgedAt: z.iso.datetime().nullable(),
  acknowledgedBy: z.object({ memberId: z.string(), email: z.string() }).nullable(),
  /** Acknowledged in an earlier round, before a material revision. */
  previouslyAcknowledgedAt: z.iso.datetime().nullable(),
  readBy: z.array(z.object({ memberId: z.string(), email: z.string(), readAt: z.iso.datetime() })),
});
export type ReceiptRow = z.infer<typeof ReceiptRow>;

export const Receipts = z.object({
  requiresAcknowledgement: z.boolean(),
  acknowledgeBy: z.iso.datetime().nullable(),
  round: z.number().int(),
  acknowledged: z.number().int(),
  pending: z.number().int(),
  overdue: z.number().int(),
  organisations: z.array(ReceiptRow),
});
export type Receipts = z.infer<typeof Receipts>;

/** The clock-dependent rule of every item that asks for acknowledgement: a due date lies ahead. */
export function acknowledgeByIssues(acknowledgeBy: string | null | undefined, now: Date) {
  return acknowledgeBy && Date.parse(acknowledgeBy) <= now.getTime()
    ? [
        {
          field: 'acknowledgeBy',
          message: 'the acknowledgement due date must lie in the future',
          code: 'past_due' as const,
        },
      ]
    : [];
}

/** An organisation that has not acknowledged in the current round is overdue once the due date passed. */
export const isOverdue = (acknowledgeBy: string | null | undefined, now: Date): boolean =>
  !!acknowledgeBy && Date.parse(acknowledgeBy) < now.getTime();

/**
 * The receipt table of an item: one row per recipient organisation, acknowledged in the current
 * round, pending, or overdue.
 */
export function receiptsOf(input: {
  recipientOrganisations: readonly string[];
  requiresAcknowledgement: boolean;
  acknowledgeBy: string | null;
  round: number;
  acknowledgements: readonly OrganisationAcknowledgement[];
  reads: readonly ReadReceipt[];
  now: Date;
}): Receipts {
  const overdueNow = input.requiresAcknowledgement && isOverdue(input.acknowledgeBy, input.now);
  const rows: ReceiptRow[] = input.recipientOrganisations.map((organisationId) => {
    const ack = input.acknowledgements.find((a) => a.organisationId === organisationId);
    const current = ack && ack.round === input.round ? ack : undefined;
    return {
      organisationId,
      status: current ? 'acknowledged' : overdueNow ? 'overdue' : 'pending',
      acknowledgedAt: current?.acknowledgedAt ?? null,
      acknowledgedBy: current?.acknowledgedBy ?? null,
      previouslyAcknowledgedAt: ack && !current ? ack.acknowledgedAt : null,
      readBy: input.reads
        .filter((r) => r.organisationId === organisationId)
        .map(({ memberId, email, readAt }) => ({ memberId, email, readAt })),
    };
  });
  const count = (s: ReceiptRow['status']) => rows.filter((r) => r.status === s).length;
  return {
    requiresAcknowledgement: input.requiresAcknowledgement,
    acknowledgeBy: input.acknowledgeBy,
    round: input.round,
    acknowledged: count('acknowledged'),
    pending: count('pending'),
    overdue: count('overdue'),
    organisations: rows,
  };
}
