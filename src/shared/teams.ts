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

/** A week of minutes bounds every expiry setting, so a typo cannot park a request for years. */
export const maxPolicyMinutes = 7 * 24 * 60;
const policyMinutes = z.nullable(
  z
    .number()
    .check(
      z.int(),
      z.gte(1, 'Use at least 1 minute'),
      z.lte(maxPolicyMinutes, 'Use at most a week'),
    ),
);

export const onExpiryValues = ['expire', 'deny', 'escalate'] as const;
export const onExpirySchema = z.enum(onExpiryValues);
export type OnExpiry = z.infer<typeof onExpirySchema>;

/**
 * What happens to a request a route sends to its group when nobody answers. All optional, so routes
 * saved before policies existed read as they were: no default expiry, the global reminder, expire.
 */
export const expiryPolicyShape = {
  /** The expiry of requests sent without `expiresAt` (the agent's own wins). */
  expiresAfterMinutes: z.optional(policyMinutes),
  /** When the reminder goes out before the expiry; null: the server's global lead. */
  remindBeforeMinutes: z.optional(policyMinutes),
  onExpiry: z.optional(onExpirySchema),
  /** With escalate: the group that gets it next, and its new deadline from the moment it escalates. */
  escalateToGroupId: z.optional(z.nullable(idSchema)),
  escalateExpiresAfterMinutes: z.optional(policyMinutes),
};
export const expiryPolicySchema = z.object(expiryPolicyShape);
export type ExpiryPolicy = z.infer<typeof expiryPolicySchema>;

/** One route: every match field given must hold; a null field matches anything. */
export const teamRouteSchema = z.object({
  sourceId: z.optional(matchText),
  kind: z.optional(z.nullable(requestKindSchema)),
  customer: z.optional(matchText),
  tool: z.optional(matchText),
  groupId: idSchema,
  ...expiryPolicyShape,
});
export type TeamRoute = z.infer<typeof teamRouteSchema>;

/** Problems of one policy, keyed by field: escalate needs another group and a new deadline. */
export function expiryPolicyProblems(
  policy: ExpiryPolicy,
  groupId: string | null,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const escalating = policy.onExpiry === 'escalate';
  if (escalating) {
    if (!policy.escalateToGroupId) problems.escalateToGroupId = 'Pick a group to escalate to';
    else if (policy.escalateToGroupId === groupId) {
      problems.escalateToGroupId = 'Escalate to another group';
    }
    if (!policy.escalateExpiresAfterMinutes) {
      problems.escalateExpiresAfterMinutes = 'Give the escalated group a deadline';
    }
  } else {
    if (policy.escalateToGroupId) problems.escalateToGroupId = 'Only escalate takes a group';
    if (policy.escalateExpiresAfterMinutes) {
      problems.escalateExpiresAfterMinutes = 'Only escalate takes a new deadline';
    }
  }
  return problems;
}

/** Every policy problem of a routing list, keyed as the API reports them (`routes.0.onExpiry`). */
export function routingPolicyProblems(routing: Routing): Record<string, string> {
  const problems: Record<string, string> = {};
  routing.routes.forEach((route, index) => {
    for (const [field, message] of Object.entries(expiryPolicyProblems(route, route.groupId))) {
      problems[`routes.${index}.${field}`] = message;
    }
  });
  if (routing.defaultPolicy) {
    if (routing.defaultGroupId === null) {
      problems.defaultPolicy = 'Pick a default group to give it a policy';
    }
    const found = expiryPolicyProblems(routing.defaultPolicy, routing.defaultGroupId);
    for (const [field, message] of Object.entries(found)) {
      problems[`defaultPolicy.${field}`] = message;
    }
  }
  return problems;
}

export const maxRoutes = 200;

/** The ordered list, first match wins; the default group takes what no route matches (null: none). */
export const routingSchema = z.object({
  routes: z.array(teamRouteSchema).check(z.maxLength(maxRoutes)),
  defaultGroupId: z.nullable(idSchema),
  /** The default route's expiry policy. */
  defaultPolicy: z.optional(expiryPolicySchema),
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

/** The expiry policy of the route that took a request (the default route's when none matched). */
export function policyOfRoute(routing: Routing, preview: RoutePreview): ExpiryPolicy {
  const source =
    preview.routeIndex === null
      ? (routing.defaultPolicy ?? {})
      : routing.routes[preview.routeIndex]!;
  return {
    expiresAfterMinutes: source.expiresAfterMinutes ?? null,
    remindBeforeMinutes: source.remindBeforeMinutes ?? null,
    onExpiry: source.onExpiry ?? 'expire',
    escalateToGroupId: source.escalateToGroupId ?? null,
    escalateExpiresAfterMinutes: source.escalateExpiresAfterMinutes ?? null,
  };
}

/** An admin hands a request to someone. */
export const reassignSchema = z.object({ userId: idSchema });
