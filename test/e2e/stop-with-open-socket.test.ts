/**
 * A browser opens a socket ahead of its next request and may never send one; Node counts it busy until its
 * header timeout (about 100 s). Stopping must not wait for it once the messages under way are done.
 */
import { connect } from 'node:net';
import { removeDir, startTestApp } from '../helpers/start-test-app';

it('stops while a client holds a socket without a request', async () => {
  const t = await startTestApp();
  const port = Number(new URL(t.app.url).port);
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  try {
    await t.stop(); // would outlast the test's 20 s timeout without the bound
    await closed;
  } finally {
    socket.destroy();
    removeDir(t.dataDir);
  }
});
