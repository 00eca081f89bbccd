import * as z from 'zod/mini';
import { issuesToDetails } from '../../../shared/errors';
import { RunNotOnPlatform, usableId } from '../connector';
import {
  isOk,
  platformMessage,
  PlatformUnreachable,
  type PlatformReply,
  type SourceCall,
} from './http';

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

/** A GET whose reply must fit `schema`; any other status than 2xx is an error in the platform's words. */
export async function getJson<S extends z.ZodMiniType>(
  call: SourceCall,
  label: string,
  schema: S,
  path: string,
  query?: Record<string, string>,
): Promise<z.output<S>> {
  const reply = await call(path, { method: 'GET', query });
  if (!isOk(reply)) throw new Error(`GET ${path}: ${label} answered ${platformMessage(reply)}`);
  return readReply(schema, reply.body, `${label}'s reply to GET ${path}`);
}

/** A GET of one thing the platform may have forgotten: null on 404; `what` names it in errors. */
export async function getOneOrNull<S extends z.ZodMiniType>(
  call: SourceCall,
  label: string,
  schema: S,
  path: string,
  what: string,
): Promise<z.output<S> | null> {
  const reply = await call(path, { method: 'GET' });
  if (reply.status === 404) return null;
  if (!isOk(reply)) throw new Error(`${what}: ${label} answered ${platformMessage(reply)}`);
  return readReply(schema, reply.body, `${label}'s ${what}`);
}

/**
 * One look of a poll round: a reply that did not fit the platform's API is named in `problems` (the
 * source's health shows it), any other failure passes this one over so the others are still looked at,
 * and an unreachable platform ends the round.
 */
export async function lookAt<T>(
  problems: string[],
  look: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await look();
  } catch (error) {
    if (error instanceof PlatformUnreachable) throw error;
    if (error instanceof PlatformReplyError) problems.push(error.message);
    return undefined;
  }
}
