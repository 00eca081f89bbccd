import type { Context } from 'hono';
import { notFound } from './api-error';

/** A path parameter the route always declares; a missing one means the path did not name a resource. */
export function pathParam(c: Context, name = 'id'): string {
  const value = c.req.param(name);
  if (!value) throw notFound('Resource');
  return value;
}
