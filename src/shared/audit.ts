import * as z from 'zod/mini';
import { idSchema, isoDateSchema } from './common';

export const auditActions = [
  'session.signed_in',
  'session.sign_in_failed',
  'session.signed_out',
  'session.signed_out_everywhere',
  'user.created',
  'user.role_changed',
  'user.password_reset',
  'user.password_changed',
  'user.disabled',
  'user.enabled',
  'user.sessions_revoked',
  'user.deleted',
  'request.answered',
  'request.auto_approved',
  'request.held',
  'request.countersigned',
  'request.delivery_retried',
  'run.stopped',
  'rule.created',
  'rule.deleted',
  'rule.paused',
  'rule.resumed',
  'source.created',
  'source.updated',
  'source.deleted',
  'token.created',
  'token.revoked',
  'webhook.created',
  'webhook.removed',
  'group.created',
  'group.updated',
  'group.deleted',
  'routing.updated',
  'request.claimed',
  'request.released',
  'request.reassigned',
  'request.escalated',
  'slack.connected',
  'slack.disconnected',
  'sso.role_mapping_changed',
] as const;
export const auditActionSchema = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** The part of an action before the dot; filtering by a group matches all of its actions. */
export const auditActionGroups = [
  'session',
  'user',
  'request',
  'run',
  'rule',
  'source',
  'token',
  'webhook',
  'group',
  'routing',
  'slack',
  'sso',
] as const;
export type AuditActionGroup = (typeof auditActionGroups)[number];

/** One append-only record of who did what, when, and from where. */
export const auditEntrySchema = z.object({
  id: z.string(),
  createdAt: isoDateSchema,
  action: auditActionSchema,
  /** A username; the name tried, for a failed sign-in; `rule:<ruleId>` for an auto-approval. */
  actor: z.string(),
  actorId: z.nullable(z.string()),
  targetType: z.nullable(z.string()),
  targetId: z.nullable(z.string()),
  runId: z.nullable(z.string()),
  summary: z.string(),
  ip: z.nullable(z.string()),
  userAgent: z.nullable(z.string()),
  data: z.nullable(z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** A day (`2026-03-01`, from its start in UTC) or an instant with an offset. */
const instantSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Query of `GET /api/v1/audit`; empty parameters count as absent. `action` takes an action or a group. */
export const auditQuerySchema = z.object({
  actor: z.optional(z.string().check(z.maxLength(100))),
  action: z.optional(z.union([auditActionSchema, z.enum(auditActionGroups)])),
  q: z.optional(z.string().check(z.maxLength(200))),
  from: z.optional(instantSchema),
  to: z.optional(instantSchema),
  runId: z.optional(idSchema),
  cursor: z.optional(z.string().check(z.regex(/^\d{1,15}$/, 'Not a cursor from this list'))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
  format: z._default(z.enum(['json', 'csv']), 'json'),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;
export type AuditFilters = Omit<z.input<typeof auditQuerySchema>, 'cursor' | 'format'>;

const hashSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'A SHA-256 hash in hex'));

/**
 * One line of `GET /api/v1/audit/export?format=jsonl`, oldest first: the entry, the hash of the entry
 * before it (64 zeros for the first), and its own hash over both (see `npm run audit:verify`).
 */
export const auditExportLineSchema = z.object({
  ...auditEntrySchema.shape,
  action: z.string(),
  prevHash: hashSchema,
  hash: hashSchema,
});
export type AuditExportLine = z.infer<typeof auditExportLineSchema>;
