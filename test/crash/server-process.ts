import { fork } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverMain = fileURLToPath(new URL('./crash-server.ts', import.meta.url));

export type ServerProcess = { url: string; pid: number; kill(): Promise<void> };

/** Starts crash-server.ts in a child process on `dataDir` and resolves once it listens. */
export async function startServerProcess(config: {
  dataDir: string;
  adminPassword: string;
  leaseMs: number;
  agentToken?: string;
}): Promise<ServerProcess> {
  const logPath = join(config.dataDir, 'server.log');
  const log = openSync(logPath, 'a');
  const child = fork(serverMain, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...process.env, LOG_LEVEL: 'warn', CRASH_SERVER_CONFIG: JSON.stringify(config) },
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((ready, fail) => {
    child.once('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready' && message.url) ready(message.url);
    });
    child.once('exit', (code, signal) => {
      const tail = readFileSync(logPath, 'utf8').slice(-3000);
      fail(new Error(`The server exited before it listened (${code ?? signal}):\n${tail}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    /** SIGKILL: no shutdown code runs, exactly like a crash or `kill -9`. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
