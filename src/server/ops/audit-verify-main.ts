import { readFile } from 'node:fs/promises';
import { verifyChain } from '../lib/audit-chain';

/**
 * `npm run audit:verify -- FILE`: checks an audit export (`GET /api/v1/audit/export?format=jsonl`).
 * Exit 0: intact. Exit 1: the first entry changed, inserted or removed is named. Exit 2: no usable file.
 */
const file = process.argv[2];
if (!file) {
  process.stderr.write('Usage: npm run audit:verify -- FILE.jsonl\n');
  process.exit(2);
}
let text: string;
try {
  text = await readFile(file, 'utf8');
} catch (error) {
  process.stderr.write(`Cannot read ${file}: ${error instanceof Error ? error.message : error}\n`);
  process.exit(2);
}
const report = verifyChain(text);
if (report.intact) {
  process.stdout.write(`intact: ${report.entries} entries, last hash ${report.lastHash}\n`);
  process.exit(0);
}
process.stdout.write(`${report.problem}: ${report.message}\n`);
process.exit(1);
