import * as z from 'zod/mini';
import { issuesToDetails } from '../../../shared/errors';
import { RunNotOnPlatform, usableId } from '../connector';
import { isOk, platformMessage, type PlatformReply } from './http';

/**
 * The platform answered, but not in the shape its API promises (a `request_id` that is `{}`, `true` or
 * `null`). Nothing from such a reply is ingested: it is a failure on the source's health, never a 500,
 * and never a request keyed by a value that cannot match the next time.
 */
export class PlatformReplyError extends Error {}

/** Parses a platform reply body, or throws a PlatformReplyError naming what did not fit. */
export function readReply<S extends z.ZodMiniType>(
  schema: S,
  body: unknown,
  what: string,
): z.output<S> {
  const parsed = z.safeParse(schema, body);
  if (parsed.success) return parsed.data;
  const details = Object.entries(issuesToDetails(parsed.error.issues))
    .slice(0, 3)
    .map(([path, message]) => `${path}: ${message}`)
    .join('; ');
  throw new PlatformReplyError(`${what} did not fit its API: ${details}`);
}

/** A GET of one run: 404 becomes RunNotOnPlatform, any other non-2xx a plain error. */
export function runReply(reply: PlatformReply, what: string): unknown {
  if (reply.status === 404) throw new RunNotOnPlatform(`${what}: ${platformMessage(reply)}`);
  if (!isOk(reply)) throw new Error(`${what}: ${platformMessage(reply)}`);
  return reply.body;
}

/** An id the platform gives a pause or a run, as its API documents it: a string usable in a URL. */
export const platformIdSchema = z
  .string()
  .check(z.refine((id) => usableId(id) !== null, 'Expected a usable id'));

/** A run id some platforms give as an integer: kept as its decimal string, so every read keys alike. */
export const numericOrStringIdSchema = z.pipe(
  z.union([platformIdSchema, z.number().check(z.int(), z.nonnegative())]),
  z.transform((id) => String(id)),
);
