import { existsSync } from 'node:fs';
import { routePath } from 'hono/route';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../shared/errors';
import { checkOrigin } from './auth/origin-check';
import { defaultRegistry } from './connectors/registry';
import { withTimeout, type ConnectorRuntime } from './connectors/runtime';
import { resolvePrincipal } from './auth/principal';
import type { SessionPolicy } from './domain/session-policy';
import { SessionRevocations } from './events/session-revocations';
import { isStorageFailure } from './db/errors';
import type { Db } from './db/schema';
import { configuredVapidKeys, env } from './env';
import { EventBus } from './events/bus';
import { ApiError, notFound } from './lib/api-error';
import type { AppEnv, PushOptions } from './http/app-env';
import { createLogger, withFields, type Logger } from './lib/logger';
import { ephemeralSecretBox } from './lib/secret-box';
import { agentTokensRoutes } from './routes/agent-tokens/agent-tokens.routes';
import { auditRoutes } from './routes/audit/audit.routes';
import { hooksRoutes } from './routes/hooks/hooks.routes';
import { humanlayerRoutes } from './routes/humanlayer/humanlayer.routes';
import type { ListedRoute } from './routes/openapi/openapi-document';
import { openapiRoutes } from './routes/openapi/openapi.routes';
import { requestsRoutes } from './routes/requests/requests.routes';
import { rulesRoutes } from './routes/rules/rules.routes';
import { runsRoutes } from './routes/runs/runs.routes';
import { createSessionRoutes } from './routes/session/session.routes';
import { sourcesRoutes } from './routes/sources/sources.routes';
import { streamRoutes } from './routes/stream/stream.routes';
import { usersRoutes } from './routes/users/users.routes';
import { groupsRoutes } from './routes/groups/groups.routes';
import { notificationsRoutes } from './routes/notifications/notifications.routes';
import { pushRoutes } from './routes/push/push.routes';
import { integrationsRoutes } from './routes/integrations/integrations.routes';
import { createFrameSources } from './domain/frame-origins';
import { healthRoutes, type HealthOptions } from './routes/health/health.routes';
import { metricsRoutes } from './routes/metrics/metrics.routes';
import { mcpRoutes } from './mcp/mcp.routes';
import type { McpWaitSettings } from './mcp/wait-with-progress';
import { countPendingRequests } from './domain/pending-counts';
import { Metrics } from './metrics/metrics';
import { securityHeaders } from './static/security-headers';
import { oidcConfigFrom, type OidcConfig } from './domain/oidc-settings';
import { oidcRoutes } from './routes/oidc/oidc.routes';
import { spaRoutes } from './static/spa';

/** Session lifetimes as the environment sets them. */
export const defaultSessionPolicy: SessionPolicy = {
  idleMs: env.COUNTERSIGN_SESSION_IDLE_MINUTES * 60_000,
  maxMs: env.COUNTERSIGN_SESSION_MAX_HOURS * 3_600_000,
};

export const maxBodyBytes = 1024 * 1024;

/** The API reference page, served by the app like its other pages. */
export const apiDocsPath = '/api/docs';

export type AppOptions = {
  db: Db;
  bus?: EventBus;
  now?: () => Date;
  logger?: Logger;
  /** The built SPA; served only when given and present on disk. */
  webDir?: string;
  /** Platform connectors; tests swap the fetch or the registry. */
  connectors?: Partial<ConnectorRuntime>;
  /** Session timeouts; tests shorten them. */
  sessionPolicy?: SessionPolicy;
  /** Whether X-Forwarded-For (its last entry) names the client; only behind a trusted proxy. */
  trustProxy?: boolean;
  /** Origins (beyond known platforms' and open runs') that the live view may be framed from. */
  frameOrigins?: () => readonly string[];
  /** Ends open streams of revoked sessions; on PostgreSQL one that reaches every process. */
  revocations?: SessionRevocations;
  /** What `/readyz` checks besides the database: the delivery worker of a started server. */
  health?: HealthOptions;
  /** This process's metrics; a started server passes one with Node's process metrics. */
  metrics?: Metrics;
  /** The bearer token for GET /metrics (COUNTERSIGN_METRICS_TOKEN); without one the endpoint is off. */
  metricsToken?: string;
  /** How long an MCP tool call waits before returning `pending`, and how often it sends progress. */
  mcp?: Partial<McpWaitSettings>;
  /** The Slack Web API's base address (COUNTERSIGN_SLACK_API_URL); tests point it at a fake. */
  slackApiUrl?: string;
  /** Single sign-on; unset, from COUNTERSIGN_OIDC_*; null turns it off. */
  oidc?: OidcConfig | null;
  /** The address people reach this server at (COUNTERSIGN_PUBLIC_URL); unset, each request's own. */
  publicUrl?: string;
  /** Whether passwords sign people in; off only takes effect with single sign-on configured. */
  passwordSignIn?: boolean;
  /** Web Push; unset, from COUNTERSIGN_VAPID_* and COUNTERSIGN_PUSH_ALLOW_LOOPBACK. */
  push?: Partial<PushOptions>;
};

/** Progress this often keeps a waiting MCP call visibly alive, well inside common 60 s timeouts. */
const mcpProgressEveryMs = 15_000;

/** Metrics of pending requests read from this app's database at each scrape. */
export function appMetrics(db: Db, logger: Logger, options: { processMetrics?: boolean } = {}) {
  return new Metrics({
    ...options,
    pendingRequests: () => countPendingRequests(db),
    onCollectError: (error) =>
      logger.warn('Counting pending requests for /metrics failed', {
        error: error instanceof Error ? error.message : String(error),
      }),
  });
}

/** A client may bring its own request id (a proxy's) of up to this many characters of [A-Za-z0-9_=-]. */
const maxRequestIdLength = 100;

/**
 * Puts the request id into an error body (`error.requestId`), so a person can quote it and the log lines
 * of that request can be found. Every error response passes here, whichever part refused the request.
 */
async function addRequestIdToError(c: Context<AppEnv>): Promise<void> {
  if (!c.res.headers.get('Content-Type')?.startsWith('application/json')) return;
  let body: unknown;
  try {
    body = await c.res.clone().json();
  } catch {
    return;
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null || Array.isArray(error)) return;
  const headers = new Headers(c.res.headers);
  headers.delete('Content-Length');
  const { status, statusText } = c.res;
  c.res = undefined;
  // Other top-level members stay: an MCP client's JSON-RPC error keeps its `jsonrpc` and `id`.
  const withId = { ...(body as object), error: { ...error, requestId: c.get('requestId') } };
  c.res = new Response(JSON.stringify(withId), {
    status,
    statusText,
    headers,
  });
}

/** Probes a load balancer or Prometheus sends every few seconds: logged at debug, not info. */
const probePaths = new Set(['/healthz', '/readyz', '/metrics']);

const codeByStatus: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'invalid',
  429: 'rate_limited',
  431: 'headers_too_large',
};

function errorResponse(c: Context<AppEnv>, error: Error, logger: Logger): Response {
  if (error instanceof ApiError) return c.json(error.toBody(), error.status, error.headers);
  if (error instanceof HTTPException && error.status < 500) {
    const code = codeByStatus[error.status] ?? 'bad_request';
    const status = error.status as ContentfulStatusCode;
    return c.json({ error: { code, message: error.message || code } }, status);
  }
  if (c.req.raw.signal.aborted || error.message === 'aborted') {
    // The client hung up mid-body: nobody is left to read an answer, and it is not our fault.
    logger.debug('Client aborted the request', { path: c.req.path });
    return c.json({ error: { code: 'bad_request', message: 'The request body was cut off' } }, 400);
  }
  if (isStorageFailure(error)) {
    logger.error('Storage is failing', {
      method: c.req.method,
      path: c.req.path,
      error: error.stack ?? error.message,
    });
    return c.json(
      {
        error: {
          code: 'unavailable',
          message: 'The server cannot use its database right now; try again later',
        },
      },
      503,
    );
  }
  logger.error('Unhandled error', {
    method: c.req.method,
    path: c.req.path,
    error: error.stack ?? error.message,
  });
  return c.json({ error: { code: 'internal', message: 'Something went wrong on our side' } }, 500);
}

/** Bodies up to 1 MiB, and no response cached: what every JSON API of the app starts with. */
function jsonApi() {
  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) =>
      c.json(
        { error: { code: 'payload_too_large', message: 'The body is larger than 1 MiB' } },
        413,
      ),
  });
  // Looking for a body builds the whole fetch Request on Node; reads have none to limit.
  const limitWrites: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next);
  return new Hono<AppEnv>().use(limitWrites).use(async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });
}

/**
 * Everything under /api/v1; testing/route-table.ts lists it. `listServed` gives the routes its OpenAPI
 * document describes: the whole app's, in an app, or none where only the table of routes is wanted.
 */
export function apiRoutes(listServed: () => readonly ListedRoute[] = () => []) {
  return jsonApi()
    .route('/', hooksRoutes)
    .use(checkOrigin)
    .use(resolvePrincipal)
    .route('/', createSessionRoutes())
    .route('/', oidcRoutes)
    .route('/', runsRoutes)
    .route('/', requestsRoutes)
    .route('/', rulesRoutes)
    .route('/', sourcesRoutes)
    .route('/', usersRoutes)
    .route('/', groupsRoutes)
    .route('/', notificationsRoutes)
    .route('/', pushRoutes)
    .route('/', integrationsRoutes)
    .route('/', agentTokensRoutes)
    .route('/', auditRoutes)
    .route('/', streamRoutes)
    .route('/', openapiRoutes(listServed));
}

/** Every route of the JSON APIs with its full path, as Hono lists them (the OpenAPI document's source). */
export function listedApiRoutes(): ListedRoute[] {
  const mounted = [
    { prefix: '/api/v1', api: apiRoutes() },
    { prefix: '/humanlayer/v1', api: humanlayerApi() },
  ];
  return mounted.flatMap(({ prefix, api }) =>
    api.routes.map((route) => ({ ...route, path: `${prefix}${route.path}` })),
  );
}

/** The HumanLayer-compatible API under /humanlayer/v1, for agents on the HumanLayer SDK. */
export function humanlayerApi() {
  return jsonApi().use(checkOrigin).use(resolvePrincipal).route('/', humanlayerRoutes);
}

/** The whole HTTP app. Everything it touches comes in through options, so each test can build its own. */
export function createApp(options: AppOptions) {
  const logger = options.logger ?? createLogger('error');
  const metrics = options.metrics ?? appMetrics(options.db, logger);
  const deps = {
    db: options.db,
    bus: options.bus ?? new EventBus(),
    now: options.now ?? (() => new Date()),
    logger,
    connectors: {
      registry: options.connectors?.registry ?? defaultRegistry,
      http: options.connectors?.http ?? withTimeout(fetch),
      secrets: options.connectors?.secrets ?? ephemeralSecretBox(),
      kickDelivery: options.connectors?.kickDelivery ?? (() => {}),
    },
    sessionPolicy: options.sessionPolicy ?? defaultSessionPolicy,
    revocations: options.revocations ?? new SessionRevocations(),
    trustProxy: options.trustProxy ?? env.COUNTERSIGN_TRUST_PROXY,
    oidc:
      options.oidc === undefined
        ? oidcConfigFrom({
            issuer: env.COUNTERSIGN_OIDC_ISSUER,
            clientId: env.COUNTERSIGN_OIDC_CLIENT_ID,
            clientSecret: env.COUNTERSIGN_OIDC_CLIENT_SECRET,
            groupsClaim: env.COUNTERSIGN_OIDC_GROUPS_CLAIM,
          })
        : options.oidc,
    publicUrl: options.publicUrl ?? env.COUNTERSIGN_PUBLIC_URL,
    passwordSignIn: options.passwordSignIn ?? env.COUNTERSIGN_PASSWORD_SIGN_IN,
    observe: metrics,
    slackApiUrl: options.slackApiUrl ?? env.COUNTERSIGN_SLACK_API_URL,
    push: {
      vapid: options.push?.vapid ?? configuredVapidKeys(env),
      allowLoopback: options.push?.allowLoopback ?? env.COUNTERSIGN_PUSH_ALLOW_LOOPBACK,
    },
  };

  let served: readonly ListedRoute[] = [];
  const app = new Hono<AppEnv>()
    .use(requestId({ limitLength: maxRequestIdLength }))
    .use(async (c, next) => {
      // Every line logged while this request is served (by the domain, a connector, the error
      // handler) goes through this logger, so it carries the request's id.
      const requestLogger = withFields(logger, { requestId: c.get('requestId') });
      c.set('deps', { ...deps, logger: requestLogger });
      c.set('principal', null);
      const started = performance.now();
      await next();
      const ms = performance.now() - started;
      const route = routePath(c);
      metrics.httpRequest(c.req.method, route, c.res.status, ms / 1000);
      if (c.res.status >= 400) await addRequestIdToError(c);
      const log = probePaths.has(c.req.path) ? requestLogger.debug : requestLogger.info;
      log(`${c.req.method} ${c.req.path} ${c.res.status}`, {
        route,
        status: c.res.status,
        ms: Math.round(ms),
      });
    })
    .use(
      securityHeaders(
        createFrameSources(options.db, () => [
          ...env.COUNTERSIGN_FRAME_ORIGINS.split(',').map((o) => o.trim()),
          ...(options.frameOrigins?.() ?? []),
        ]),
      ),
    )
    .route('/', healthRoutes(options.health))
    .route('/', metricsRoutes(metrics, options.metricsToken ?? env.COUNTERSIGN_METRICS_TOKEN))
    .route(
      '/mcp',
      mcpRoutes({
        waitMs: options.mcp?.waitMs ?? env.COUNTERSIGN_MCP_WAIT_SECONDS * 1000,
        progressEveryMs: options.mcp?.progressEveryMs ?? mcpProgressEveryMs,
      }),
    )
    .route(
      '/api/v1',
      apiRoutes(() => served),
    )
    .route('/humanlayer/v1', humanlayerApi())
    .all('/api', () => {
      throw notFound('Endpoint');
    })
    .all('/api/*', (c, next) => {
      // The API reference is a page of the app, reading /api/v1/openapi.json.
      if (c.req.path === apiDocsPath && c.req.method === 'GET' && options.webDir) return next();
      throw notFound('Endpoint');
    })
    .all('/humanlayer/*', () => {
      throw notFound('Endpoint');
    });

  // The API document describes every route so far (probes, metrics, MCP and the JSON APIs); the
  // app's pages and assets below are not part of it.
  served = [...app.routes];
  if (options.webDir && existsSync(options.webDir)) app.route('/', spaRoutes(options.webDir));

  app.notFound((c) =>
    c.json(notFound(c.req.path.startsWith('/api') ? 'Endpoint' : 'Page').toBody(), 404),
  );
  app.onError((error, c) => errorResponse(c, error, c.get('deps')?.logger ?? logger));
  return app;
}

export type App = ReturnType<typeof createApp>;
