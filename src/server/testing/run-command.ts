import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export type CommandResult = { code: number | null; stdout: string; stderr: string };

/** Runs one of the operator's commands (`src/server/ops/<name>-main.ts`) as `npm run` would. */
export function runOpsCommand(
  name: 'backup' | 'restore' | 'migrate-to-postgres',
  args: string[],
  env: Record<string, string>,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', `src/server/ops/${name}-main.ts`, ...args],
      // The command gets this process's environment (PATH and the like) plus its own settings.
      // eslint-disable-next-line no-restricted-properties -- passed on whole, not read as configuration
      { cwd: root, env: { ...process.env, DATABASE_URL: '', ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
