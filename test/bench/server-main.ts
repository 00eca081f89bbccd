import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startServer } from '../../src/server/start';

/**
 * The benchmarked server, in its own process: started by bench-server.ts over IPC, stopped by a message
 * or SIGTERM. It can also record a CPU profile of a window of the bench (a profile-start, then a
 * profile-stop message naming the file).
 */
type ServerConfig = { dataDir: string; webDir: string; adminPassword: string; agentToken: string };
type Message = 'stop' | { type: 'profile-start' } | { type: 'profile-stop'; path: string };

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

let inspector: Session | null = null;
async function profile(message: Exclude<Message, 'stop'>) {
  if (message.type === 'profile-start') {
    inspector = new Session();
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  } else if (inspector) {
    const { profile: recorded } = await inspector.post('Profiler.stop');
    writeFileSync(message.path, JSON.stringify(recorded));
    inspector.disconnect();
    inspector = null;
  }
  process.send?.({ type: 'profiled' });
}

process.on('message', (message: Message) => {
  if (message === 'stop') stop();
  else void profile(message);
});
process.once('SIGTERM', stop);
process.once('disconnect', stop);
process.send?.({ type: 'ready', url: server.url, port: server.port });
