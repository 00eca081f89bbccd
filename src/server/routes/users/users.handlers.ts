import type { createUserSchema, updateUserSchema } from '../../../shared/users';
import { currentUser } from '../../auth/guards';
import { isoNow } from '../../domain/context';
import {
  createUser as insertUser,
  deleteUser as removeUser,
  listUsers as queryUsers,
  updateUser as patchUser,
} from '../../domain/users';
import { ApiError } from '../../lib/api-error';
import { pathParam } from '../../lib/params';
import type { AppHandler } from '../../lib/app-env';
import type { JsonInput } from '../../lib/validate';

export const listUsers: AppHandler = async (c) => {
  return c.json({ items: await queryUsers(c.get('deps').db), nextCursor: null }, 200);
};

export const createUser: AppHandler<JsonInput<typeof createUserSchema>> = async (c) => {
  const deps = c.get('deps');
  return c.json(await insertUser(deps.db, c.req.valid('json'), isoNow(deps)), 201);
};

export const updateUser: AppHandler<JsonInput<typeof updateUserSchema>> = async (c) => {
  return c.json(await patchUser(c.get('deps').db, pathParam(c), c.req.valid('json')), 200);
};

export const deleteUser: AppHandler = async (c) => {
  const id = pathParam(c);
  if (id === currentUser(c).id) throw new ApiError(409, 'conflict', 'You cannot delete yourself');
  await removeUser(c.get('deps').db, id);
  return c.body(null, 204);
};
