import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const apiPort = Number(process.env.COUNTERSIGN_API_PORT ?? 8787);

/** Code pages share: UI parts, helpers, API hooks, the contract, React Query. */
const sharedAppCode =
  /[\\/]src[\\/](shared|web[\\/](components|config|lib|features[\\/][^\\/]+[\\/]api))[\\/]|[\\/]node_modules[\\/]@tanstack[\\/]react-query[\\/]/;
/** Shared, but heavy and needed only by some pages: kept in chunks of their own. */
const notCommon = /[\\/](dialog\.tsx|confirm-dialog\.tsx|markdown\.ts|form-messages\.ts)$/;

/**
 * sonner adds its CSS as an inline style element, which the page's CSP (style-src 'self' plus a
 * nonce sonner cannot take) refuses. In the build it loads its own stylesheet file instead.
 */
function sonnerStylesheet(): Plugin {
  const insertCss = /__insertCSS\("(?:[^"\\]|\\.)*"\);?/;
  return {
    name: 'sonner-stylesheet',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]sonner[\\/]dist[\\/]index\.mjs$/.test(id)) return null;
      if (!insertCss.test(code)) this.error('sonner no longer inserts its CSS as this expects');
      return { code: `import './styles.css';\n${code.replace(insertCss, '')}`, map: null };
    },
  };
}

/**
 * The signed-in shell and the inbox are the landing page, but the router loads them lazily, only once
 * the entry has run. Preloading them from the page lets the browser fetch them alongside the entry
 * instead of one round trip after it. The links carry `data-path="/"`: the server keeps them only in
 * the page it serves for `/`, so other pages do not fetch the inbox's code.
 */
function preloadLandingRoutes(): Plugin {
  const landing = /[\\/]src[\\/]web[\\/]app[\\/]routes[\\/](app-root|inbox)\.tsx$/;
  return {
    name: 'preload-landing-routes',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk: entry }) {
        if (!bundle || !entry) return [];
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const roots = chunks.filter((c) => c.moduleIds.some((id) => landing.test(id)));
        if (!roots.length) this.error('preload-landing-routes: no chunk holds the landing routes');
        const files = new Set<string>();
        const visit = (fileName: string) => {
          if (fileName === entry.fileName || files.has(fileName)) return;
          files.add(fileName);
          chunks.find((c) => c.fileName === fileName)?.imports.forEach(visit);
        };
        roots.forEach((c) => visit(c.fileName));
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}`, 'data-path': '/' },
          injectTo: 'head',
        }));
      },
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), tailwindcss(), sonnerStylesheet(), preloadLandingRoutes()],
  resolve: {
    // react-router's exports always resolve its development build, dev warnings included
    // (remix-run/react-router#14102); the production build differs only in leaving them out.
    alias:
      command === 'build'
        ? [
            {
              find: /^react-router$/,
              replacement: fileURLToPath(
                new URL('./node_modules/react-router/dist/production/index.mjs', import.meta.url),
              ),
            },
          ]
        : [],
  },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // The first view of the inbox loads four scripts at once: the entry (React, the router,
        // the query client, zod), the code two or more pages share, the signed-in shell and the
        // inbox, instead of a score of tiny shared chunks. The run page, dialogs, forms and toasts
        // stay in chunks of their own.
        codeSplitting: {
          groups: [
            { name: 'index', tags: ['$initial'], priority: 3 },
            {
              name: 'common',
              test: (id) => sharedAppCode.test(id) && !notCommon.test(id),
              minShareCount: 2,
              priority: 2,
            },
            {
              name: 'inbox',
              test: /[\\/]src[\\/]web[\\/]app[\\/]routes[\\/]inbox\.tsx$/,
              priority: 1,
            },
            {
              name: 'forms',
              test: /[\\/]node_modules[\\/](react-hook-form|@hookform)[\\/]|[\\/]form-messages\.ts$/,
              priority: 1,
            },
            { name: 'sonner', test: /[\\/]node_modules[\\/]sonner[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false },
    },
  },
}));
