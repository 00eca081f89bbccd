import * as z from 'zod/mini';
import type { ConnectorSource, PlatformContext } from '../connector';
import { callPlatform, joinUrl, type SourceCall } from '../kit/http';

/** `assistantId`: the assistant (or graph id) to resume threads with when a thread does not name one. */
export const langGraphSettingsSchema = z.object({
  assistantId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
});
/** A local dev server needs no key; LangSmith deployments take one in `x-api-key`. */
export const langGraphSecretsSchema = z.object({
  apiKey: z.optional(z.string().check(z.minLength(1))),
});
export type LangGraphSettings = z.infer<typeof langGraphSettingsSchema>;
export type LangGraphSecrets = z.infer<typeof langGraphSecretsSchema>;
export type LangGraphSource = ConnectorSource<LangGraphSettings, LangGraphSecrets>;

export const langGraphLabel = 'LangGraph';

export function threadPath(threadId: string, rest = ''): string {
  return `/threads/${encodeURIComponent(threadId)}${rest}`;
}

/** One call to the LangGraph server, with the source's key when it has one. */
export function langGraphCall(source: LangGraphSource, ctx: PlatformContext): SourceCall {
  const auth: Record<string, string> = source.secrets.apiKey
    ? { 'x-api-key': source.secrets.apiKey }
    : {};
  return (path, options) =>
    callPlatform(ctx.http, joinUrl(source.baseUrl, path, options.query), {
      ...options,
      headers: { ...auth, ...options.headers },
    });
}
