import type {
  createTeamSchema,
  routePreviewInputSchema,
  routingSchema,
  updateTeamSchema,
} from '../../../shared/teams';
import { routeRequest } from '../../../shared/teams';
import { auditOrigin } from '../../auth/audit-origin';
import { readRouting, saveRouting } from '../../domain/team-routes';
import { createTeam, deleteTeam, listTeams, updateTeam } from '../../domain/teams';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';
import { pathParam } from '../../lib/params';

export const list: AppHandler = async (c) =>
  c.json({ items: await listTeams(c.get('deps').db), nextCursor: null }, 200);

export const create: AppHandler<JsonInput<typeof createTeamSchema>> = async (c) =>
  c.json(await createTeam(c.get('deps'), c.req.valid('json'), auditOrigin(c)), 201);

export const update: AppHandler<JsonInput<typeof updateTeamSchema>> = async (c) =>
  c.json(await updateTeam(c.get('deps'), pathParam(c), c.req.valid('json'), auditOrigin(c)), 200);

export const remove: AppHandler = async (c) => {
  await deleteTeam(c.get('deps'), pathParam(c), auditOrigin(c));
  return c.body(null, 204);
};

export const getRouting: AppHandler = async (c) => c.json(await readRouting(c.get('deps').db), 200);

export const putRouting: AppHandler<JsonInput<typeof routingSchema>> = async (c) =>
  c.json(await saveRouting(c.get('deps'), c.req.valid('json'), auditOrigin(c)), 200);

export const preview: AppHandler<JsonInput<typeof routePreviewInputSchema>> = async (c) => {
  const { routing, example } = c.req.valid('json');
  const list = routing ?? (await readRouting(c.get('deps').db));
  return c.json(
    routeRequest(list, {
      sourceId: example.sourceId ?? null,
      kind: example.kind,
      customer: example.customer ?? null,
      tool: example.tool ?? null,
    }),
    200,
  );
};
