import * as z from 'zod/mini';
import { ownRecord } from '../../shared/own-keys';
import { WebhookBodyError } from './connector';

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
