import type { Context } from 'hono';
import type { AuditEvent } from '../../shared/audit';
import type { AppEnv } from './env';

interface ConnectionEnv {
  event?: { requestContext?: { http?: { sourceIp?: string } } };
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The caller's address as the platform saw it (API Gateway in AWS, the socket locally), never a header. */
export function sourceIpOf(c: Context): string | undefined {
  const env = c.env as ConnectionEnv | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress;
}

/** Builds the audit event of the current request's action on an object. */
export function auditEvent(
  c: Context<AppEnv>,
  action: string,
  object: AuditEvent['object'],
  organisationId: string,
  details?: Record<string, unknown>,
): AuditEvent {
  const viewer = c.get('viewer');
  const sourceIp = sourceIpOf(c);
  return {
    at: c.get('deps').now().toISOString(),
    requestId: c.get('requestId'),
    actor: {
      memberId: viewer.memberId,
      organisationId: viewer.organisationId,
      role: viewer.role,
      ...(viewer.token ? { token: { id: viewer.token.id, name: viewer.token.name } } : {}),
    },
    action,
    object,
    organisationId,
    ...(sourceIp ? { sourceIp } : {}),
    ...(details ? { details } : {}),
  };
}
