import * as z from 'zod/mini';
import type { ConnectorSource, PlatformContext } from '../connector';
import { callPlatform, joinUrl, type SourceCall } from '../kit/http';

/** `handbackTask`: the follow-up task a hand back runs when the reviewer writes none. */
export const browserUseSettingsSchema = z.object({
  handbackTask: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
});
export const browserUseSecretsSchema = z.object({
  apiKey: z.string().check(z.minLength(1)),
  webhookSecret: z.optional(z.string().check(z.minLength(1))),
});
export type BrowserUseSettings = z.infer<typeof browserUseSettingsSchema>;
export type BrowserUseSecrets = z.infer<typeof browserUseSecretsSchema>;
export type BrowserUseSource = ConnectorSource<BrowserUseSettings, BrowserUseSecrets>;

export const browserUseLabel = 'Browser Use';

export const sessionPath = (sessionId: string) => `/sessions/${encodeURIComponent(sessionId)}`;

/** One call with the `X-Browser-Use-API-Key` header. */
export function browserUseCall(source: BrowserUseSource, ctx: PlatformContext): SourceCall {
  return (path, options) =>
    callPlatform(ctx.http, joinUrl(source.baseUrl, path, options.query), {
      ...options,
      headers: { 'X-Browser-Use-API-Key': source.secrets.apiKey, ...options.headers },
    });
}
