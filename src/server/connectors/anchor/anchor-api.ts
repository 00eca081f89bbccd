import * as z from 'zod/mini';
import type { ConnectorSource, PlatformContext } from '../connector';
import { callPlatform, joinUrl, type SourceCall } from '../kit/http';

/** Anchor needs only the project's API key; the webhook secret is the one its webhook was created with. */
export const anchorSettingsSchema = z.object({});
export const anchorSecretsSchema = z.object({
  apiKey: z.string().check(z.minLength(1)),
  webhookSecret: z.optional(z.string().check(z.minLength(1))),
});
export type AnchorSettings = z.infer<typeof anchorSettingsSchema>;
export type AnchorSecrets = z.infer<typeof anchorSecretsSchema>;
export type AnchorSource = ConnectorSource<AnchorSettings, AnchorSecrets>;

export const anchorLabel = 'Anchor Browser';

export function sessionPath(sessionId: string, rest = ''): string {
  return `/v1/sessions/${encodeURIComponent(sessionId)}${rest}`;
}

/** One call with the `anchor-api-key` header. */
export function anchorCall(source: AnchorSource, ctx: PlatformContext): SourceCall {
  return (path, options) =>
    callPlatform(ctx.http, joinUrl(source.baseUrl, path, options.query), {
      ...options,
      headers: { 'anchor-api-key': source.secrets.apiKey, ...options.headers },
    });
}
