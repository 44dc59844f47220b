import swc from 'unplugin-swc';
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// esbuild (Vitest's default transform) emits no decorator metadata, which type-graphql
// and TypeORM need; swc does (see ../../shared engineering-notes, "Decorators need metadata").
export default defineConfig({
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
      },
    }),
  ],
  // type-graphql is CommonJS only and requires graphql's CJS build, which is also what Node's ES
  // module loader gives `import 'graphql'` (graphql 16 has no `exports`); Vite would pick its
  // `module` build instead and graphql would be loaded twice, so point Vite at the same file.
  resolve: {
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/password-cost.setup.ts'],
    // A fixed key for secrets at rest, so test servers never write a key file into the checkout.
    // A cheap scrypt work factor: the suite signs in thousands of times (production: 17, OWASP's).
    env: { THROUGHLINE_SECRET_KEY: 'dGhyb3VnaGxpbmUtdGVzdC1rZXktMzItYnl0ZXMtISE=', PASSWORD_HASH_COST: '10' },
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
