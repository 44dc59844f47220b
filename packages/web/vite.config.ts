import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.THROUGHLINE_API ?? 'http://localhost:4000';

/**
 * Vite config. `@throughline/shared` (and its `/graphql` subpath) is read from its TypeScript source so the browser gets ES
 * modules (its build is CommonJS for the server). The dev server proxies every server path
 * (cookies pass through unchanged: they are set for the host the browser sees).
 */
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      {
        find: /^@throughline\/shared\/graphql$/,
        replacement: fileURLToPath(new URL('../shared/src/graphql/index.ts', import.meta.url)),
      },
      {
        find: /^@throughline\/shared$/,
        replacement: fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
      },
    ],
  },
  server: {
    port: 5173,
    proxy: {
      // The Host header is kept (no changeOrigin): the server accepts cookie requests and sockets
      // whose Origin is the host they were sent to, and the session cookie stays on localhost:5173.
      '/graphql': { target: api, ws: true },
      '/collab': { target: api, ws: true },
      '/briefings': { target: api },
      '/healthz': { target: api },
      // Company sign-in: the browser goes through the server to the identity provider and back.
      '^/auth/': { target: api },
    },
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Routes are lazy (React.lazy), so Rollup splits recharts, Tiptap/Yjs and papaparse into the
    // chunks of the screens that use them; the first screen loads none of them.
    chunkSizeWarningLimit: 700,
  },
});
