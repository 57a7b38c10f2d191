import type { Context } from 'hono';
import { acknowledgeByIssues } from '../../shared/acknowledgement';
import type { AuditEvent } from '../../shared/audit';
import type { Recipients } from '../../shared/recipients';
import { isRestricted, type TlpLabel } from '../../shared/tlp';
import { auditEvent } from './audit';
import type { AppEnv } from './env';
import { badRequest, type FieldError, ProblemError } from './problems';
import { shownRecentlyOf } from './shown-recently';

/**
 * Rules on how a labelled item (bulletin, document) is addressed that need the directory or the
 * clock: recipient organisations exist, TLP:RED members belong to them (or to the author's
 * organisation), the acknowledgement due date lies ahead. Bad input → 400 naming the fields.
 */
export async function checkAddressing(
  c: Context<AppEnv>,
  item: { tlp: TlpLabel; recipients: Recipients; acknowledgeBy: string | null },
  authorOrganisationId: string,
) {
  const { recipients, now } = c.get('deps');
  const issues: FieldError[] = [...acknowledgeByIssues(item.acknowledgeBy, now())];
  const orgs = item.recipients.organisations;
  const missing = await recipients.missingOrganisations(orgs);
  orgs.forEach((id, i) => {
    if (missing.includes(id)) {
      issues.push({
        field: `recipients.organisations.${i}`,
        message: `no member organisation "${id}"`,
        code: 'not_a_member',
        params: { name: id },
      });
    }
  });
  if (item.tlp === 'TLP:RED' && item.recipients.members.length > 0) {
    const located = await recipients.locateMembers(
      [authorOrganisationId, ...orgs.filter((o) => !missing.includes(o))],
      item.recipients.members,
    );
    item.recipients.members.forEach((m, i) => {
      if (!located.has(m)) {
        issues.push({
          field: `recipients.members.${i}`,
          message: `"${m}" is not a member of a recipient organisation`,
          code: 'not_a_member',
          params: { name: m },
        });
      }
    });
  }
  if (issues.length > 0) {
    throw badRequest(`Invalid body: ${issues.map((e) => `${e.field} (${e.message})`).join(', ')}`, issues);
  }
}

/** What a list or a sub-resource response shows of one labelled item, for its audit event. */
export interface ShownItem {
  id: string;
  tlp: TlpLabel;
  authorOrganisationId: string;
}

/**
 * A response that carries restricted material of several items (a list page) leaves one audit
 * event per author organisation — naming the items and the viewer — so each organisation's trail
 * shows who saw its AMBER and RED titles; an AMBER title the member was shown by the same list
 * within the last minutes is not written again (shown-recently.ts). The
 * events go in one write; if it fails and a TLP:RED item was shown, the response is refused
 * (503), as for a single read.
 */
export async function auditRestrictedItems(
  c: Context<AppEnv>,
  shown: readonly ShownItem[],
  objectType: string,
  action: string,
  record: (events: AuditEvent[]) => Promise<void>,
) {
  const viewer = c.get('viewer');
  const recently = shownRecentlyOf(c.get('deps'));
  // RED titles on every showing; AMBER ones once a window (shown-recently.ts).
  const restricted = shown.filter(
    (item) =>
      isRestricted(item.tlp) && (item.tlp === 'TLP:RED' || !recently.has(viewer.memberId, action, item.id)),
  );
  if (restricted.length === 0) return;
  const byAuthor = new Map<string, ShownItem[]>();
  for (const item of restricted) {
    byAuthor.set(item.authorOrganisationId, [...(byAuthor.get(item.authorOrganisationId) ?? []), item]);
  }
  const events = [...byAuthor].map(([organisationId, items]) =>
    auditEvent(c, action, { type: objectType, id: items.map((i) => i.id).join(',') }, organisationId, {
      items: items.map(({ id, tlp }) => ({ id, tlp })),
    }),
  );
  try {
    await record(events);
    recently.record(
      viewer.memberId,
      action,
      restricted.map((item) => item.id),
    );
  } catch (err) {
    c.get('deps').logger.error('read audit failed', { requestId: c.get('requestId'), error: err as Error });
    if (restricted.some((item) => item.tlp === 'TLP:RED')) {
      throw new ProblemError(
        503,
        'Service unavailable',
        'This response holds TLP:RED material and could not be recorded in the audit trail, so it is refused; try again.',
      );
    }
  }
}

/**
 * Reading restricted material (AMBER, AMBER+STRICT, RED) leaves an audit event in the author
 * organisation's trail (docs/audit-trail.md). For TLP:RED the event is a condition of the read: if it
 * cannot be written, the read is refused with 503.
 */
export async function auditRestrictedRead(
  c: Context<AppEnv>,
  item: { tlp: TlpLabel; authorOrganisationId: string },
  object: AuditEvent['object'],
  action: string,
  record: (event: AuditEvent) => Promise<void>,
  details?: Record<string, unknown>,
) {
  if (!isRestricted(item.tlp)) return;
  try {
    await record(auditEvent(c, action, object, item.authorOrganisationId, { tlp: item.tlp, ...details }));
  } catch (err) {
    c.get('deps').logger.error('read audit failed', { requestId: c.get('requestId'), error: err as Error });
    if (item.tlp === 'TLP:RED') {
      throw new ProblemError(
        503,
        'Service unavailable',
        'This TLP:RED read could not be recorded in the audit trail, so it is refused; try again.',
      );
    }
  }
}
