import { join } from 'node:path';
import { startServer } from '../../src/server/start';

/**
 * The server under the crash test, in its own process so it can be killed with SIGKILL. Its config comes
 * from the parent as JSON; it reports its URL over IPC once it listens. The lease is short so a job left
 * in flight by a kill is claimed again within seconds, as it would be after 120 s in production.
 */
type CrashServerConfig = {
  dataDir: string;
  adminPassword: string;
  leaseMs: number;
  agentToken?: string;
};

const config = JSON.parse(process.env.CRASH_SERVER_CONFIG ?? '{}') as CrashServerConfig;
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir: config.dataDir,
  adminPassword: config.adminPassword,
  agentToken: config.agentToken,
  webDir: join(config.dataDir, 'no-app'),
  quiet: true,
  connectors: {
    pollIntervalMs: 250,
    platformTimeoutMs: 1_500,
    delivery: {
      intervalMs: 50,
      leaseMs: config.leaseMs,
      batchSize: 20,
      backoff: { baseMs: 100, maxMs: 1_000 },
    },
  },
  notifications: {
    worker: { intervalMs: 50, leaseMs: config.leaseMs, backoff: { baseMs: 100, maxMs: 1_000 } },
  },
});
process.send?.({ type: 'ready', url: server.url });
