import { defineConfig } from 'vitest/config';

// Only the TypeScript sources hold tests; never pick anything up from dist.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'] },
});
