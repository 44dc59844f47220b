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
  // type-graphql is CommonJS only and requires graphql's CJS build; resolve every package
  // through its `require` entry too, or graphql would be loaded twice (ESM + CJS) under Vitest.
  resolve: {
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
    conditions: ['require', 'node', 'default'],
  },
  ssr: { resolve: { conditions: ['require', 'node', 'default'], externalConditions: ['require', 'node', 'default'] } },
  test: {
    globalSetup: ['./test/global-setup.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
