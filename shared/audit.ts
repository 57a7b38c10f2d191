import * as z from 'zod';
import { Role } from './organisation';

/** Who did what, to which object, from where, when, with which request id (DESIGN §2). */
export const AuditEvent = z.object({
  at: z.iso.datetime(),
  requestId: z.string(),
  actor: z.object({ memberId: z.string(), organisationId: z.string(), role: Role }),
  action: z.string(),
  object: z.object({ type: z.string(), id: z.string() }),
  /** The organisation whose trail holds the event. */
  organisationId: z.string(),
  sourceIp: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
