import type { Context } from 'hono';
import type { AuditEvent } from '../../shared/audit';
import { edgeHeaders } from '../settings/edge';
import type { AppEnv } from './env';

interface ConnectionEnv {
  event?: { requestContext?: { http?: { sourceIp?: string } }; headers?: Record<string, string | undefined> };
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The caller's address as the platform saw it. In AWS, API Gateway's `sourceIp` is a CloudFront
 * edge server's, so the viewer's address is the header CloudFront's own function sets on every
 * `/api/*` request (infra/constructs/web.ts), overwriting whatever the client sent; the Lambda
 * handler refuses anything that did not come through CloudFront (functions/api/lambda.ts), so
 * that header is CloudFront's word. Locally: the socket, never a header.
 */
export function sourceIpOf(c: Context): string | undefined {
  const env = c.env as ConnectionEnv | undefined;
  if (env?.event)
    return env.event.headers?.[edgeHeaders.viewerAddress] ?? env.event.requestContext?.http?.sourceIp;
  return env?.incoming?.socket?.remoteAddress;
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
