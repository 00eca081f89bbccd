import type { List } from '../../shared/common';
import type { Routing, Team } from '../../shared/teams';
import type { User } from '../../shared/users';
import type { DashboardSession } from './admin-session';

/** Support answers refunds and whatever else comes in; Platform answers deploys and migrations. */
const demoTeams = [
  { name: 'Support', members: ['admin', 'reviewer'] },
  { name: 'Platform', members: ['admin'] },
] as const;

/** Two groups and routes to them, unless an admin has already set routing up. */
export async function ensureDemoTeams(admin: DashboardSession): Promise<void> {
  const routing = await admin.json<Routing>('GET', '/routes');
  if (routing.routes.length > 0 || routing.defaultGroupId !== null) return;
  const users = await admin.json<List<User>>('GET', '/users');
  const existing = await admin.json<List<Team>>('GET', '/groups');
  const ids = new Map<string, string>();
  for (const team of demoTeams) {
    const found = existing.items.find((t) => t.name === team.name);
    const memberIds = users.items
      .filter((u) => (team.members as readonly string[]).includes(u.username))
      .map((u) => u.id);
    const saved =
      found ?? (await admin.json<Team>('POST', '/groups', { name: team.name, memberIds }));
    ids.set(team.name, saved.id);
  }
  const platform = ids.get('Platform') ?? '';
  const support = ids.get('Support') ?? '';
  await admin.json<Routing>('PUT', '/routes', {
    routes: [
      { tool: 'deploy_service', groupId: platform },
      { tool: 'run_migrations', groupId: platform },
      // A plan nobody on Platform takes up within an hour goes to Support for another hour.
      {
        kind: 'plan',
        groupId: platform,
        expiresAfterMinutes: 60,
        onExpiry: 'escalate',
        escalateToGroupId: support,
        escalateExpiresAfterMinutes: 60,
      },
    ],
    defaultGroupId: support,
  });
}
