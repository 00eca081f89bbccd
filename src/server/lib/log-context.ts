import { AsyncLocalStorage } from 'node:async_hooks';

const store = new AsyncLocalStorage<Readonly<Record<string, unknown>>>();

/**
 * Runs `work` with fields (a request's id) that every log entry written during it carries, however deep
 * in the domain or a connector the entry is written.
 */
export function withLogContext<T>(fields: Readonly<Record<string, unknown>>, work: () => T): T {
  return store.run(fields, work);
}

/** The fields of the work in progress, or none outside one. */
export function logContext(): Readonly<Record<string, unknown>> {
  return store.getStore() ?? {};
}
