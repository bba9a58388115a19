import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, DEMO_WECOM } from '../../src/config';
import { createLogger } from '../../src/create-logger';
import { startApp, type RunningApp, type StartOptions } from '../../src/main';
import { createWecomPeer, type WecomPeer } from '../../src/tools/wecom-peer';
import type { FakeSentMessage } from '../../src/channels/wecom/fake-wecom-api';

export interface TestApp {
  app: RunningApp;
  peer: WecomPeer;
  dataDir: string;
  stop(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'jianfu-test-'));
}

/** The real app in demo mode on a random port, with the embedded store in `dataDir`. */
export async function startTestApp(
  opts: { dataDir?: string; env?: Record<string, string>; now?: () => Date } & Partial<Omit<StartOptions, 'config'>> = {},
): Promise<TestApp> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env });
  const app = await startApp({ ...opts, config, logger: createLogger('silent') });
  const peer = createWecomPeer({ url: app.url, ...DEMO_WECOM });
  return {
    app,
    peer,
    dataDir,
    async stop() {
      await app.stop();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A running demo app for a describe block: started before its tests, stopped and removed after them. */
export interface ChatApp {
  /** The app's clock; set it to move time. */
  clock: Date;
  readonly t: TestApp;
  /** One text as `user` through the real envelope at `clock`; the decrypted passive reply ('' when none). */
  say(user: string, text: string): Promise<string>;
  /** What the WeCom stand-in accepted for `to` (a user id or a robot key), once at least `count` are there. */
  sentTo(to: string, count: number): Promise<FakeSentMessage[]>;
}

/**
 * `runningSince`: this installation first started then (the app is started and stopped once at that time
 * before the tests' start), so that periods due since then are caught up at the start as after downtime.
 */
export function useChatApp(start: Date, env: Record<string, string> = {}, opts: { runningSince?: Date } = {}): ChatApp {
  let t: TestApp | undefined;
  const app: ChatApp = {
    clock: start,
    get t() {
      if (!t) throw new Error('useChatApp: the app starts in beforeAll');
      return t;
    },
    async say(user, text) {
      const a = await app.t.peer.say(user, text, app.clock);
      if (a.status !== 200) throw new Error(`the callback answered ${a.status} to ${JSON.stringify(text)}`);
      return a.replyText ?? '';
    },
    async sentTo(to, count) {
      // The relay sends in the background: wait a little for it.
      const mine = () => app.t.app.fakeWecom!.sent.filter((m) => m.to === to);
      for (let i = 0; i < 100 && mine().length < count; i++) await new Promise((r) => setTimeout(r, 50));
      return mine();
    },
  };
  beforeAll(async () => {
    let dataDir: string | undefined;
    if (opts.runningSince) {
      const since = opts.runningSince;
      const earlier = await startTestApp({ now: () => since, env });
      await earlier.stop();
      dataDir = earlier.dataDir;
    }
    t = await startTestApp({ now: () => app.clock, env, ...(dataDir ? { dataDir } : {}) });
  });
  afterAll(async () => {
    await t?.stop();
    if (t) removeDir(t.dataDir);
  });
  return app;
}
