import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The agent client as one ES module; zod stays a dependency the installer resolves. */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    minify: false,
    lib: {
      entry: fileURLToPath(new URL('../src/shared/client.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'index.js',
    },
    rolldownOptions: { external: [/^zod(\/.*)?$/] },
  },
});
