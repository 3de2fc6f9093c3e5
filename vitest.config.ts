import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits for something a server or a job does: 1 s (vitest's default) is too short on a loaded 2-core CI
    // machine, and a longer wait costs nothing when the thing happens sooner.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    reporters: ['default'],
  },
});

export default config;
