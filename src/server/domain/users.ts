import type { Role, User } from '../../shared/users';
import type { DbOrTrx } from '../db/schema';
import { ApiError, notFound } from '../lib/api-error';
import { newId } from '../lib/ids';
import { isUniqueViolation } from '../db/errors';
import { hashPassword } from '../lib/passwords';
import { toUser } from './mappers';

export async function listUsers(db: DbOrTrx): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .orderBy('username')
    .execute();
  return rows.map(toUser);
}

export async function countUsers(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function createUser(
  db: DbOrTrx,
  input: { username: string; password: string; role: Role },
  at: string,
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (existing) throw new ApiError(409, 'conflict', `The username ${input.username} is taken`);
  const user = { id: newId('usr'), username: input.username, role: input.role };
  try {
    await db
      .insertInto('users')
      .values({ ...user, password_hash: passwordHash, created_at: at })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError(409, 'conflict', `The username ${input.username} is taken`);
    }
    throw error;
  }
  return user;
}

export async function updateUser(
  db: DbOrTrx,
  userId: string,
  input: { role?: Role; password?: string },
): Promise<User> {
  const existing = await db
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!existing) throw notFound('User');
  if (input.role && input.role !== 'admin' && existing.role === 'admin')
    await assertAnotherAdmin(db, userId);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  await db
    .updateTable('users')
    .set({
      ...(input.role ? { role: input.role } : {}),
      ...(passwordHash ? { password_hash: passwordHash } : {}),
    })
    .where('id', '=', userId)
    .execute();
  if (passwordHash) await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  return toUser({ ...existing, role: input.role ?? existing.role });
}

export async function deleteUser(db: DbOrTrx, userId: string): Promise<void> {
  const existing = await db
    .selectFrom('users')
    .select(['role'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!existing) throw notFound('User');
  if (existing.role === 'admin') await assertAnotherAdmin(db, userId);
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).execute();
  await db.deleteFrom('users').where('id', '=', userId).execute();
}

async function assertAnotherAdmin(db: DbOrTrx, userId: string): Promise<void> {
  const other = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('id', '!=', userId)
    .executeTakeFirst();
  if (!other) throw new ApiError(409, 'conflict', 'Keep at least one admin');
}
