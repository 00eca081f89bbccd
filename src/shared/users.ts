import { z } from 'zod';
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
  username: z.string().trim().min(1, 'Enter your username').max(100),
  password: z.string().min(1, 'Enter your password').max(500),
});
export type SignIn = z.infer<typeof signInSchema>;

export function canAnswer(role: Role): boolean {
  return role === 'reviewer' || role === 'admin';
}

export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1, 'Enter a username')
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits, dots, dashes or underscores'),
  password: z.string().min(8, 'Use at least 8 characters').max(500),
  role: roleSchema,
});
export type CreateUser = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    role: roleSchema,
    password: z.string().min(8, 'Use at least 8 characters').max(500),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Send a role or a password');
export type UpdateUser = z.infer<typeof updateUserSchema>;
