/*
 * A child process that writes to the embedded store on DATA_DIR without end, 50 inserts in flight, and prints
 * "ok <id>" once each insert has resolved (the store says it is committed): a test kills it with -9 mid-load.
 */
require('./require-ts');

const { createEmbeddedStore } = require('../../src/store/engines/embedded-store.ts');
const { inboxModel } = require('../../src/store/inbox.model.ts');

(async () => {
  const store = await createEmbeddedStore(process.env.DATA_DIR);
  const inbox = store.collection(inboxModel);
  let next = 0;
  const writer = async () => {
    for (;;) {
      const id = `wecom:${next++}`;
      const at = new Date();
      await inbox.insertOne({ _id: id, status: 'processing', leaseUntil: at, receivedAt: at, expiresAt: new Date(at.getTime() + 86_400_000), inbound: { sealed: 'x'.repeat(300) } });
      process.stdout.write(`ok ${id}\n`);
    }
  };
  await Promise.all(Array.from({ length: 50 }, writer));
})();
