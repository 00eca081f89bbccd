import { Badge } from '../../../components/ui/badge';
import type { Operation } from '../api/get-openapi';

const callers: Record<string, string> = {
  agentToken: 'agent token',
  session: 'signed-in person',
  metricsToken: 'metrics token',
};

function who(operation: Operation): string {
  if (operation['x-caller'] === 'platform') return 'the platform, signed as it defines';
  if (operation.security.length === 0) return 'anyone';
  return operation.security.flatMap((s) => Object.keys(s).map((k) => callers[k] ?? k)).join(' or ');
}

function Schema({ label, schema }: { label: string; schema: unknown }) {
  return (
    <details className="rounded-md border border-slate-200 dark:border-slate-700">
      <summary className="cursor-pointer px-3 py-1.5 text-sm font-medium">{label}</summary>
      <pre className="max-h-96 overflow-auto border-t border-slate-200 px-3 py-2 text-xs dark:border-slate-700">
        {JSON.stringify(schema, null, 2)}
      </pre>
    </details>
  );
}

type OperationCardProps = { method: string; path: string; operation: Operation };

/** One operation: who may call it, its parameters, body and answers, schemas folded away. */
export function OperationCard({ method, path, operation }: OperationCardProps) {
  const body = operation.requestBody?.content['application/json']?.schema;
  return (
    <article className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h3 className="flex flex-wrap items-center gap-2 font-mono text-sm">
        <Badge>{method.toUpperCase()}</Badge>
        <span className="break-all">{path}</span>
      </h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">{operation.summary}</p>
      <p className="text-sm text-slate-600 dark:text-slate-400">Who: {who(operation)}</p>
      {operation.parameters.length > 0 && (
        <ul className="text-sm text-slate-700 dark:text-slate-300">
          {operation.parameters.map((p) => (
            <li key={`${p.in} ${p.name}`}>
              <code className="font-mono">{p.name}</code> ({p.in}
              {p.required ? ', required' : ''})
            </li>
          ))}
        </ul>
      )}
      {body !== undefined && <Schema label="Request body" schema={body} />}
      {body === undefined && operation.requestBody?.description && (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Request body: {operation.requestBody.description}
        </p>
      )}
      <ul className="space-y-1 text-sm">
        {Object.entries(operation.responses).map(([status, response]) => {
          const schema = response.content?.['application/json']?.schema;
          return (
            <li key={status}>
              {schema !== undefined && !status.startsWith('4') ? (
                <Schema label={`${status} ${response.description}`} schema={schema} />
              ) : (
                <span>
                  <span className="font-mono">{status}</span> {response.description}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </article>
  );
}
