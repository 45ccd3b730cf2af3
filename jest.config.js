/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/?(*.)test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Type checking is done once by `npm run typecheck`; ts-jest only transpiles, which keeps the suite fast.
  transform: { '^.+\\.ts$': 'ts-jest' },
};
