import { Logo } from './logo';

export function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-10 dark:bg-slate-950">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <Logo className="size-10" />
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">
            Countersign
          </h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            The approval desk for AI agents: one inbox for every pause.
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          {children}
        </div>
      </div>
    </main>
  );
}
