/**
 * The walking skeleton end to end: real HTTP, real WeCom crypto, the embedded store on disk, and the demo
 * stand-in for the WeCom API. What a WeCom peer sees is what is asserted.
 */
import { DEMO_WECOM } from '../../src/config';
import { sealMessage } from '../../src/channels/wecom/envelope';
import { computeSignature } from '../../src/channels/wecom/verify-signature';
import { encrypt } from '@wecom/crypto';
import { newMsgId, plaintextXml } from '../../src/tools/wecom-peer';
import { removeDir, startTestApp, tempDataDir, type TestApp } from '../helpers/start-test-app';
import { probeRedis, warnRedisSkipped } from '../coord/probe-redis';
import { probeMongo } from '../store/probe-mongo';
import { scanKeys } from '../coord/scan-keys';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

const envelope = { token: DEMO_WECOM.token, aesKey: DEMO_WECOM.aesKey, receiveId: DEMO_WECOM.corpId };

const redis = probeRedis();
const mongo = probeMongo();
const setups: Array<[string, Record<string, string>]> = [['embedded store, memory coordination', {}]];
// A prefix of this run's own: another suite's rate windows and locks (same demo users) never mix with these.
const keyPrefix = `test:e2e:${process.pid}:${randomUUID().slice(0, 8)}:`;
if (redis.reachable) setups.push(['embedded store, Redis', { REDIS_URL: redis.url, REDIS_KEY_PREFIX: keyPrefix }]);
else warnRedisSkipped(redis, 'e2e');
if (mongo.reachable && redis.reachable) setups.push(['MongoDB, Redis', { MONGODB_URI: mongo.uri!, REDIS_URL: redis.url, REDIS_KEY_PREFIX: keyPrefix }]);
else console.warn(`SKIPPED ENGINE mongo: e2e: ${mongo.reason}`);

if (!redis.reachable && redis.required) {
  it('runs the e2e suite on Redis (REQUIRE_ENGINES=redis under CI)', () => {
    throw new Error(`Redis at ${redis.safeUrl} did not answer: ${redis.reason}`);
  });
}

describe.each(setups)('WeCom walking skeleton over HTTP (%s)', (_name, env) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env });
  });
  afterAll(async () => {
    await t.stop();
    removeDir(t.dataDir);
  });

  it('answers the URL check with the bare decrypted echostr', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '12345';
    const echostr = encrypt(DEMO_WECOM.aesKey, '1616140317555161061', DEMO_WECOM.corpId);
    const msg_signature = computeSignature(DEMO_WECOM.token, timestamp, nonce, echostr);
    const res = await fetch(`${t.app.url}/wecom/callback?${new URLSearchParams({ msg_signature, timestamp, nonce, echostr })}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1616140317555161061');
  });

  it('replies to 帮助 with the menu, passively and encrypted', async () => {
    const answer = await t.peer.say('zhangsan', '帮助');
    expect(answer.status).toBe(200);
    expect(answer.replyText).toContain('负担反映');
  });

  it('answers anything unrecognised with the menu', async () => {
    const answer = await t.peer.say('zhangsan', '你好呀 😀');
    expect(answer.replyText).toContain('没有看懂');
    expect(answer.replyText).toContain('帮助');
  });

  it('gives three simultaneous copies of one message one reply', async () => {
    const plaintext = plaintextXml(DEMO_WECOM, 'lisi', { kind: 'text', text: '帮助', msgId: newMsgId() }, new Date());
    const answers = await Promise.all([t.peer.post(plaintext), t.peer.post(plaintext), t.peer.post(plaintext)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.replyText !== undefined)).toHaveLength(1);
    expect(answers.filter((a) => a.raw === '')).toHaveLength(2);
    // ...and nothing went out actively either.
    await t.app.relay.runOnce();
    expect(t.app.fakeWecom!.sent.filter((m) => m.to === 'lisi')).toHaveLength(0);
  });

  if (env.REDIS_URL) {
    it('keeps its Redis keys under REDIS_KEY_PREFIX', async () => {
      await t.app.outbox.enqueue([{ id: 'prefix-check', destination: { kind: 'user', channel: 'wecom', userId: 'zhaoliu' }, reply: { kind: 'text', text: '通知' } }], new Date());
      await t.app.relay.runOnce();
      expect(t.app.fakeWecom!.sent.filter((m) => m.to === 'zhaoliu')).toHaveLength(1);
      // The send took a token of zhaoliu's rate window: a key under this run's prefix.
      const admin = new Redis(env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await admin.connect();
        expect((await scanKeys(admin, `${keyPrefix}rate:outbox:*`)).length).toBeGreaterThan(0);
      } finally {
        admin.disconnect();
      }
    });
  }

  const HOUR_MS = 3600 * 1000;
  it.each([
    ['bad signature', 0, (q: URLSearchParams) => q.set('msg_signature', '0'.repeat(40)), 401],
    ['stale timestamp (an hour old, correctly signed)', -HOUR_MS, () => undefined, 408],
    ['timestamp from the future (an hour ahead, correctly signed)', HOUR_MS, () => undefined, 408],
    ['missing nonce', 0, (q: URLSearchParams) => q.delete('nonce'), 400],
  ])('refuses a %s with a 4xx and keeps serving', async (_label, skewMs, spoil, expected) => {
    const at = new Date(Date.now() + skewMs);
    const sealed = sealMessage(envelope, plaintextXml(DEMO_WECOM, 'wangwu', { kind: 'text', text: '帮助' }, at), at);
    const q = new URLSearchParams(sealed.query);
    spoil(q);
    const res = await fetch(`${t.app.url}/wecom/callback?${q}`, { method: 'POST', body: sealed.body, headers: { 'content-type': 'text/xml' } });
    expect(res.status).toBe(expected);
    // Nothing that helps an attacker: at most the status's own name.
    expect(await res.text()).not.toMatch(/signature|timestamp|nonce|decrypt|stale|key/i);
    expect((await t.peer.say('wangwu', '帮助')).replyText).toContain('负担反映');
  });

  it('refuses a body over 64 KB with 413, and a JSON body with 415', async () => {
    const big = await fetch(`${t.app.url}/wecom/callback?msg_signature=a&timestamp=1&nonce=1`, {
      method: 'POST',
      body: `<xml>${'a'.repeat(70 * 1024)}</xml>`,
      headers: { 'content-type': 'text/xml' },
    });
    expect(big.status).toBe(413);
    const json = await fetch(`${t.app.url}/wecom/callback?msg_signature=a&timestamp=1&nonce=1`, {
      method: 'POST',
      body: '{"encrypt":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(415);
    expect((await t.peer.say('wangwu', '菜单')).replyText).toContain('负担反映');
  });

  it('serves health, readiness and metrics', async () => {
    expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.app.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${t.app.url}/metrics`)).text();
    expect(metrics).toContain('jianfu_messages_received_total');
    expect(metrics).toContain('jianfu_messages_duplicate_total');
  });
});

describe('a restart on the same DATA_DIR', () => {
  it('still knows a delivered message after the restart', async () => {
    const dataDir = tempDataDir();
    const plaintext = plaintextXml(DEMO_WECOM, 'zhaoliu', { kind: 'text', text: '帮助', msgId: newMsgId() }, new Date());
    const first = await startTestApp({ dataDir });
    expect((await first.peer.post(plaintext)).replyText).toContain('负担反映');
    await first.stop();
    const second = await startTestApp({ dataDir });
    try {
      const again = await second.peer.post(plaintext);
      expect(again.status).toBe(200);
      expect(again.raw).toBe('');
    } finally {
      await second.stop();
      removeDir(dataDir);
    }
  });
});
