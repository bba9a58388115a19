/**
 * A TCP proxy for tests that need a real network delay, not a mock: it can hold the client→server bytes (the
 * commands) while letting the server→client bytes (the replies) through, then release them in order, so that a
 * command the client already gave up on lands on the server later. It can also play a dead server.
 */
import net from 'node:net';

export interface DelayingProxy {
  readonly host: string;
  readonly port: number;
  /**
   * The connections open now go silent one way: their client→server bytes are buffered (new connections still
   * pass, like a fresh route around a dead link). With `ms`, releases them by itself after that delay.
   */
  hold(ms?: number): void;
  /** Sends everything held, in order, and passes bytes straight through again. */
  release(): void;
  /** true: cuts every connection and drops new ones at once (Redis down); false: proxies again. */
  setDown(down: boolean): void;
  /** Connections currently open through the proxy. */
  readonly connections: number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  /** Bytes waiting while held; null when bytes pass straight through. */
  held: Buffer[] | null;
}

export async function startDelayingProxy(target: { host: string; port: number }): Promise<DelayingProxy> {
  const pairs = new Set<Pair>();
  let down = false;
  let releaseTimer: NodeJS.Timeout | undefined;

  const flush = (pair: Pair): void => {
    const held = pair.held ?? [];
    pair.held = null;
    for (const chunk of held) pair.upstream.write(chunk);
  };
  const cut = (pair: Pair): void => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream.destroy();
  };

  const server = net.createServer((client) => {
    client.on('error', () => undefined);
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    upstream.on('error', () => undefined);
    const pair: Pair = { client, upstream, held: null };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (pair.held) pair.held.push(chunk);
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => cut(pair));
    upstream.on('close', () => cut(pair));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;

  const release = (): void => {
    if (releaseTimer) clearTimeout(releaseTimer);
    releaseTimer = undefined;
    for (const pair of pairs) flush(pair);
  };

  return {
    host: '127.0.0.1',
    port: address.port,
    get connections() {
      return pairs.size;
    },
    hold(ms?: number) {
      for (const pair of pairs) pair.held ??= [];
      if (releaseTimer) clearTimeout(releaseTimer);
      releaseTimer = ms === undefined ? undefined : setTimeout(release, ms);
    },
    release,
    setDown(value: boolean) {
      down = value;
      if (value) for (const pair of [...pairs]) cut(pair);
    },
    async close() {
      if (releaseTimer) clearTimeout(releaseTimer);
      for (const pair of [...pairs]) cut(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
