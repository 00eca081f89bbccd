import * as z from 'zod/mini';
import { auditQuerySchema, type AuditEntry, type AuditQuery } from '../../../shared/audit';
import { issuesToDetails } from '../../../shared/errors';
import { eachAuditEntry, listAudit } from '../../domain/audit';
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
  const entries = eachAuditEntry(db, query);
  const encoder = new TextEncoder();
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow(csvHeader)));
        return;
      }
      let chunk = '';
      for (let i = 0; i < 500; i += 1) {
        const next = await entries.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += toCsv(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await entries.return(undefined);
    },
  });
  const day = isoNow(c.get('deps')).slice(0, 10);
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="countersign-audit-${day}.csv"`,
  });
}

export const list: AppHandler = async (c) => {
  const query = auditQuery(c);
  if (query.format === 'csv') return csvResponse(c, query);
  return c.json(await listAudit(c.get('deps').db, query), 200);
};

export const exportCsv: AppHandler = async (c) => csvResponse(c, auditQuery(c));
