import * as z from 'zod/mini';
import type { ConnectorSource, PlatformContext } from '../connector';
import { callPlatform, joinUrl, type SourceCall } from '../kit/http';

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
export function m8tesCall(source: M8tesSource, ctx: PlatformContext): SourceCall {
  return (path, options) => {
    const query =
      options.method === 'GET'
        ? { user_id: source.settings.userId, ...options.query }
        : options.query;
    return callPlatform(ctx.http, joinUrl(source.baseUrl, path, query), {
      ...options,
      headers: { Authorization: `Bearer ${source.secrets.apiKey}`, ...options.headers },
    });
  };
}
