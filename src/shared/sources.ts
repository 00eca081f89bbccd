import * as z from 'zod/mini';
import { idSchema, isoDateSchema } from './common';

export const sourceKinds = [
  'native',
  'dari',
  'anchor',
  'browser-use',
  'crewai',
  'm8tes',
  'langgraph',
] as const;
export const sourceKindSchema = z.enum(sourceKinds);
export type SourceKind = z.infer<typeof sourceKindSchema>;

/** Every kind but `native`: the platforms a connector talks to. */
export const connectorKinds = [
  'dari',
  'anchor',
  'browser-use',
  'crewai',
  'm8tes',
  'langgraph',
] as const;
export const connectorKindSchema = z.enum(connectorKinds);
export type ConnectorKind = z.infer<typeof connectorKindSchema>;

/** `ok` when the last contact with the platform went well, `error` when it did not, `unknown` before any. */
export const sourceHealthSchema = z.object({
  status: z.enum(['ok', 'error', 'unknown']),
  lastOkAt: z.nullable(isoDateSchema),
  lastError: z.nullable(z.string()),
  lastErrorAt: z.nullable(isoDateSchema),
  lastPolledAt: z.nullable(isoDateSchema),
});
export type SourceHealth = z.infer<typeof sourceHealthSchema>;

/**
 * A source as any API shows it: never its secrets, only the names of those that are set. The fields
 * after `createdAt` are filled for every source the server returns (native has no base URL or webhook).
 */
export const sourceSchema = z.object({
  id: idSchema,
  kind: sourceKindSchema,
  name: z.string(),
  createdAt: isoDateSchema,
  baseUrl: z.optional(z.nullable(z.string())),
  settings: z.optional(z.record(z.string(), z.unknown())),
  secretsSet: z.optional(z.array(z.string())),
  webhookUrl: z.optional(z.nullable(z.string())),
  health: z.optional(sourceHealthSchema),
});
export type Source = z.infer<typeof sourceSchema>;

const httpUrl = z.url({ protocol: /^https?$/ }).check(z.maxLength(2000));
const sourceName = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
const settingsInput = z.record(
  z.string().check(z.maxLength(100)),
  z.union([z.string().check(z.maxLength(2000)), z.number(), z.boolean(), z.null()]),
);
const secretValue = z.string().check(z.minLength(1), z.maxLength(5000));

/** `POST /sources` (admin). Settings and secrets are checked against the kind's fields (422 names them). */
export const createSourceSchema = z.object({
  kind: connectorKindSchema,
  name: sourceName,
  /** Omitted: the platform's default base URL. */
  baseUrl: z.optional(httpUrl),
  settings: z._default(settingsInput, {}),
  secrets: z._default(z.record(z.string().check(z.maxLength(100)), secretValue), {}),
});
export type CreateSource = z.input<typeof createSourceSchema>;

/**
 * `PATCH /sources/:id` (admin). `settings` replaces the settings. Secrets are write-only: a value
 * replaces that secret, `null` removes it, and an omitted secret is kept.
 */
export const updateSourceSchema = z.object({
  name: z.optional(sourceName),
  baseUrl: z.optional(z.nullable(httpUrl)),
  settings: z.optional(settingsInput),
  secrets: z.optional(z.record(z.string().check(z.maxLength(100)), z.nullable(secretValue))),
});
export type UpdateSource = z.input<typeof updateSourceSchema>;

/** `POST /sources/:id/test` (admin): whether Countersign could reach the platform with these settings. */
export const sourceTestResultSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  checkedAt: isoDateSchema,
});
export type SourceTestResult = z.infer<typeof sourceTestResultSchema>;

/** `POST /sources/:id/poll` (admin): what one look at the platform found. */
export const sourcePollResultSchema = z.object({
  runsCreated: z.number(),
  requestsCreated: z.number(),
  problems: z.array(z.string()),
  source: sourceSchema,
});
export type SourcePollResult = z.infer<typeof sourcePollResultSchema>;
