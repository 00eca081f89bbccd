import * as z from 'zod/mini';
import { idSchema, isoDateSchema } from './common';
import { requestKindSchema, type RequestKind } from './requests';

/**
 * Groups of people ("teams" in code, `/groups` in the API) and the ordered routes that send each new
 * request to one of them. Not the requests' own `group` (requests an agent asks together).
 */

const nameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'Enter a name'), z.maxLength(100, 'Use at most 100 characters'));
const memberIdsSchema = z.array(idSchema).check(z.maxLength(500));

export const teamMemberSchema = z.object({ id: idSchema, username: z.string() });
export const teamSchema = z.object({
  id: idSchema,
  name: z.string(),
  createdAt: isoDateSchema,
  members: z.array(teamMemberSchema),
});
export type Team = z.infer<typeof teamSchema>;

export const createTeamSchema = z.object({
  name: nameSchema,
  memberIds: z.optional(memberIdsSchema),
});
export type CreateTeam = z.infer<typeof createTeamSchema>;

export const updateTeamSchema = z
  .partial(
    z.object({ name: nameSchema, addMemberIds: memberIdsSchema, removeMemberIds: memberIdsSchema }),
  )
  .check(
    z.refine((v) => Object.keys(v).length > 0, 'Send a name, addMemberIds or removeMemberIds'),
  );
export type UpdateTeam = z.infer<typeof updateTeamSchema>;

const matchText = z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)));

/** One route: every match field given must hold; a null field matches anything. */
export const teamRouteSchema = z.object({
  sourceId: z.optional(matchText),
  kind: z.optional(z.nullable(requestKindSchema)),
  customer: z.optional(matchText),
  tool: z.optional(matchText),
  groupId: idSchema,
});
export type TeamRoute = z.infer<typeof teamRouteSchema>;

export const maxRoutes = 200;

/** The ordered list, first match wins; the default group takes what no route matches (null: none). */
export const routingSchema = z.object({
  routes: z.array(teamRouteSchema).check(z.maxLength(maxRoutes)),
  defaultGroupId: z.nullable(idSchema),
});
export type Routing = z.infer<typeof routingSchema>;

/** What routing looks at in a new request. */
export const routeExampleSchema = z.object({
  sourceId: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
  kind: requestKindSchema,
  customer: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
  tool: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
});
export type RouteExample = z.infer<typeof routeExampleSchema>;

export const routePreviewInputSchema = z.object({
  /** A list to try before saving it; without one, the saved list. */
  routing: z.optional(routingSchema),
  example: routeExampleSchema,
});

export const routePreviewSchema = z.object({
  /** The index of the route that matched; null when the default (or nothing) took it. */
  routeIndex: z.nullable(z.number()),
  groupId: z.nullable(idSchema),
});
export type RoutePreview = z.infer<typeof routePreviewSchema>;

export type RoutedRequest = {
  sourceId: string | null;
  kind: RequestKind;
  customer: string | null;
  tool: string | null;
};

function holds(expected: string | null | undefined, actual: string | null): boolean {
  return expected === undefined || expected === null || expected === actual;
}

/** Where routing sends a request: the first route whose every given field matches, else the default. */
export function routeRequest(routing: Routing, request: RoutedRequest): RoutePreview {
  const index = routing.routes.findIndex(
    (route) =>
      holds(route.sourceId, request.sourceId) &&
      holds(route.kind, request.kind) &&
      holds(route.customer, request.customer) &&
      holds(route.tool, request.tool),
  );
  if (index >= 0) return { routeIndex: index, groupId: routing.routes[index]!.groupId };
  return { routeIndex: null, groupId: routing.defaultGroupId };
}

/** An admin hands a request to someone. */
export const reassignSchema = z.object({ userId: idSchema });
