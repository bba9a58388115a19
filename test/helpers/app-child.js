/*
 * A child process that runs the real app from the TypeScript sources (transpiled on load, as ts-jest does),
 * for tests that must kill a process: prints "ready <url>" once listening. Its configuration comes from the
 * environment, like `npm start`.
 */
require('./require-ts');

const { loadConfig } = require('../../src/config.ts');
const { startApp } = require('../../src/main.ts');
const { createLogger } = require('../../src/create-logger.ts');

startApp({ config: loadConfig(process.env), logger: createLogger('silent') }).then(
  (app) => process.stdout.write(`ready ${app.url}\n`),
  (e) => {
    process.stdout.write(`failed ${e.message}\n`);
    process.exit(1);
  },
);
