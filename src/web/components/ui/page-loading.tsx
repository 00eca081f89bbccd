import { Spinner } from './spinner';

/** The whole-page placeholder while the first route's code and data arrive. */
export function PageLoading() {
  return (
    <div
      role="status"
      className="flex min-h-dvh items-center justify-center gap-2 text-sm text-slate-600 dark:text-slate-400"
    >
      <Spinner className="motion-reduce:animate-none" />
      <span>Loading…</span>
    </div>
  );
}
