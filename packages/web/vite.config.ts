import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.THROUGHLINE_API ?? 'http://localhost:4000';

/**
 * Vite config. `@throughline/shared` is read from its TypeScript source so the browser gets ES
 * modules (its build is CommonJS for the server). The dev server proxies every server path.
 */
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@throughline/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
      '/collab': { target: api, ws: true, changeOrigin: true },
      '/briefings': { target: api, changeOrigin: true },
      '/healthz': { target: api, changeOrigin: true },
    },
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        // Heavy libraries in their own chunks, loaded only by the routes that use them.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/recharts|d3-|victory|decimal\.js/.test(id)) return 'charts';
          if (/@tiptap|prosemirror|y-prosemirror|yjs|lib0|y-protocols|@hocuspocus/.test(id)) return 'editor';
          if (/papaparse/.test(id)) return 'csv';
          return undefined;
        },
      },
    },
  },
});
