import * as z from 'zod/mini';
import type { ConnectorSource, PlatformContext } from '../connector';
import { callPlatform, joinUrl, type SourceCall } from '../kit/http';

const webhookUrl = z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2000)));
/** The kickoff's task, step and crew webhook URLs, which `/resume` must repeat. */
export const crewAiSettingsSchema = z.object({
  taskWebhookUrl: webhookUrl,
  stepWebhookUrl: webhookUrl,
  crewWebhookUrl: webhookUrl,
});
export const crewAiSecretsSchema = z.object({
  apiToken: z.string().check(z.minLength(1)),
  webhookToken: z.optional(z.string().check(z.minLength(1))),
  webhookUsername: z.optional(z.string().check(z.minLength(1))),
  webhookPassword: z.optional(z.string().check(z.minLength(1))),
});
export type CrewAiSettings = z.infer<typeof crewAiSettingsSchema>;
export type CrewAiSecrets = z.infer<typeof crewAiSecretsSchema>;
export type CrewAiSource = ConnectorSource<CrewAiSettings, CrewAiSecrets>;

export const crewAiLabel = 'CrewAI';

/** The webhook URLs a kickoff passes; CrewAI forgets them on resume unless they are sent again. */
export type CrewAiWebhookUrls = {
  taskWebhookUrl?: string;
  stepWebhookUrl?: string;
  crewWebhookUrl?: string;
};

/** The URLs set on the source, for runs whose kickoff's own are not known. */
export function sourceWebhookUrls(source: CrewAiSource): CrewAiWebhookUrls {
  const { taskWebhookUrl, stepWebhookUrl, crewWebhookUrl } = source.settings;
  return Object.fromEntries(
    Object.entries({ taskWebhookUrl, stepWebhookUrl, crewWebhookUrl }).filter(([, url]) => url),
  );
}

/** One call to the deployed crew with its bearer token. */
export function crewAiCall(source: CrewAiSource, ctx: PlatformContext): SourceCall {
  return (path, options) =>
    callPlatform(ctx.http, joinUrl(source.baseUrl, path, options.query), {
      ...options,
      headers: { Authorization: `Bearer ${source.secrets.apiToken}`, ...options.headers },
    });
}

/** A deployed crew lives at `https://<crew-name>.crewai.com`. */
export function crewName(baseUrl: string): string {
  try {
    const host = new URL(baseUrl).hostname;
    return host.endsWith('.crewai.com') ? host.split('.')[0]! : 'CrewAI crew';
  } catch {
    return 'CrewAI crew';
  }
}
