/**
 * Builds the renderer: the same bundle runs in the Electron window and in browser mode
 * (`netwright serve`). `base: './'` keeps every asset URL relative, so it loads from a file, a
 * custom protocol or any server path alike.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

// import.meta.dirname rather than node:path: the renderer folder is linted as browser code.
const root = import.meta.dirname;

/**
 * `vite dev` only: React Refresh injects an inline module script, which the page's CSP forbids.
 * The built app keeps the strict policy; the dev server's copy allows inline scripts.
 */
const devCsp: Plugin = {
  name: 'netwright-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
};

export default defineConfig({
  root,
  base: './',
  plugins: [react(), devCsp],
  build: {
    outDir: `${root}/../dist/renderer`,
    emptyOutDir: true,
    // Monaco alone is a few MB; it is split into its own lazily loaded chunk.
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
    target: 'es2022',
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', strictPort: false },
});
