import * as z from 'zod';
import { MemberId } from './member';
import { OrganisationId } from './organisation';
import type { ProblemCode, ProblemParams } from './problem-messages';
import type { TlpLabel } from './tlp';

/** Caps that keep a publish within one DynamoDB transaction (100 items) with room to spare. */
export const recipientLimits = { organisations: 50, members: 50, redOrganisations: 10 } as const;

/**
 * Who a labelled item (bulletin, document) is addressed to: organisations, and for TLP:RED the
 * named members. Shared by every area that shares material under TLP.
 */
export const Recipients = z.strictObject({
  organisations: z
    .array(OrganisationId)
    .max(recipientLimits.organisations, `at most ${recipientLimits.organisations} organisations`)
    .default([]),
  members: z
    .array(MemberId)
    .max(recipientLimits.members, `at most ${recipientLimits.members} named members`)
    .default([]),
});
export type Recipients = z.infer<typeof Recipients>;

export interface RecipientIssue {
  field: string;
  message: string;
  /** What people are told, in their language (shared/problem-messages.ts). */
  code?: ProblemCode;
  params?: ProblemParams;
}

/**
 * The rules a label puts on the recipients, checkable without the directory: AMBER needs
 * organisations, RED needs named members within few organisations, lists have no duplicates.
 */
export function recipientIssues(
  tlp: TlpLabel,
  recipients: Recipients,
  prefix = 'recipients',
): RecipientIssue[] {
  const issues: RecipientIssue[] = [];
  const dup = (list: readonly string[]) => list.find((x, i) => list.indexOf(x) !== i);
  const dupOrg = dup(recipients.organisations);
  if (dupOrg)
    issues.push({
      field: `${prefix}.organisations`,
      message: `"${dupOrg}" is listed twice`,
      code: 'listed_twice',
      params: { name: dupOrg },
    });
  const dupMember = dup(recipients.members);
  if (dupMember)
    issues.push({
      field: `${prefix}.members`,
      message: `"${dupMember}" is listed twice`,
      code: 'listed_twice',
      params: { name: dupMember },
    });
  if (tlp === 'TLP:RED') {
    if (recipients.members.length === 0) {
      issues.push({
        field: `${prefix}.members`,
        message: 'TLP:RED needs at least one named member',
        code: 'too_few',
        params: { min: 1 },
      });
    }
    if (recipients.organisations.length > recipientLimits.redOrganisations) {
      issues.push({
        field: `${prefix}.organisations`,
        message: `TLP:RED reaches at most ${recipientLimits.redOrganisations} organisations`,
        code: 'too_many',
        params: { max: recipientLimits.redOrganisations },
      });
    }
  } else if (recipients.members.length > 0) {
    issues.push({ field: `${prefix}.members`, message: 'named members are for TLP:RED only' });
  }
  if ((tlp === 'TLP:AMBER' || tlp === 'TLP:AMBER+STRICT') && recipients.organisations.length === 0) {
    issues.push({
      field: `${prefix}.organisations`,
      message: `${tlp} needs at least one recipient organisation`,
      code: 'too_few',
      params: { min: 1 },
    });
  }
  return issues;
}

/**
 * Every rule on how a labelled item (bulletin, document) is addressed, checkable without the
 * directory or the clock: the label's recipient rules, and acknowledgement asked only of named
 * organisations, with a due date only when acknowledgement is asked.
 */
export function addressingIssues(item: {
  tlp: TlpLabel;
  recipients: Recipients;
  requiresAcknowledgement: boolean;
  acknowledgeBy: string | null;
}): RecipientIssue[] {
  const issues = recipientIssues(item.tlp, item.recipients);
  if (item.requiresAcknowledgement && item.recipients.organisations.length === 0) {
    issues.push({
      field: 'recipients.organisations',
      message: 'name the organisations that must acknowledge',
      code: 'too_few',
      params: { min: 1 },
    });
  }
  if (!item.requiresAcknowledgement && item.acknowledgeBy) {
    issues.push({ field: 'acknowledgeBy', message: 'a due date needs requiresAcknowledgement' });
  }
  return issues;
}

/** Organisations whose inbox an item reaches: the recipients, and always the author's own. */
export function inboxOrganisations(authorOrganisationId: string, recipients: Recipients): string[] {
  return [...new Set([authorOrganisationId, ...recipients.organisations])];
}
