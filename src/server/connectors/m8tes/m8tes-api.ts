import * as z from 'zod/mini';
import type { ConnectorSource, PlatformContext } from '../connector';
import {
  callPlatform,
  isOk,
  joinUrl,
  platformMessage,
  type CallOptions,
  type PlatformReply,
} from '../kit/http';
import { readReply } from '../kit/platform-reply';

/** `userId` scopes every GET to one end user, as m8tes's strict multi-tenant mode requires. */
export const m8tesSettingsSchema = z.object({
  userId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
});
export const m8tesSecretsSchema = z.object({
  apiKey: z.string().check(z.minLength(1)),
  webhookSecret: z.optional(z.string().check(z.minLength(1))),
});
export type M8tesSettings = z.infer<typeof m8tesSettingsSchema>;
export type M8tesSecrets = z.infer<typeof m8tesSecretsSchema>;
export type M8tesSource = ConnectorSource<M8tesSettings, M8tesSecrets>;

export const m8tesLabel = 'm8tes';

export function runPath(runId: string, rest = ''): string {
  return `/runs/${encodeURIComponent(runId)}${rest}`;
}

/** One call with the bearer key; GETs carry the source's `user_id`. */
export function m8tesCall(
  source: M8tesSource,
  ctx: PlatformContext,
  path: string,
  options: CallOptions,
): Promise<PlatformReply> {
  const query =
    options.method === 'GET'
      ? { user_id: source.settings.userId, ...options.query }
      : options.query;
  return callPlatform(ctx.http, joinUrl(source.baseUrl, path, query), {
    ...options,
    headers: { Authorization: `Bearer ${source.secrets.apiKey}`, ...options.headers },
  });
}

/** A GET whose reply must fit `schema`. */
export async function m8tesGet<S extends z.ZodMiniType>(
  source: M8tesSource,
  ctx: PlatformContext,
  schema: S,
  path: string,
  query?: Record<string, string>,
): Promise<z.output<S>> {
  const reply = await m8tesCall(source, ctx, path, { method: 'GET', query });
  if (!isOk(reply)) throw new Error(`GET ${path}: ${platformMessage(reply)}`);
  return readReply(schema, reply.body, `m8tes's reply to GET ${path}`);
}
