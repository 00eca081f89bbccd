import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root, ignore: false });

async function problems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

// Each lint resolves and parses the whole import graph behind the file (for no-cycle): seconds, not milliseconds.
describe('server layering (eslint.config.js)', { timeout: 120_000 }, () => {
  it('refuses an import from a higher layer', async () => {
    const found = await problems(
      "import { hooksRoutes } from '../routes/hooks/hooks.routes';\nexport const x = hooksRoutes;\n",
      'src/server/domain/upward.ts',
    );
    expect(found.join('\n')).toContain('server/domain may import only');
  });

  it('refuses a connector reaching into the domain', async () => {
    const found = await problems(
      "import { commit } from '../../domain/commit';\nexport const x = commit;\n",
      'src/server/connectors/dari/upward.ts',
    );
    expect(found.join('\n')).toContain('server/connectors may import only');
  });

  it('refuses a platform folder importing another platform', async () => {
    const found = await problems(
      "import { dariConnector } from '../dari/connector';\nexport const x = dariConnector;\n",
      'src/server/connectors/m8tes/sideways.ts',
    );
    expect(found.join('\n')).toContain('connectors/m8tes may import only');
  });

  it('refuses the kit importing a platform', async () => {
    const found = await problems(
      "import { dariConnector } from '../dari/connector';\nexport const x = dariConnector;\n",
      'src/server/connectors/kit/upward.ts',
    );
    expect(found.join('\n')).toContain('connectors/kit serves every platform');
  });

  it('refuses the rest of the server reaching into the kit or a platform', async () => {
    const found = await problems(
      "import { callPlatform } from '../connectors/kit/http';\nexport const x = callPlatform;\n",
      'src/server/domain/inward.ts',
    );
    expect(found.join('\n')).toContain('Outside connectors/, use only');
  });

  it('accepts a platform using the kit and the interface', async () => {
    const found = await problems(
      "import { callPlatform } from '../kit/http';\nimport { usableId } from '../connector';\nexport const x = [callPlatform, usableId];\n",
      'src/server/connectors/dari/uses-kit.ts',
    );
    expect(found).toEqual([]);
  });

  it('accepts an import from a lower layer', async () => {
    const found = await problems(
      "import { commit } from '../domain/commit';\nexport const x = commit;\n",
      'src/server/workers/downward.ts',
    );
    expect(found).toEqual([]);
  });

  it('refuses an import cycle', async () => {
    const [result] = await eslint.lintFiles([`${root}/test/lint/fixtures/cycle/first.ts`]);
    expect(result!.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });

  it('refuses reading process.env outside env.ts', async () => {
    const found = await problems(
      'export const port = process.env.PORT;\n',
      'src/server/domain/reads-env.ts',
    );
    expect(found.join('\n')).toContain('no-restricted-properties');
  });

  it('refuses a file name that is not kebab-case', async () => {
    const found = await problems('export const x = 1;\n', 'src/server/domain/runList.ts');
    expect(found.join('\n')).toContain('kebab-case');
  });
});
