import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { appMetrics, createApp, defaultSessionPolicy, type AppOptions } from './app';
import type { PlatformHttp } from './connectors/connector';
import { startPoller } from './workers/poller';
import { defaultRegistry } from './connectors/registry';
import { checkSecretsKey } from './domain/secrets-key-check';
import type { NotificationConfig } from './domain/notifications/channel';
import { releaseOrphanedNotificationLeases } from './domain/notifications/jobs';
import {
  startNotificationWorker,
  type NotificationWorkerOptions,
} from './workers/notification-worker';
import { withTimeout, type ConnectorRuntime } from './connectors/runtime';
import {
  startDeliveryWorker,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
} from './workers/delivery-worker';
import { releaseOrphanedLeases } from './domain/outbox';
import { bootstrap } from './bootstrap';
import { isPostgres, migrateToLatest, openPostgres, openSqlite } from './db/database';
import { isStorageFailure } from './db/errors';
import { cannotCreateDataDir, cannotOpenSqlite } from './db/open-errors';
import type { Db } from './db/schema';
import { configuredVapidKeys, env, isPostgresUrl } from './env';
import { vapidKeys } from './domain/push/vapid-keys';
import { EventBus } from './events/bus';
import { createHttpServer, defaultHttpLimits, type HttpLimits } from './http/http-server';
import { startPostgresFeed } from './events/postgres-feed';
import { SharedSessionRevocations } from './events/shared-session-revocations';
import { startSweeper } from './workers/sweeper';
import { startRetention, type RetentionOptions } from './workers/retention';
import { createLogger, type LogFormat, type LogLevel } from './lib/logger';
import { createSecretBox, loadSecretBox } from './lib/secret-box';

export type StartOptions = {
  port?: number;
  host?: string;
  dataDir?: string;
  /** A `postgres://` URL; defaults to DATABASE_URL, and without either to SQLite in the data directory. */
  databaseUrl?: string;
  adminPassword?: string;
  agentToken?: string;
  /** The key for stored platform secrets (base64, 32 bytes); defaults to COUNTERSIGN_SECRETS_KEY, then secrets.key. */
  secretsKey?: string;
  webDir?: string;
  quiet?: boolean;
  /** Overrides LOG_LEVEL (and `quiet`): tests that read the log ask for `info`. */
  logLevel?: LogLevel;
  /** Overrides COUNTERSIGN_LOG_FORMAT (default json). */
  logFormat?: LogFormat;
  /** Origins the live view may be framed from besides those the database names (the demo's own). */
  frameOrigins?: () => readonly string[];
  /** Connector knobs: tests poll and retry fast and may route platform calls through their own fetch. */
  connectors?: {
    pollIntervalMs?: number;
    delivery?: DeliveryWorkerOptions;
    fetch?: PlatformHttp;
    platformTimeoutMs?: number;
  };
  /**
   * Timeouts and the per-address connection cap (COUNTERSIGN_MAX_CONNECTIONS_PER_ADDRESS). Loopback is
   * not capped unless `capLoopback`: a reverse proxy on the same host brings every client from there.
   */
  http?: Partial<HttpLimits>;
  /** Overrides COUNTERSIGN_RETENTION_DAYS (0: keep every run), and tests shorten the first delay. */
  retention?: Partial<RetentionOptions>;
  /** Overrides COUNTERSIGN_METRICS_TOKEN. */
  metricsToken?: string;
  /** MCP waits: tests shorten the wait limit (COUNTERSIGN_MCP_WAIT_SECONDS) and the progress interval. */
  mcp?: AppOptions['mcp'];
  /** Overrides COUNTERSIGN_SMTP_URL, COUNTERSIGN_MAIL_FROM, COUNTERSIGN_PUBLIC_URL; tests speed the worker up. */
  notifications?: NotificationConfig & { worker?: NotificationWorkerOptions };
  /** Overrides the COUNTERSIGN_OIDC_* settings: tests sign in through a provider they start. */
  oidc?: AppOptions['oidc'];
};

export type RunningServer = { url: string; port: number; close(): Promise<void> };

function urlFor(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

function openDatabase(databaseUrl: string | undefined, dataDir: string) {
  if (databaseUrl === undefined) {
    const file = join(dataDir, 'countersign.db');
    try {
      return openSqlite(file);
    } catch (error) {
      throw cannotOpenSqlite(file, error);
    }
  }
  if (!isPostgresUrl(databaseUrl)) {
    throw new Error(
      'DATABASE_URL must be a postgres:// (or postgresql://) URL. Unset it to use the embedded SQLite database.',
    );
  }
  return openPostgres(databaseUrl);
}

/** Any fixed number: the lock that lets one process at a time run first-start setup. */
const bootstrapLockKey = 7_349_021_119;

/**
 * First-start setup, one process at a time: processes sharing a PostgreSQL database often start
 * together, and each would otherwise find no users and create `admin`.
 */
async function bootstrapAlone(db: Db, options: Parameters<typeof bootstrap>[1]) {
  if (!isPostgres(db)) return bootstrap(db, options);
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${bootstrapLockKey})`.execute(connection);
    try {
      return await bootstrap(connection, options);
    } finally {
      await sql`select pg_advisory_unlock(${bootstrapLockKey})`.execute(connection);
    }
  });
}

/**
 * Opens the database (PostgreSQL when given a URL, else SQLite in dataDir), migrates it, makes sure an
 * admin and the agent token exist, and listens.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const databaseUrl = options.databaseUrl ?? env.DATABASE_URL;
  const dataDir = resolve(options.dataDir ?? env.COUNTERSIGN_DATA_DIR);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw cannotCreateDataDir(dataDir, error);
  }
  const logger = createLogger(options.logLevel ?? (options.quiet ? 'error' : env.LOG_LEVEL), {
    format: options.logFormat ?? env.COUNTERSIGN_LOG_FORMAT ?? 'json',
  });
  const db = openDatabase(databaseUrl, dataDir);
  const secretsKey = options.secretsKey ?? env.COUNTERSIGN_SECRETS_KEY;
  const secrets = secretsKey
    ? createSecretBox(Buffer.from(secretsKey, 'base64'))
    : loadSecretBox(dataDir);
  try {
    await migrateToLatest(db);
    await checkSecretsKey(db, secrets, new Date().toISOString());
  } catch (error) {
    await db.destroy();
    // A file SQLite opened may still refuse the first write (a read-only directory, a full disk).
    const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
    if (databaseUrl === undefined && isStorageFailure(cause)) {
      throw cannotOpenSqlite(join(dataDir, 'countersign.db'), cause);
    }
    throw error;
  }

  const { generatedAdminPassword } = await bootstrapAlone(db, {
    adminPassword: options.adminPassword ?? env.COUNTERSIGN_ADMIN_PASSWORD,
    agentToken: options.agentToken ?? env.COUNTERSIGN_AGENT_TOKEN,
    at: new Date().toISOString(),
  });
  if (generatedAdminPassword) {
    process.stdout.write(
      `\n  Created the admin user. Sign in as admin with password: ${generatedAdminPassword}\n  (shown only this once; set COUNTERSIGN_ADMIN_PASSWORD to choose it)\n\n`,
    );
  }

  const bus = new EventBus();
  const revocations = isPostgres(db) ? new SharedSessionRevocations(db, logger) : undefined;
  const feed =
    databaseUrl !== undefined
      ? await startPostgresFeed(db, databaseUrl, bus, logger, { revocations })
      : null;
  const now = () => new Date();
  const metrics = appMetrics(db, logger, { processMetrics: true });
  let worker: DeliveryWorker | null = null;
  const runtime: ConnectorRuntime = {
    registry: defaultRegistry,
    http: withTimeout(options.connectors?.fetch ?? fetch, options.connectors?.platformTimeoutMs),
    secrets,
    kickDelivery: () => worker?.kick(),
  };
  const app = createApp({
    db,
    bus,
    now,
    logger,
    webDir: resolve(options.webDir ?? 'dist/web'),
    connectors: runtime,
    frameOrigins: options.frameOrigins,
    revocations,
    health: { deliveryWorkerAlive: () => worker?.alive() ?? false },
    metrics,
    metricsToken: options.metricsToken,
    mcp: options.mcp,
    oidc: options.oidc,
    // Slack's interactions (users.info, views.open) must reach the same Slack as the posted messages.
    slackApiUrl: options.notifications?.slackApiUrl,
    push: {
      vapid: options.notifications?.vapid ?? configuredVapidKeys(env),
      allowLoopback:
        options.notifications?.pushAllowLoopback ?? env.COUNTERSIGN_PUSH_ALLOW_LOOPBACK,
    },
  });
  const sweeper = startSweeper({ db, bus, now, sessionPolicy: defaultSessionPolicy }, logger);
  const retentionDays = options.retention?.days ?? env.COUNTERSIGN_RETENTION_DAYS;
  const retention =
    retentionDays > 0
      ? startRetention({ db, now }, logger, { ...options.retention, days: retentionDays })
      : null;
  if (!isPostgres(db)) await releaseOrphanedLeases(db, now());
  worker = startDeliveryWorker(
    { db, bus, now, runtime, logger, observe: metrics },
    options.connectors?.delivery,
  );
  const notificationConfig = {
    smtpUrl: options.notifications?.smtpUrl ?? env.COUNTERSIGN_SMTP_URL,
    mailFrom: options.notifications?.mailFrom ?? env.COUNTERSIGN_MAIL_FROM,
    publicUrl: options.notifications?.publicUrl ?? env.COUNTERSIGN_PUBLIC_URL,
    slackApiUrl: options.notifications?.slackApiUrl ?? env.COUNTERSIGN_SLACK_API_URL,
    vapid: options.notifications?.vapid ?? configuredVapidKeys(env),
    pushAllowLoopback:
      options.notifications?.pushAllowLoopback ?? env.COUNTERSIGN_PUSH_ALLOW_LOOPBACK,
  };
  // The first start makes the VAPID pair, so every process after it (and every browser) uses that one.
  await vapidKeys(db, secrets, notificationConfig.vapid, now().toISOString());
  if (!isPostgres(db)) await releaseOrphanedNotificationLeases(db, now());
  const notifier = startNotificationWorker(
    { db, bus, now, logger, secrets, http: fetch, config: notificationConfig, observe: metrics },
    options.notifications?.worker,
  );
  const poller = startPoller(
    { db, bus, now, runtime, logger },
    options.connectors?.pollIntervalMs ?? env.COUNTERSIGN_POLL_INTERVAL_MS,
  );

  const host = options.host ?? env.HOST;
  const server = createHttpServer(app.fetch, host, {
    ...defaultHttpLimits,
    maxConnectionsPerAddress: env.COUNTERSIGN_MAX_CONNECTIONS_PER_ADDRESS,
    ...options.http,
  });
  const port = await new Promise<number>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? env.PORT, host, () =>
      resolvePromise((server.address() as AddressInfo).port),
    );
  });

  let closing: Promise<void> | null = null;
  return {
    url: urlFor(host, port),
    port,
    close() {
      closing ??= (async () => {
        bus.close();
        await Promise.all([
          sweeper.stop(),
          retention?.stop(),
          poller.stop(),
          worker?.stop(),
          notifier.stop(),
          feed?.stop(),
        ]);
        // Streams and waits end on bus.close(); their keep-alive sockets go idle a moment later.
        await new Promise<void>((done) => {
          const idle = setInterval(() => server.closeIdleConnections(), 25);
          const force = setTimeout(() => server.closeAllConnections(), 1000);
          server.close(() => {
            clearInterval(idle);
            clearTimeout(force);
            done();
          });
          server.closeIdleConnections();
        });
        await db.destroy();
      })();
      return closing;
    },
  };
}
