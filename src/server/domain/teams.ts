import type { CreateTeam, Team, UpdateTeam } from '../../shared/teams';
import type { DbOrTrx } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { conflict, invalid, notFound } from '../lib/api-error';
import { newId } from '../lib/ids';
import { recordAudit, type AuditOrigin } from './audit';
import { commit } from './commit';
import type { DomainContext } from './context';

/** Every group of people with its members, by name. */
export async function listTeams(db: DbOrTrx): Promise<Team[]> {
  const [teams, members] = await Promise.all([
    db.selectFrom('teams').select(['id', 'name', 'created_at']).orderBy('name').execute(),
    db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select(['team_members.team_id', 'users.id', 'users.username'])
      .orderBy('users.username')
      .execute(),
  ]);
  return teams.map((team) => ({
    id: team.id,
    name: team.name,
    createdAt: team.created_at,
    members: members
      .filter((m) => m.team_id === team.id)
      .map((m) => ({ id: m.id, username: m.username })),
  }));
}

async function readTeam(db: DbOrTrx, id: string): Promise<Team> {
  const team = (await listTeams(db)).find((t) => t.id === id);
  if (!team) throw notFound('Group');
  return team;
}

/** The ids of the groups `userId` belongs to. */
export async function teamIdsOf(db: DbOrTrx, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('team_members')
    .select('team_id')
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.team_id);
}

async function checkUsersExist(db: DbOrTrx, field: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  const found = await db.selectFrom('users').select('id').where('id', 'in', ids).execute();
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) throw invalid({ [field]: `No such user: ${missing.join(', ')}` });
}

async function addMembers(db: DbOrTrx, teamId: string, ids: readonly string[], at: string) {
  const unique = [...new Set(ids)];
  await checkUsersExist(db, 'addMemberIds', unique);
  for (const userId of unique) {
    await db
      .insertInto('team_members')
      .values({ team_id: teamId, user_id: userId, added_at: at })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
      .execute();
  }
}

function nameTaken(error: unknown, name: string): never {
  if (isUniqueViolation(error)) throw conflict(`A group named ${name} exists`);
  throw error;
}

export async function createTeam(
  ctx: DomainContext,
  input: CreateTeam,
  origin: AuditOrigin,
): Promise<Team> {
  return commit(ctx, async (trx, _emit, at) => {
    const id = newId('team');
    const clash = await trx
      .selectFrom('teams')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (clash) throw conflict(`A group named ${input.name} exists`);
    await trx
      .insertInto('teams')
      .values({ id, name: input.name, created_at: at })
      .execute()
      .catch((error: unknown) => nameTaken(error, input.name));
    await addMembers(trx, id, input.memberIds ?? [], at);
    const team = await readTeam(trx, id);
    await recordAudit(
      trx,
      origin,
      {
        action: 'group.created',
        summary: `${origin.actor} created the group ${team.name}`,
        targetType: 'group',
        targetId: id,
        data: { name: team.name, members: team.members.map((m) => m.username) },
      },
      at,
    );
    return team;
  });
}

export async function updateTeam(
  ctx: DomainContext,
  id: string,
  input: UpdateTeam,
  origin: AuditOrigin,
): Promise<Team> {
  return commit(ctx, async (trx, _emit, at) => {
    const before = await readTeam(trx, id);
    if (input.name !== undefined && input.name !== before.name) {
      const clash = await trx
        .selectFrom('teams')
        .select('id')
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (clash) throw conflict(`A group named ${input.name} exists`);
      await trx
        .updateTable('teams')
        .set({ name: input.name })
        .where('id', '=', id)
        .execute()
        .catch((error: unknown) => nameTaken(error, input.name ?? ''));
    }
    await addMembers(trx, id, input.addMemberIds ?? [], at);
    if (input.removeMemberIds && input.removeMemberIds.length > 0) {
      await trx
        .deleteFrom('team_members')
        .where('team_id', '=', id)
        .where('user_id', 'in', input.removeMemberIds)
        .execute();
    }
    const after = await readTeam(trx, id);
    const names = (t: Team) => t.members.map((m) => m.username);
    await recordAudit(
      trx,
      origin,
      {
        action: 'group.updated',
        summary: `${origin.actor} changed the group ${after.name}`,
        targetType: 'group',
        targetId: id,
        data: {
          name: { before: before.name, after: after.name },
          added: names(after).filter((n) => !names(before).includes(n)),
          removed: names(before).filter((n) => !names(after).includes(n)),
        },
      },
      at,
    );
    return after;
  });
}

/** Removes a group no route sends to; its requests keep their assignee and lose the group. */
export async function deleteTeam(
  ctx: DomainContext,
  id: string,
  origin: AuditOrigin,
): Promise<void> {
  await commit(ctx, async (trx, _emit, at) => {
    const team = await readTeam(trx, id);
    const routed = await trx
      .selectFrom('team_routes')
      .select('id')
      .where('team_id', '=', id)
      .executeTakeFirst();
    if (routed) throw conflict(`Routes send requests to ${team.name}; change them first`);
    await trx.updateTable('requests').set({ team_id: null }).where('team_id', '=', id).execute();
    await trx.deleteFrom('team_members').where('team_id', '=', id).execute();
    await trx.deleteFrom('teams').where('id', '=', id).execute();
    await recordAudit(
      trx,
      origin,
      {
        action: 'group.deleted',
        summary: `${origin.actor} removed the group ${team.name}`,
        targetType: 'group',
        targetId: id,
        data: { name: team.name },
      },
      at,
    );
  });
}
