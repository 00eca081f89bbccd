import * as z from 'zod/mini';
import { idSchema } from './common';

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
    }),
  )
  .check(z.refine((v) => Object.keys(v).length > 0, 'Send a role or a password'));
export type UpdateUser = z.infer<typeof updateUserSchema>;
