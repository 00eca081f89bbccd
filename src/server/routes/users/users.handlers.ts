import type { createUserSchema, updateUserSchema } from '../../../shared/users';
import { auditOrigin } from '../../auth/audit-origin';
import { currentUser } from '../../auth/guards';
import {
  createUser,
  deleteUser,
  endUserSessions,
  listManagedUsers,
  updateUser,
} from '../../domain/users';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';
import { conflict } from '../../lib/api-error';
import { pathParam } from '../../lib/params';

export const list: AppHandler = async (c) => {
  const { db, now, sessionPolicy } = c.get('deps');
  return c.json({ items: await listManagedUsers(db, now(), sessionPolicy), nextCursor: null }, 200);
};

export const create: AppHandler<JsonInput<typeof createUserSchema>> = async (c) => {
  const user = await createUser(c.get('deps'), c.req.valid('json'), auditOrigin(c));
  return c.json(user, 201);
};

export const update: AppHandler<JsonInput<typeof updateUserSchema>> = async (c) => {
  const deps = c.get('deps');
  const { user, revokedSessions } = await updateUser(
    deps,
    currentUser(c).id,
    pathParam(c),
    c.req.valid('json'),
    auditOrigin(c),
  );
  deps.revocations.revoke(revokedSessions);
  return c.json(user, 200);
};

export const remove: AppHandler = async (c) => {
  const deps = c.get('deps');
  const id = pathParam(c);
  if (id === currentUser(c).id) throw conflict('You cannot remove yourself');
  const { revokedSessions } = await deleteUser(deps, currentUser(c).id, id, auditOrigin(c));
  deps.revocations.revoke(revokedSessions);
  return c.body(null, 204);
};

export const revokeSessions: AppHandler = async (c) => {
  const deps = c.get('deps');
  deps.revocations.revoke(await endUserSessions(deps, pathParam(c), auditOrigin(c)));
  return c.body(null, 204);
};
