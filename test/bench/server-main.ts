import { startServer } from '../../src/server/start';

/** The benchmarked server, in its own process: started by bench-server.ts over IPC, stopped by a message or SIGTERM. */
type ServerConfig = { dataDir: string; webDir: string; adminPassword: string; agentToken: string };

const config = JSON.parse(process.env.BENCH_SERVER_CONFIG ?? '{}') as ServerConfig;
const server = await startServer({ port: 0, host: '127.0.0.1', ...config });

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('message', (message) => {
  if (message === 'stop') stop();
});
process.once('SIGTERM', stop);
process.once('disconnect', stop);
process.send?.({ type: 'ready', url: server.url, port: server.port });
