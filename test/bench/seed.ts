import type { BenchServer } from './bench-server';
import { inParallel } from './stats';

export type SeededRun = { runId: string; requestId: string | null; title: string };

type SeedOptions = {
  /** Each run's title is `${titlePrefix} ${n}`. */
  titlePrefix: string;
  /** When set, each run gets one pending request of this kind (so it waits in the inbox). */
  kind?: 'plan' | 'tool';
  concurrency?: number;
};

const customers = ['cust_acme', 'cust_globex', 'cust_initech', 'cust_umbrella', 'cust_hooli'];

/** Runs (and their pending requests) created through the real agent API, as agents would. */
export async function seedRuns(
  server: BenchServer,
  count: number,
  { titlePrefix, kind, concurrency = 8 }: SeedOptions,
): Promise<SeededRun[]> {
  return inParallel(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const title = `${titlePrefix} ${String(i).padStart(5, '0')}`;
      const run = await server.agent<{ id: string }>('POST', '/runs', {
        title,
        externalId: `ext-${i}`,
        customer: customers[i % customers.length],
      });
      if (!kind) return { runId: run.id, requestId: null, title };
      const body =
        kind === 'plan'
          ? {
              kind,
              plan: `## Plan ${i}\n\n1. Look up the order\n2. Refund it\n3. Email the customer`,
            }
          : {
              kind,
              tool: 'refund_order',
              input: { orderId: `ord_${i}`, amount: 42 },
              reason: 'Damaged',
            };
      const request = await server.agent<{ id: string }>('POST', `/runs/${run.id}/requests`, body);
      return { runId: run.id, requestId: request.id, title };
    },
  );
}
