import type {
  createEventSchema,
  createRunSchema,
  runListQuerySchema,
  updateRunSchema,
} from '../../../shared/runs';
import { auditOrigin } from '../../auth/audit-origin';
import { agentSourceId, currentUser, runScope } from '../../auth/guards';
import { runListPage } from '../../domain/run-list-cache';
import { teamIdsOf } from '../../domain/teams';
import { addRunEvent, createRun, getRunDetail, stopRun, updateRun } from '../../domain/runs';
import { waitForGroup } from '../../domain/wait-for-request';
import { pathParam } from '../../lib/params';
import type { getRequestQuerySchema } from '../requests/requests.schemas';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput, QueryInput } from '../../http/validators';

export const list: AppHandler<QueryInput<typeof runListQuerySchema>> = async (c) => {
  const { db } = c.get('deps');
  const query = c.req.valid('query');
  const user = currentUser(c);
  const viewer = query.assigned
    ? { userId: user.id, teamIds: query.assigned === 'groups' ? await teamIdsOf(db, user.id) : [] }
    : undefined;
  const body = await runListPage(db, viewer ? { ...query, viewer } : query);
  return c.body(body, 200, { 'Content-Type': 'application/json' });
};

export const create: AppHandler<JsonInput<typeof createRunSchema>> = async (c) => {
  const run = await createRun(c.get('deps'), agentSourceId(c), c.req.valid('json'));
  return c.json(run, 201);
};

export const getOne: AppHandler = async (c) => {
  return c.json(await getRunDetail(c.get('deps').db, pathParam(c), runScope(c)), 200);
};

/** A group of requests; with `wait`, held until every one of them is decided (or the time is up). */
export const getGroup: AppHandler<QueryInput<typeof getRequestQuerySchema>> = async (c) => {
  const group = await waitForGroup(
    c.get('deps'),
    pathParam(c),
    pathParam(c, 'group'),
    runScope(c),
    {
      seconds: c.req.valid('query').wait ?? 0,
      deliver: c.get('principal')?.type === 'agent',
      signal: c.req.raw.signal,
    },
  );
  return c.json(group, 200);
};

export const update: AppHandler<JsonInput<typeof updateRunSchema>> = async (c) => {
  const run = await updateRun(c.get('deps'), runScope(c), pathParam(c), c.req.valid('json'));
  return c.json(run, 200);
};

export const addEvent: AppHandler<JsonInput<typeof createEventSchema>> = async (c) => {
  const event = await addRunEvent(c.get('deps'), runScope(c), pathParam(c), c.req.valid('json'));
  return c.json(event, 201);
};

export const stop: AppHandler = async (c) => {
  const run = await stopRun(c.get('deps'), pathParam(c), currentUser(c).username, auditOrigin(c));
  return c.json(run, 200);
};
