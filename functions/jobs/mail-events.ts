/**
 * SES bounce and complaint events (the configuration set's event destination, through SNS or
 * EventBridge): a permanently bouncing or complaining address gets no more mail, and its
 * organisation's admins are told once, by mail, that it stopped.
 */
import { orgAdminsOf } from '../../shared/notification';
import type { DirectoryStore } from '../ports';
import { type NotifyDeps, sendOnce } from './notify';

/** The part of an SES event (v2 event publishing) this job reads. */
export interface SesMailEvent {
  eventType?: string;
  notificationType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string }[] };
  complaint?: { complainedRecipients?: { emailAddress?: string }[] };
}

/** The addresses an event says to stop mailing: permanent bounces and complaints, not transient ones. */
export function stoppedAddresses(event: SesMailEvent): { email: string; reason: 'bounce' | 'complaint' }[] {
  const type = event.eventType ?? event.notificationType;
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    return (event.bounce.bouncedRecipients ?? []).flatMap((r) =>
      r.emailAddress ? [{ email: r.emailAddress, reason: 'bounce' as const }] : [],
    );
  }
  if (type === 'Complaint') {
    return (event.complaint?.complainedRecipients ?? []).flatMap((r) =>
      r.emailAddress ? [{ email: r.emailAddress, reason: 'complaint' as const }] : [],
    );
  }
  return [];
}

export async function handleMailEvent(
  deps: Pick<NotifyDeps, 'notifications' | 'mail' | 'now' | 'publicBaseUrl'> & {
    directory: Pick<DirectoryStore, 'findMemberByEmail' | 'listMembers'>;
  },
  event: SesMailEvent,
) {
  let stopped = 0;
  for (const { email, reason } of stoppedAddresses(event)) {
    if (!(await deps.notifications.markBouncing(email, deps.now().toISOString(), reason))) continue;
    stopped += 1;
    const member = await deps.directory.findMemberByEmail(email);
    if (!member) continue;
    const { items } = await deps.directory.listMembers(member.organisationId, { limit: 100 });
    const admins = orgAdminsOf(
      member.organisationId,
      items.map((m) => ({
        memberId: m.id,
        email: m.email,
        organisationId: m.organisationId,
        role: m.role,
        active: (m.status ?? 'active') === 'active',
      })),
      member.id,
    );
    const subject = `Mail to a member of your organisation ${reason === 'bounce' ? 'bounces' : 'was reported as spam'}`;
    const text = [
      subject,
      '',
      `The portal stopped mailing ${email}. Check the address in the members page: ${deps.publicBaseUrl.replace(/\/$/, '')}/organisations/${encodeURIComponent(member.organisationId)}`,
    ].join('\n');
    const html = `<p>${subject}</p><p>The portal stopped mailing this address; check it in the members page.</p>`;
    for (const admin of admins) {
      await sendOnce(deps, admin, `bounce#${email.toLowerCase()}`, { subject, text, html, headers: {} });
    }
  }
  return { stopped };
}
