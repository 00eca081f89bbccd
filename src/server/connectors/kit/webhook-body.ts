import * as z from 'zod/mini';
import { ownRecord } from '../../../shared/own-keys';
import { WebhookBodyError } from '../connector';

const objectSchema = ownRecord(z.unknown());

/** A field of a platform's body that should be an object: its own keys, or null when it is anything else. */
export function objectOrNull(value: unknown): Record<string, unknown> | null {
  const parsed = z.safeParse(objectSchema, value);
  return parsed.success ? parsed.data : null;
}

/** A verified webhook body as a JSON object (its own keys only), or a WebhookBodyError saying why not. */
export function parseWebhookBody(rawBody: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new WebhookBodyError('The body is not JSON');
  }
  const object = objectOrNull(body);
  if (!object) throw new WebhookBodyError('The body is not an object');
  return object;
}

/**
 * When the platform says it sent the body (`timestamp`, unix seconds or milliseconds or an ISO date), for
 * refusing replays; null when the body does not say.
 */
export function bodySentAt(rawBody: string): number | null {
  let timestamp: unknown;
  try {
    timestamp = objectOrNull(JSON.parse(rawBody))?.timestamp;
  } catch {
    return null;
  }
  if (typeof timestamp === 'number') return timestamp * (timestamp < 1e12 ? 1000 : 1);
  if (typeof timestamp === 'string') {
    const parsed = Date.parse(timestamp);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}
