import type { List } from '../../shared/common';
import type { RunSummary } from '../../shared/runs';
import type { Role, User } from '../../shared/users';
import type { DashboardSession } from './admin-session';

export const demoUsers: readonly { username: string; password: string; role: Role }[] = [
  { username: 'reviewer', password: 'reviewer-demo', role: 'reviewer' },
  { username: 'viewer', password: 'viewer-demo', role: 'viewer' },
];

export async function ensureDemoUsers(admin: DashboardSession): Promise<void> {
  const existing = await admin.json<List<User>>('GET', '/users');
  for (const user of demoUsers) {
    if (existing.items.some((u) => u.username === user.username)) continue;
    await admin.json<User>('POST', '/users', user);
  }
}

/** Runs left by an earlier demo that was killed have no agent behind them any more; stop them. */
export async function stopLeftoverRuns(admin: DashboardSession): Promise<number> {
  const runs = await admin.json<List<RunSummary>>(
    'GET',
    '/runs?status=running,waiting&source=native&limit=500',
  );
  const leftovers = runs.items.filter((r) => r.metadata.demo === true);
  for (const run of leftovers) await admin.json('POST', `/runs/${run.id}/stop`);
  return leftovers.length;
}
