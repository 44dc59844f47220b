// One lint config for the monorepo. Type-aware rules are left to `tsc` (each package's
// `typecheck`); this catches what the compiler does not. The server's own rules (every root
// resolver authorized) live in packages/server/lint/eslint-plugin.mjs.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import serverRules from './packages/server/lint/eslint-plugin.mjs';

export default tseslint.config(
  {
    ignores: [
      '**/.tmp/**',
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/*.generated.ts',
      'packages/server/src/db/migrations/**',
      'tools/bench/results/**',
      'packages/web/e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      // Browser and Node globals from the `globals` package (code runs in both: web, server, tools).
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      // Entities and GraphQL inputs use `Function` and `any` at framework boundaries (TypeORM, type-graphql).
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // No @ts-ignore; an @ts-expect-error says why.
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The server is an ES module; @types/node still declares the CommonJS globals, so tsc would not say.
    files: ['packages/server/**/*.{ts,mts,mjs}'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: '__dirname', message: 'The server is an ES module: use import.meta.dirname.' },
        { name: '__filename', message: 'The server is an ES module: use import.meta.filename.' },
        {
          name: 'require',
          message:
            'The server is an ES module: import it (createRequire(import.meta.url) where truly needed).',
        },
      ],
    },
  },
  {
    files: ['packages/server/src/**/*.resolver.ts'],
    plugins: { server: serverRules },
    rules: { 'server/authorized-root-resolvers': 'error' },
  },
);
