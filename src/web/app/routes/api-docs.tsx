import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { RouteErrorPage } from '../../components/errors/error-page';
import { openApiOptions } from '../../features/api-docs/api/get-openapi';
import { OperationCard } from '../../features/api-docs/components/operation-card';
import { useDocumentTitle } from '../../lib/use-document-title';

export const clientLoader = (queryClient: QueryClient) => async () => {
  await queryClient.ensureQueryData(openApiOptions());
  return null;
};

const slug = (tag: string) => `tag-${tag.replace(/\W+/g, '-')}`;

/** The API reference, read from /api/v1/openapi.json: its own chunk, loaded only here. */
export function Component() {
  useDocumentTitle('API reference · Countersign');
  const { data } = useSuspenseQuery(openApiOptions());
  const byTag = new Map<string, { method: string; path: string; key: string }[]>();
  for (const [path, operations] of Object.entries(data.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const tag = operation.tags[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, key: `${method} ${path}` }]);
    }
  }
  return (
    <main className="mx-auto max-w-4xl space-y-6 px-4 py-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold text-slate-900 dark:text-slate-100">
          {data.info.title}
        </h1>
        <p className="text-sm text-slate-700 dark:text-slate-300">{data.info.description}</p>
        <p className="text-sm">
          <a className="text-indigo-700 underline dark:text-indigo-300" href="/api/v1/openapi.json">
            openapi.json
          </a>
        </p>
      </header>
      {[...byTag].map(([tag, entries]) => (
        <section key={tag} aria-labelledby={slug(tag)} className="space-y-3">
          <h2 id={slug(tag)} className="text-lg font-semibold text-slate-900 dark:text-slate-100">
            {tag}
          </h2>
          {entries.map(({ method, path, key }) => (
            <OperationCard
              key={key}
              method={method}
              path={path}
              operation={data.paths[path]![method]!}
            />
          ))}
        </section>
      ))}
    </main>
  );
}

export const ErrorBoundary = RouteErrorPage;
