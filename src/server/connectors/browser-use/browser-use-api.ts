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
export function browserUseCall(
  source: BrowserUseSource,
  ctx: PlatformContext,
  path: string,
  options: CallOptions,
): Promise<PlatformReply> {
  return callPlatform(ctx.http, joinUrl(source.baseUrl, path, options.query), {
    ...options,
    headers: { 'X-Browser-Use-API-Key': source.secrets.apiKey, ...options.headers },
  });
}

/** A GET whose reply must fit `schema`. */
export async function browserUseGet<S extends z.ZodMiniType>(
  source: BrowserUseSource,
  ctx: PlatformContext,
  schema: S,
  path: string,
  query?: Record<string, string>,
): Promise<z.output<S>> {
  const reply = await browserUseCall(source, ctx, path, { method: 'GET', query });
  if (!isOk(reply)) {
    throw new Error(`GET ${path}: ${browserUseLabel} answered ${platformMessage(reply)}`);
  }
  return readReply(schema, reply.body, `${browserUseLabel}'s reply to GET ${path}`);
}
