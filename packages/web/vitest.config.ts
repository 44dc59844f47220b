import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * Unit tests beside the code: `src/**\/*.test.ts(x)`. End-to-end tests live in e2e/.
 * Two projects, so only the tests that render get a browser-like DOM (jsdom costs about a second
 * of set-up per file): `*.test.tsx` run in jsdom with Testing Library's set-up; `*.test.ts` are
 * plain logic and run in Node. A `.test.ts` that needs the DOM goes in DOM_TESTS below (it then
 * fails loudly in Node — "document is not defined" — never silently).
 */
const DOM_TESTS = ['src/auth/session.test.ts'];

const resolve = {
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
};

export default defineConfig({
  plugins: [react()],
  resolve,
  test: {
    projects: [
      {
        plugins: [react()],
        resolve,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src/**/*.test.tsx', ...DOM_TESTS],
          setupFiles: ['src/test-setup.ts'],
        },
      },
      {
        resolve,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.ts'],
          exclude: DOM_TESTS,
        },
      },
    ],
  },
});
