import * as z from 'zod/mini';
import {
  responseSchemas,
  type CreateRequest,
  type RequestKind,
  type RequestOf,
  type ResponseFor,
} from '../../shared/requests';
import type { RunStatus } from '../../shared/runs';
import type { SourceKind } from '../../shared/sources';

/**
 * How an agent platform plugs into Countersign. To add a platform:
 *
 * 1. Make a folder `connectors/<platform>/` named by direction, like the others: `<platform>-api.ts`
 *    (settings, secrets, the authenticated call), `<platform>-signature.ts`, `<platform>-discovery.ts`
 *    (step 2), `<platform>-delivery.ts` (step 3), and `connector.ts` wiring them into a `Connector`, which
 *    `registry.ts` lists. Shared helpers are in `connectors/kit/`. Describe its form fields in
 *    `src/shared/source-kinds.ts` (settings are shown, secrets are write-only).
 * 2. Discovery: `verifyWebhook` authenticates a push (any failure: the route answers 401 and stores
 *    nothing); `webhookEvents` turns the verified body into `NormalizedEvent`s, calling the platform when the
 *    body is only a notification. `poll` is the safety net: it looks at the platform and returns the same
 *    events. Both feed `ingest.ts`, which upserts runs and requests keyed by (source id, run externalId)
 *    and (run, request externalId), so a webhook and a poll of one pause make one request.
 * 3. Delivery: `deliver` sends one answer in the platform's exact wire format and classifies the outcome:
 *    `ok`, `retry` (network, 5xx, 429: the queue backs off), `conflict` (the platform already resolved the
 *    pause: shown on the request, never a success) or `fatal` (bad key, bad request: stops until Retry now).
 *    It must be safe to call again after an interrupted attempt (`inDoubt`); pass `idempotencyKey` when the
 *    platform supports one. `stop` cancels the run on the platform and is queued the same way.
 * 4. Whatever the connector needs later to address a run or request (org ids, batch ids, question text)
 *    goes in `externalData`, stored server-side and never shown by the API.
 *
 * All HTTP goes through `ctx.http` (injected fetch with a timeout), so tests point connectors at fakes.
 */
/** The fetch connectors use; injected so tests and the bench can point it anywhere. */
export type PlatformHttp = (url: string, init: RequestInit) => Promise<Response>;

export type ConnectorKind = Exclude<SourceKind, 'native'>;

/** A source as its connector sees it: settings parsed by `settingsSchema`, secrets decrypted. */
export type ConnectorSource<
  Settings = Record<string, unknown>,
  Secrets = Record<string, string>,
> = {
  id: string;
  kind: ConnectorKind;
  name: string;
  baseUrl: string;
  settings: Settings;
  secrets: Secrets;
  /** The connector's own bookkeeping between polls (cursors), as `poll` last returned it. */
  state: Record<string, unknown>;
};

export type PlatformContext = {
  http: PlatformHttp;
  now: () => Date;
};

/**
 * A platform's id as Countersign can use it: a non-blank string of at most 200 characters that can go in
 * a URL path (`encodeURIComponent` refuses lone surrogates). Anything else from a platform is not an id.
 * Every `externalId` a connector returns must be one; ingestion skips an event naming anything else.
 */
export function usableId(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) return null;
  try {
    encodeURIComponent(value);
    return value;
  } catch {
    return null;
  }
}

export type NormalizedRun = {
  externalId: string;
  title?: string;
  /** Only finished statuses change a run; `running` keeps it as Countersign computes it. */
  status?: Extract<RunStatus, 'running' | 'completed' | 'failed' | 'stopped'>;
  customer?: string | null;
  liveUrl?: string | null;
  metadata?: Record<string, unknown>;
  externalData?: Record<string, unknown>;
  /**
   * Why answers to this run cannot be sent yet, when the platform has not said where they go: shown on
   * its cards, and its answers (and a stop) are kept until an observation sets it to null, then sent.
   * Undefined leaves it as it is.
   */
  deliveryHold?: string | null;
};

export type NormalizedRequest = {
  /** Unique within the run on the platform (a gate id, a batch id). */
  externalId: string;
  /** Validated with the shared createRequestSchema on ingestion. */
  request: CreateRequest;
  externalData?: Record<string, unknown>;
};

export type NormalizedEvent = {
  run: NormalizedRun;
  /** Requests open on the platform now. */
  requests: NormalizedRequest[];
  /**
   * True when `requests` lists every open request of the run: pending requests missing from it (created
   * before this observation) were resolved on the platform and are cancelled.
   */
  complete: boolean;
  /** What the connector could not use of what it saw, though the event is still stored: shown on the source's health. */
  problems?: string[];
};

/** A push as received: `query` is the webhook URL's query string (a platform may be given one to repeat). */
export type WebhookInput = {
  headers: Headers;
  rawBody: string;
  query: URLSearchParams;
  receivedAt: Date;
};
/**
 * A verified push. `delivery` names it when the platform gives each delivery an id of its own (m8tes's
 * `Webhook-Id`): the domain then takes each id once, remembering it for `deliveryMemoryMs`, so replays
 * are refused by memory rather than by age. A connector that names deliveries must refuse those sent
 * longer ago than that, which memory no longer covers.
 */
export type WebhookVerdict =
  { ok: true; delivery?: { id: string; sentAt: Date } } | { ok: false; reason: string };

/** How long a named webhook delivery is remembered (and so how late one may still arrive). */
export const deliveryMemoryMs = 7 * 24 * 60 * 60 * 1000;

export type KnownRun = {
  externalId: string;
  externalData: Record<string, unknown>;
  status: RunStatus;
};

export type PollResult = {
  events: NormalizedEvent[];
  state?: Record<string, unknown>;
  /** Runs passed over this round (a reply that did not fit the platform's API): shown on the source's health. */
  problems?: string[];
};

type DeliveryBase = {
  /** Stable per job: the same on every attempt. */
  idempotencyKey: string;
  attempt: number;
  /** An earlier attempt was interrupted (its lease expired): the platform may already have this answer. */
  inDoubt: boolean;
  run: { externalId: string; externalData: Record<string, unknown> };
};

/** One answer to send: a request of kind K and its response, which is always K's answer. */
export type DeliveryInputOf<K extends RequestKind> = DeliveryBase & {
  request: RequestOf<K> & { externalId: string; externalData: Record<string, unknown> };
  response: ResponseFor<K>;
};

export type DeliveryInput = { [K in RequestKind]: DeliveryInputOf<K> }[RequestKind];

/** A delivery as read back from storage, before its response is known to answer its request's kind. */
export type StoredDelivery = DeliveryBase & {
  request: DeliveryInput['request'];
  response: unknown;
};

/**
 * Whether a stored response is an answer of its request's kind, proven with the contract's schema for
 * that kind: the database keeps the pair in two columns and cannot promise they still match.
 */
export function isDeliveryInput(stored: StoredDelivery): stored is DeliveryInput {
  return z.safeParse(responseSchemas[stored.request.kind], stored.response).success;
}

/** Narrows a delivery by its request's kind, so its response is read as that kind's answer. */
export function isDeliveryOf<K extends RequestKind>(
  input: DeliveryInput,
  kind: K,
): input is Extract<DeliveryInput, { request: { kind: K } }> {
  return input.request.kind === kind;
}

/**
 * A group's one reply, for a platform that takes one reply for several pauses (`deliverGroup`): every
 * member of the group in the order they were asked, each answered, or expired or cancelled unanswered.
 */
export type GroupMember =
  | { status: 'answered'; input: DeliveryInput }
  | { status: 'expired' | 'cancelled'; request: DeliveryInput['request'] };

export type GroupDeliveryInput = DeliveryBase & { group: string; members: GroupMember[] };

export type StopInput = {
  idempotencyKey: string;
  run: { externalId: string; externalData: Record<string, unknown> };
};

export type DeliveryResult =
  /** `note`: what the platform could not take from the answer, shown with the delivery on the timeline. */
  | { outcome: 'ok'; note?: string }
  | { outcome: 'retry'; error: string; retryAfterMs?: number }
  | { outcome: 'conflict'; error: string }
  | { outcome: 'fatal'; error: string };

export type ConnectionCheck = { ok: boolean; message: string };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each connector narrows its own settings and secrets
export type Connector<Settings = any, Secrets = any> = {
  kind: ConnectorKind;
  /** The platform's name as people know it, used in timeline messages. */
  label: string;
  defaultBaseUrl: string;
  settingsSchema: z.ZodMiniType<Settings>;
  secretsSchema: z.ZodMiniType<Secrets>;
  verifyWebhook(source: ConnectorSource<Settings, Secrets>, input: WebhookInput): WebhookVerdict;
  /** `knownRuns` reads the runs Countersign follows on this source (as `poll` gets them), when needed. */
  webhookEvents(
    source: ConnectorSource<Settings, Secrets>,
    input: WebhookInput,
    ctx: PlatformContext,
    knownRuns: () => Promise<KnownRun[]>,
  ): Promise<NormalizedEvent[]>;
  poll(
    source: ConnectorSource<Settings, Secrets>,
    knownRuns: KnownRun[],
    ctx: PlatformContext,
  ): Promise<PollResult>;
  deliver(
    source: ConnectorSource<Settings, Secrets>,
    input: DeliveryInput,
    ctx: PlatformContext,
  ): Promise<DeliveryResult>;
  /**
   * Set when the platform takes one reply for a whole group of requests (LangGraph resumes an interrupt
   * once with every decision): answering a member then queues nothing until no member is pending, and
   * then one delivery carries them all here instead of `deliver`.
   */
  deliverGroup?(
    source: ConnectorSource<Settings, Secrets>,
    input: GroupDeliveryInput,
    ctx: PlatformContext,
  ): Promise<DeliveryResult>;
  stop(
    source: ConnectorSource<Settings, Secrets>,
    input: StopInput,
    ctx: PlatformContext,
  ): Promise<DeliveryResult>;
  testConnection(
    source: ConnectorSource<Settings, Secrets>,
    ctx: PlatformContext,
  ): Promise<ConnectionCheck>;
};

/** Thrown by `webhookEvents` when a verified body cannot be understood; the route answers 422. */
export class WebhookBodyError extends Error {}

/**
 * Thrown by `webhookEvents` when the platform says a run a signed webhook named does not exist (404).
 * Asking the platform to send the webhook again cannot help, so the route acknowledges it and notes it
 * on the source's health instead.
 */
export class RunNotOnPlatform extends Error {}
