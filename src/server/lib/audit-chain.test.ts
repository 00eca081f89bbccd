import { describe, expect, it } from 'vitest';
import { entryHash, genesisHash, verifyChain, type ChainedContent } from './audit-chain';

function chain(count: number) {
  let prev = genesisHash;
  return Array.from({ length: count }, (_, i) => {
    const content: ChainedContent = {
      createdAt: `2026-03-01T10:00:0${i}.000Z`,
      action: 'rule.created',
      actor: 'admin',
      actorId: 'usr_1',
      targetType: 'rule',
      targetId: `rule_${i}`,
      runId: null,
      summary: `admin pre-approved tool_${i}`,
      ip: '127.0.0.1',
      userAgent: null,
      data: JSON.parse(`{"tool":"tool_${i}","__proto__":{"nested":[${i}]}}`),
    };
    const hash = entryHash(prev, content);
    const line = { id: `aud_${i + 1}`, ...content, prevHash: prev, hash };
    prev = hash;
    return line;
  });
}

const jsonl = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

describe('verifyChain', () => {
  it('finds an intact chain intact', () => {
    const lines = chain(5);
    expect(verifyChain(jsonl(lines))).toEqual({
      intact: true,
      entries: 5,
      lastHash: lines[4]!.hash,
    });
    expect(verifyChain('')).toEqual({ intact: true, entries: 0, lastHash: genesisHash });
  });

  it('names an entry whose content was changed', () => {
    const lines = chain(5);
    lines[2] = { ...lines[2]!, summary: 'admin pre-approved nothing' };
    expect(verifyChain(jsonl(lines))).toMatchObject({
      intact: false,
      problem: 'changed',
      entryId: 'aud_3',
      line: 3,
    });
  });

  it('names where an entry was removed, including the first', () => {
    const lines = chain(5);
    expect(verifyChain(jsonl([...lines.slice(0, 2), ...lines.slice(3)]))).toMatchObject({
      problem: 'removed',
      entryId: 'aud_4',
      message: expect.stringContaining('between aud_2 (line 2) and aud_4 (line 3)'),
    });
    expect(verifyChain(jsonl(lines.slice(1)))).toMatchObject({
      problem: 'removed',
      entryId: 'aud_2',
    });
  });

  it('names an inserted entry, whether or not it was hashed onto the chain', () => {
    const lines = chain(5);
    const forged = { ...lines[1]!, id: 'aud_99', summary: 'forged', prevHash: lines[1]!.hash };
    const linked = { ...forged, hash: entryHash(forged.prevHash, forged) };
    expect(verifyChain(jsonl([...lines.slice(0, 2), linked, ...lines.slice(2)]))).toMatchObject({
      problem: 'inserted',
      entryId: 'aud_99',
      line: 3,
    });
    const unlinked = { ...forged, prevHash: 'f'.repeat(64), hash: 'e'.repeat(64) };
    expect(verifyChain(jsonl([...lines.slice(0, 2), unlinked, ...lines.slice(2)]))).toMatchObject({
      problem: 'inserted',
      entryId: 'aud_99',
    });
  });

  it('names a line that is not an entry', () => {
    expect(verifyChain(`${jsonl(chain(2))}not json\n`)).toMatchObject({
      problem: 'unreadable',
      line: 3,
    });
  });
});
