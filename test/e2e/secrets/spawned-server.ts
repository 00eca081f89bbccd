import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export type SpawnedServer = {
  url: string;
  /** Everything the process wrote to stdout and stderr, line by line. */
  output: string[];
  stop(): Promise<void>;
};

/** `npm start` as an operator runs it: the real entry point in its own process, configured by the environment. */
export async function spawnServer(env: Record<string, string>): Promise<SpawnedServer> {
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/index.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pending = { out: '', err: '' };
  const collect = (stream: 'out' | 'err') => (chunk: Buffer) => {
    const text = pending[stream] + chunk.toString('utf8');
    const lines = text.split('\n');
    pending = { ...pending, [stream]: lines.pop() ?? '' };
    output.push(...lines);
  };
  child.stdout!.on('data', collect('out'));
  child.stderr!.on('data', collect('err'));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const line = output.find((l) => l.includes('Countersign is running at '));
      if (line) {
        clearInterval(timer);
        resolve(line.slice(line.indexOf('http')).trim());
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`the server exited before listening:\n${output.join('\n')}`));
    });
  });

  return {
    url,
    output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      output.push(...[pending.out, pending.err].filter(Boolean));
    },
  };
}
