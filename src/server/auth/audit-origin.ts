import type { Context } from 'hono';
import type { AuditOrigin } from '../domain/audit';
import type { AppEnv } from '../http/app-env';
import { clientAddress, userAgent } from '../http/client-address';

/** The audit's who and where for this request: the signed-in user, or the name given (failed sign-in). */
export function auditOrigin(c: Context<AppEnv>, actorName?: string): AuditOrigin {
  const principal = c.get('principal');
  const user = principal?.type === 'user' ? principal.user : null;
  return {
    actor: actorName ?? user?.username ?? (principal?.type === 'agent' ? 'agent' : 'anonymous'),
    actorId: actorName === undefined ? (user?.id ?? null) : null,
    ip: clientAddress(c, c.get('deps').trustProxy),
    userAgent: userAgent(c),
  };
}
