/*
 * A child process that opens the embedded store on DATA_DIR, writes one row, closes the store and prints
 * "closed" with what is left in the directory: close() must finish even when nothing else keeps the process alive.
 */
require('./require-ts');

const fs = require('node:fs');
const { createEmbeddedStore } = require('../../src/store/engines/embedded-store.ts');
const { inboxModel } = require('../../src/store/inbox.model.ts');

(async () => {
  const store = await createEmbeddedStore(process.env.DATA_DIR);
  const at = new Date();
  await store.collection(inboxModel).insertOne({ _id: 'wecom:1', status: 'done', leaseUntil: at, receivedAt: at, expiresAt: at });
  await store.close();
  process.stdout.write(`closed ${fs.readdirSync(process.env.DATA_DIR).sort().join(',')}\n`);
})();
