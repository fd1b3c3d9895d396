/**
 * One jest run for every workspace: server (node), client (jsdom), end-to-end (node).
 * Tests that touch data get a real PostgreSQL (test/support/global-setup.mjs) and a
 * fresh database per file, so files run in parallel and in any order.
 */
const tsJest = (tsconfig) => ['ts-jest', { tsconfig, diagnostics: false }];

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  // A test server's start or a file's migrations take well under a second alone, and several
  // seconds while the other files share two cores: jest's 5 s default failed whole files in CI
  // runs. A hang still fails, after 30 s. Nothing here measures speed (see bench/).
  testTimeout: 30_000,
  // On two cores jest has one worker, and without a limit it runs every file in jest's own process,
  // which carries the memory each file leaves behind: after some 250 files it passed 3.5 GB. With a
  // limit the files run in a worker process that is started anew once it holds more than this
  // after a file (on any machine, with any number of workers).
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      rootDir: '<rootDir>/server',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest('<rootDir>/tsconfig.test.json') },
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'client',
      testEnvironment: 'jsdom',
      rootDir: '<rootDir>/client',
      testMatch: ['<rootDir>/src/**/*.test.tsx', '<rootDir>/src/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest('<rootDir>/tsconfig.test.json') },
      moduleNameMapper: { '\\.css$': '<rootDir>/src/test-support/style-mock.ts' },
      setupFilesAfterEnv: ['<rootDir>/src/test-support/patience.ts'],
    },
    {
      displayName: 'e2e',
      rootDir: '<rootDir>/test',
      testMatch: ['<rootDir>/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest('<rootDir>/tsconfig.json') },
      setupFiles: ['reflect-metadata'],
      // A failed browser test writes what its open pages showed (test/e2e/support/report-pages.ts).
      testEnvironment: '<rootDir>/e2e/support/failure-environment.ts',
      setupFilesAfterEnv: ['<rootDir>/e2e/support/report-pages.ts'],
    },
  ],
};
