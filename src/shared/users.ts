import * as z from 'zod/mini';
import { idSchema, isoDateSchema } from './common';
import { emailSchema } from './notifications';

export const roles = ['viewer', 'reviewer', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.object({
  id: idSchema,
  username: z.string(),
  role: roleSchema,
});
export type User = z.infer<typeof userSchema>;

export const signInSchema = z.object({
  username: z.string().check(z.trim(), z.minLength(1, 'Enter your username'), z.maxLength(100)),
  password: z.string().check(z.minLength(1, 'Enter your password'), z.maxLength(500)),
});
export type SignIn = z.infer<typeof signInSchema>;

export function canAnswer(role: Role): boolean {
  return role === 'reviewer' || role === 'admin';
}

export const createUserSchema = z.object({
  username: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Enter a username'),
      z.maxLength(100),
      z.regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits, dots, dashes or underscores'),
    ),
  password: z.string().check(z.minLength(8, 'Use at least 8 characters'), z.maxLength(500)),
  role: roleSchema,
});
export type CreateUser = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .partial(
    z.object({
      role: roleSchema,
      password: z.string().check(z.minLength(8, 'Use at least 8 characters'), z.maxLength(500)),
      /** A disabled user cannot sign in, and their sessions end at once. */
      disabled: z.boolean(),
      /** Where email notifications go; null removes it. */
      email: z.nullable(emailSchema),
    }),
  )
  .check(
    z.refine((v) => Object.keys(v).length > 0, 'Send a role, a password, disabled or an email'),
  );
export type UpdateUser = z.infer<typeof updateUserSchema>;

/** A user as admins manage them in Settings: the user plus account state. */
export const managedUserSchema = z.extend(userSchema, {
  disabled: z.boolean(),
  createdAt: isoDateSchema,
  lastSignInAt: z.nullable(isoDateSchema),
  /** Sessions that are signed in now. */
  activeSessions: z.number().check(z.int(), z.nonnegative()),
  email: z.nullable(z.string()),
});
export type ManagedUser = z.infer<typeof managedUserSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z
    .string()
    .check(z.minLength(1, 'Enter your current password'), z.maxLength(500)),
  newPassword: z.string().check(z.minLength(8, 'Use at least 8 characters'), z.maxLength(500)),
});
export type ChangePassword = z.infer<typeof changePasswordSchema>;
