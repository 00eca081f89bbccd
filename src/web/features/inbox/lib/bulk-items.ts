import type { Countersign } from '../../../../shared/requests';
import type { RunDetail } from '../../../../shared/runs';

/** A pending tool call of a selected run, as the bulk confirmation lists it. */
export type BulkItem = {
  requestId: string;
  runId: string;
  runTitle: string;
  tool: string;
  input: Record<string, unknown>;
  countersign?: Countersign;
};

export function pendingToolCalls(run: RunDetail): BulkItem[] {
  return run.requests.flatMap((r) =>
    r.kind === 'tool' && r.status === 'pending'
      ? [
          {
            requestId: r.id,
            runId: run.id,
            runTitle: run.title,
            tool: r.tool,
            input: r.input,
            ...(r.countersign ? { countersign: r.countersign } : {}),
          },
        ]
      : [],
  );
}

/** The input on one line, cut to a length a list can show. */
export function inputLine(input: Record<string, unknown>, max = 90): string {
  const text = JSON.stringify(input);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
