import type { createUserSchema, updateUserSchema } from '../../../shared/users';
import { auditOrigin } from '../../auth/audit-origin';
import { currentUser } from '../../auth/guards';
import { recordAudit, type AuditRecord } from '../../domain/audit';
import { isoNow } from '../../domain/context';
import { revokeUserSessions } from '../../domain/sessions';
import {
  createUser as insertUser,
  deleteUser as removeUser,
  listManagedUsers,
  updateUser as patchUser,
} from '../../domain/users';
import { conflict, notFound } from '../../lib/api-error';
import type { AppHandler } from '../../http/app-env';
import { pathParam } from '../../lib/params';
import type { JsonInput } from '../../http/validators';

export const listUsers: AppHandler = async (c) => {
  const { db, now, sessionPolicy } = c.get('deps');
  return c.json({ items: await listManagedUsers(db, now(), sessionPolicy), nextCursor: null }, 200);
};

export const createUser: AppHandler<JsonInput<typeof createUserSchema>> = async (c) => {
  const deps = c.get('deps');
  const admin = currentUser(c);
  const user = await insertUser(deps.db, c.req.valid('json'), isoNow(deps));
  await recordAudit(
    deps.db,
    auditOrigin(c),
    {
      action: 'user.created',
      summary: `${admin.username} added ${user.username} as ${user.role}`,
      targetType: 'user',
      targetId: user.id,
      data: { username: user.username, role: user.role },
    },
    isoNow(deps),
  );
  return c.json(user, 201);
};

export const updateUser: AppHandler<JsonInput<typeof updateUserSchema>> = async (c) => {
  const deps = c.get('deps');
  const admin = currentUser(c);
  const update = await patchUser(
    deps.db,
    admin.id,
    pathParam(c),
    c.req.valid('json'),
    isoNow(deps),
  );
  deps.revocations.revoke(update.revokedSessions);
  const { before, after } = update;
  const target = { targetType: 'user', targetId: after.id } as const;
  const records: AuditRecord[] = [];
  if (before.role !== after.role) {
    records.push({
      action: 'user.role_changed',
      summary: `${admin.username} changed ${after.username}'s role from ${before.role} to ${after.role}`,
      data: { from: before.role, to: after.role },
      ...target,
    });
  }
  if (update.passwordReset) {
    records.push({
      action: 'user.password_reset',
      summary: `${admin.username} reset ${after.username}'s password`,
      data: { sessionsEnded: update.revokedSessions.length },
      ...target,
    });
  }
  if (before.disabled !== after.disabled) {
    records.push({
      action: after.disabled ? 'user.disabled' : 'user.enabled',
      summary: `${admin.username} ${after.disabled ? 'disabled' : 'enabled'} ${after.username}`,
      ...target,
    });
  }
  const origin = auditOrigin(c);
  for (const record of records) await recordAudit(deps.db, origin, record, isoNow(deps));
  return c.json(after, 200);
};

export const deleteUser: AppHandler = async (c) => {
  const deps = c.get('deps');
  const admin = currentUser(c);
  const id = pathParam(c);
  if (id === admin.id) throw conflict('You cannot remove yourself');
  const { user, revokedSessions } = await removeUser(deps.db, admin.id, id);
  deps.revocations.revoke(revokedSessions);
  await recordAudit(
    deps.db,
    auditOrigin(c),
    {
      action: 'user.deleted',
      summary: `${admin.username} removed ${user.username}`,
      targetType: 'user',
      targetId: user.id,
      data: { username: user.username, role: user.role },
    },
    isoNow(deps),
  );
  return c.body(null, 204);
};

export const revokeSessions: AppHandler = async (c) => {
  const deps = c.get('deps');
  const admin = currentUser(c);
  const id = pathParam(c);
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!user) throw notFound('User');
  const revoked = await revokeUserSessions(deps.db, id);
  deps.revocations.revoke(revoked);
  await recordAudit(
    deps.db,
    auditOrigin(c),
    {
      action: 'user.sessions_revoked',
      summary: `${admin.username} signed ${user.username} out everywhere (${revoked.length} session${revoked.length === 1 ? '' : 's'})`,
      targetType: 'user',
      targetId: user.id,
      data: { sessions: revoked.length },
    },
    isoNow(deps),
  );
  return c.body(null, 204);
};
