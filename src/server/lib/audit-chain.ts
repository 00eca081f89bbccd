import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { auditExportLineSchema, type AuditExportLine } from '../../shared/audit';

/** The `prevHash` of the first entry. */
export const genesisHash = '0'.repeat(64);

/** What an entry's hash covers: every field but its id, in a fixed order. */
export type ChainedContent = Pick<
  AuditExportLine,
  | 'createdAt'
  | 'action'
  | 'actor'
  | 'actorId'
  | 'targetType'
  | 'targetId'
  | 'runId'
  | 'summary'
  | 'ip'
  | 'userAgent'
  | 'data'
>;

function canonical(entry: ChainedContent): string {
  return JSON.stringify([
    entry.createdAt,
    entry.action,
    entry.actor,
    entry.actorId,
    entry.targetType,
    entry.targetId,
    entry.runId,
    entry.summary,
    entry.ip,
    entry.userAgent,
    entry.data,
  ]);
}

/** SHA-256 over the previous entry's hash and this entry's content, so no entry changes unnoticed. */
export function entryHash(prevHash: string, entry: ChainedContent): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonical(entry)}`)
    .digest('hex');
}

export type ChainProblem = 'changed' | 'removed' | 'inserted' | 'unreadable';

export type ChainReport =
  | { intact: true; entries: number; lastHash: string }
  | { intact: false; problem: ChainProblem; line: number; entryId: string | null; message: string };

type Line = { line: number; entry: AuditExportLine };

const nameOf = (l: Line) => `${l.entry.id} (line ${l.line})`;

/**
 * Checks an exported chain, oldest first, and names the first entry that was changed, inserted or
 * removed. Entries removed from the end leave no trace in the file: compare `lastHash` with a later
 * export's entry of the same id.
 */
export function verifyChain(text: string): ChainReport {
  const lines: Line[] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i += 1) {
    if (raw[i]!.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw[i]!);
    } catch {
      value = undefined;
    }
    const parsed = z.safeParse(auditExportLineSchema, value);
    if (!parsed.success) {
      return {
        intact: false,
        problem: 'unreadable',
        line: i + 1,
        entryId: null,
        message: `Line ${i + 1} is not an exported audit entry`,
      };
    }
    lines.push({ line: i + 1, entry: parsed.data });
  }

  let prev = genesisHash;
  for (let j = 0; j < lines.length; j += 1) {
    const current = lines[j]!;
    const { entry } = current;
    const linked = entry.prevHash === prev;
    const selfConsistent = entryHash(entry.prevHash, entry) === entry.hash;
    if (linked && selfConsistent) {
      prev = entry.hash;
      continue;
    }
    const fail = (problem: ChainProblem, at: Line, message: string): ChainReport => ({
      intact: false,
      problem,
      line: at.line,
      entryId: at.entry.id,
      message,
    });
    if (lines[j + 1]?.entry.prevHash === prev) {
      return fail('inserted', current, `${nameOf(current)} was inserted: the next entry skips it`);
    }
    if (!selfConsistent) {
      return fail('changed', current, `${nameOf(current)} was changed: its hash no longer matches`);
    }
    const beforePrevious = lines[j - 2];
    if (j >= 1 && (beforePrevious?.entry.hash ?? genesisHash) === entry.prevHash) {
      const inserted = lines[j - 1]!;
      return fail(
        'inserted',
        inserted,
        `${nameOf(inserted)} was inserted: the next entry skips it`,
      );
    }
    const after = lines[j - 1];
    return fail(
      'removed',
      current,
      after
        ? `The chain breaks between ${nameOf(after)} and ${nameOf(current)}: an entry between them was removed (or the first was rewritten with a new hash)`
        : `Entries were removed before ${nameOf(current)}, the first in the file`,
    );
  }
  return { intact: true, entries: lines.length, lastHash: prev };
}
