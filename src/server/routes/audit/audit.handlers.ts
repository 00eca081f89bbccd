import * as z from 'zod/mini';
import { auditQuerySchema, type AuditEntry, type AuditQuery } from '../../../shared/audit';
import { issuesToDetails } from '../../../shared/errors';
import { eachAuditEntry, eachChainedEntry, listAudit } from '../../domain/audit';
import { isoNow } from '../../domain/context';
import { ApiError } from '../../lib/api-error';
import type { AppContext, AppHandler } from '../../http/app-env';
import { csvRow } from '../../lib/csv';

/** Empty parameters (an untouched filter field) count as absent. */
function auditQuery(c: AppContext): AuditQuery {
  const given = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
  const result = z.safeParse(auditQuerySchema, given);
  if (!result.success) {
    throw new ApiError(
      400,
      'bad_request',
      'Some query parameters are invalid',
      issuesToDetails(result.error.issues),
    );
  }
  return result.data;
}

const csvHeader = [
  'time',
  'actor',
  'action',
  'summary',
  'target type',
  'target id',
  'run',
  'ip',
  'user agent',
  'data',
];

function toCsv(entry: AuditEntry): string {
  return csvRow([
    entry.createdAt,
    entry.actor,
    entry.action,
    entry.summary,
    entry.targetType,
    entry.targetId,
    entry.runId,
    entry.ip,
    entry.userAgent,
    entry.data === null ? null : JSON.stringify(entry.data),
  ]);
}

function csvResponse(c: AppContext, query: AuditQuery): Response {
  const { db } = c.get('deps');
  async function* rows() {
    yield csvRow(csvHeader);
    for await (const entry of eachAuditEntry(db, query)) yield toCsv(entry);
  }
  const day = isoNow(c.get('deps')).slice(0, 10);
  return c.body(
    streamOf(rows(), (row) => row),
    200,
    {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="countersign-audit-${day}.csv"`,
    },
  );
}

/** Streams text built from `items`, `perChunk` at a time, ending the stream when they end. */
function streamOf<T>(items: AsyncGenerator<T>, format: (item: T) => string, perChunk = 500) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = '';
      for (let i = 0; i < perChunk; i += 1) {
        const next = await items.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += format(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await items.return(undefined);
    },
  });
}

/** The whole hash chain, oldest first, one JSON entry a line, for `npm run audit:verify`. */
export const exportChain: AppHandler = async (c) => {
  const format = c.req.query('format') ?? 'jsonl';
  if (format !== 'jsonl') {
    throw new ApiError(400, 'bad_request', 'Some query parameters are invalid', {
      format: 'The chain exports as jsonl',
    });
  }
  const { db } = c.get('deps');
  const day = isoNow(c.get('deps')).slice(0, 10);
  const body = streamOf(eachChainedEntry(db), (line) => `${JSON.stringify(line)}\n`);
  return c.body(body, 200, {
    'Content-Type': 'application/x-ndjson; charset=utf-8',
    'Content-Disposition': `attachment; filename="countersign-audit-${day}.jsonl"`,
  });
};

export const list: AppHandler = async (c) => {
  const query = auditQuery(c);
  if (query.format === 'csv') return csvResponse(c, query);
  return c.json(await listAudit(c.get('deps').db, query), 200);
};

export const exportCsv: AppHandler = async (c) => csvResponse(c, auditQuery(c));
