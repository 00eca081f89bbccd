import * as z from 'zod/mini';
import { roleSchema } from './users';

/** One value of the provider's groups claim and the role a person carrying it gets. */
export const groupRoleSchema = z.object({
  group: z.string().check(z.trim(), z.minLength(1, 'Enter the group'), z.maxLength(200)),
  role: roleSchema,
});
export type GroupRole = z.infer<typeof groupRoleSchema>;

export const roleMappingSchema = z.object({
  mapping: z.array(groupRoleSchema).check(
    z.maxLength(100, 'At most 100 groups'),
    z.refine(
      (rows) => new Set(rows.map((r) => r.group)).size === rows.length,
      'Each group may appear once',
    ),
  ),
});
export type RoleMapping = z.infer<typeof roleMappingSchema>;

/** What Settings shows of single sign-on: never the client secret. */
export const oidcSettingsSchema = z.object({
  configured: z.boolean(),
  issuer: z.nullable(z.string()),
  clientId: z.nullable(z.string()),
  /** The address to register at the provider as the redirect (callback) URI. */
  redirectUri: z.string(),
  groupsClaim: z.string(),
  mapping: z.array(groupRoleSchema),
});
export type OidcSettings = z.infer<typeof oidcSettingsSchema>;

/** How people may sign in here. */
export const signInMethodsSchema = z.object({ password: z.boolean(), oidc: z.boolean() });
export type SignInMethods = z.infer<typeof signInMethodsSchema>;

export const oidcCallbackPath = '/api/v1/auth/oidc/callback';
