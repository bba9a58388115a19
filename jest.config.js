/**
 * Tests are transpiled file by file (ts-jest with isolatedModules: fast, no type check); `npm test` runs
 * `tsc --noEmit` first, so type errors fail the run. Jest 29 + ts-jest, not SWC: the registry these machines
 * use lacks other platforms' native SWC binaries, so a lockfile naming them cannot be written, and `npm ci`
 * refuses a lockfile without them.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: { isolatedModules: true, target: 'ES2022', module: 'commonjs', esModuleInterop: true, resolveJsonModule: true, sourceMap: true },
      },
    ],
  },
  testTimeout: 20000,
};
