import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code (*.test.ts); integration tests that start a real server with a
// real mediasoup worker live in signaling/test and sfu/test.
export default defineConfig({
  test: {
    include: ['shared/src/**/*.test.ts', 'sfu/src/**/*.test.ts', 'sfu/test/**/*.test.ts',
      'signaling/src/**/*.test.ts', 'signaling/test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each integration file starts its own mediasoup workers; two cores, so keep files in
    // parallel but few at once.
    maxWorkers: 2,
  },
});
