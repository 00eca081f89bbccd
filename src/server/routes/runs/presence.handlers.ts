import { currentUser } from '../../auth/guards';
import { leaveRun, markViewing } from '../../domain/presence';
import type { AppHandler } from '../../http/app-env';
import { pathParam } from '../../lib/params';

/** The run page's heartbeat: the caller has the run open; answers who else does. */
export const viewing: AppHandler = async (c) =>
  c.json(await markViewing(c.get('deps'), currentUser(c), pathParam(c)), 200);

export const leave: AppHandler = async (c) => {
  await leaveRun(c.get('deps'), currentUser(c), pathParam(c));
  return c.body(null, 204);
};
