import * as z from 'zod/mini';
import type { ConnectorSource, PlatformContext } from '../connector';
import { callPlatform, joinUrl, type CallOptions, type PlatformReply } from '../kit/http';

/** The portal a Dari source follows: its jobs run at `/{prefix}/{orgId}/{endpointName}`. */
export const dariSettingsSchema = z.object({
  orgId: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  endpointName: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  pathPrefix: z.optional(z.enum(['/jobs', '/task'])),
  timeoutMinutes: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(24 * 60))),
});
export const dariSecretsSchema = z.object({
  apiKey: z.string().check(z.minLength(1)),
  webhookSecret: z.optional(z.string().check(z.minLength(1))),
});
export type DariSettings = z.infer<typeof dariSettingsSchema>;
export type DariSecrets = z.infer<typeof dariSecretsSchema>;
export type DariSource = ConnectorSource<DariSettings, DariSecrets>;

export const dariLabel = 'Dari';

export type DariAddress = { orgId: string; endpointName: string };
export type JobAddress = DariAddress & { jobId: string };

export function addressOf(source: DariSource): DariAddress {
  return { orgId: source.settings.orgId, endpointName: source.settings.endpointName };
}

/** A job stays addressed where it was found, even if the source's settings change later. */
export function jobAddress(source: DariSource, externalData: Record<string, unknown>): JobAddress {
  const { orgId, endpointName, jobId } = externalData;
  return {
    orgId: typeof orgId === 'string' ? orgId : source.settings.orgId,
    endpointName: typeof endpointName === 'string' ? endpointName : source.settings.endpointName,
    jobId: typeof jobId === 'string' ? jobId : '',
  };
}

/** One call about a job: `X-API-Key`, the path prefix the source uses, and the job id as a query. */
export function jobCall(
  source: DariSource,
  ctx: PlatformContext,
  address: JobAddress,
  action: 'status' | 'answer' | 'stop',
  options: CallOptions,
): Promise<PlatformReply> {
  const prefix = source.settings.pathPrefix ?? '/jobs';
  const path = `${prefix}/${encodeURIComponent(address.orgId)}/${encodeURIComponent(address.endpointName)}/${action}`;
  return callPlatform(ctx.http, joinUrl(source.baseUrl, path, { job_id: address.jobId }), {
    ...options,
    headers: { 'X-API-Key': source.secrets.apiKey, ...options.headers },
  });
}
