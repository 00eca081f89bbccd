import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The agent client as ES modules; zod (and the MCP SDK's types) stay for the installer to resolve. */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    minify: false,
    lib: {
      entry: {
        index: fileURLToPath(new URL('../src/shared/client.ts', import.meta.url)),
        // Its own entry, so agents without MCP never meet the MCP SDK's types.
        mcp: fileURLToPath(new URL('../src/shared/mcp-elicitation.ts', import.meta.url)),
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: { external: [/^zod(\/.*)?$/, /^@modelcontextprotocol\/sdk(\/.*)?$/] },
  },
});
