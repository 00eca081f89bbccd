import { useRef, useState } from 'react';
import type { BulkResponse, BulkResult } from '../../../../shared/bulk';
import type { RunDetail } from '../../../../shared/runs';
import type { BulkStage } from '../components/bulk-dialog';
import { pendingToolCalls, type BulkItem } from '../lib/bulk-items';

type BulkDecisionOptions = {
  /** The run as it is now, for the confirmation to list exactly what waits. */
  loadRun: (runId: string) => Promise<RunDetail>;
  submit: (body: BulkResponse, idempotencyKey: string) => Promise<{ results: BulkResult[] }>;
  /** Runs whose tool calls were all decided, to drop from the selection. */
  onDecided: (runIds: string[]) => void;
};

/** The steps of one bulk decision: read the picked runs, confirm the list, send it, show the results. */
export function useBulkDecision({ loadRun, submit, onDecided }: BulkDecisionOptions) {
  const [decision, setDecision] = useState<'approve' | 'deny'>('approve');
  const [state, setState] = useState<BulkStage | null>(null);
  // Kept until the server has answered, so a resent bulk call replays instead of answering again.
  const key = useRef<string | null>(null);
  const batch = useRef<readonly string[]>([]);

  const start = async (next: 'approve' | 'deny', runIds: readonly string[]) => {
    setDecision(next);
    setState({ stage: 'loading' });
    key.current = crypto.randomUUID();
    batch.current = runIds;
    try {
      const runs = await Promise.all(runIds.map(loadRun));
      const items = runs.flatMap(pendingToolCalls);
      const nothingLeft = runs.filter((run) => pendingToolCalls(run).length === 0).length;
      setState({ stage: 'confirm', items, nothingLeft });
    } catch (error) {
      setState({ stage: 'failed', message: `Could not read the selected runs: ${String(error)}` });
    }
  };

  const confirm = async (items: BulkItem[]) => {
    setState({ stage: 'sending', items });
    try {
      const { results } = await submit(
        { decision, requestIds: items.map((item) => item.requestId) },
        key.current ?? crypto.randomUUID(),
      );
      key.current = null;
      setState({ stage: 'done', items, results });
      // A run stays picked only while a call of it may still be decided (one refused as not allowed).
      const refused = new Set(
        results.filter((r) => r.outcome === 'not_allowed').map((r) => r.requestId),
      );
      const keep = new Set(items.filter((i) => refused.has(i.requestId)).map((i) => i.runId));
      onDecided(batch.current.filter((runId) => !keep.has(runId)));
    } catch (error) {
      setState({
        stage: 'failed',
        message: `The decision was not sent: ${error instanceof Error ? error.message : String(error)}`,
        retry: items,
      });
    }
  };

  return { decision, state, start, confirm, close: () => setState(null) };
}
