import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Unit tests (jsdom) beside the code: `src/**\/*.test.ts(x)`. End-to-end tests live in e2e/. */
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
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
