/**
 * A reply handle (a WeCom AI bot response_url, a DingTalk sessionWebhook) is its channel's to judge: the relay
 * sends through that channel, and when the channel says 'fallback' (spent, expired) it sends to the handle's
 * fallback instead, through whichever channel that names; a person as fallback is stored sealed.
 */
import type { ChannelAdapter } from '../../src/core/channel';
import type { HandleDestination, SendableDestination } from '../../src/core/message';
import { relayRig, T0, type RelayRig } from './relay-rig';

/** A channel whose handles work until `expiresAt`, once each. */
function handleChannel(): ChannelAdapter & { posted: string[] } {
  const used = new Set<string>();
  const posted: string[] = [];
  return {
    id: 'wecom-bot',
    posted,
    receive: () => Promise.reject(new Error('not used')),
    downloadMedia: () => Promise.reject(new Error('not used')),
    async send(d: SendableDestination, _reply, now) {
      if (d.kind !== 'handle') throw new Error(`unexpected ${d.kind}`);
      if (used.has(d.handle) || (d.expiresAt !== undefined && d.expiresAt <= now.getTime())) return 'fallback';
      used.add(d.handle);
      posted.push(d.handle);
      return 'sent';
    },
  };
}

describe('outbox relay and reply handles', () => {
  let rig: RelayRig;
  let bot: ReturnType<typeof handleChannel>;
  beforeEach(async () => {
    bot = handleChannel();
    rig = await relayRig({ extraChannels: [['wecom-bot', bot]] });
  });
  afterEach(() => rig.close());
  const at = () => new Date(rig.clock.ms);
  const handle = (url: string, expiresAt: number): HandleDestination => ({
    kind: 'handle',
    channel: 'wecom-bot',
    handle: url,
    expiresAt,
    fallback: { kind: 'user', channel: 'wecom', userId: 'zhangsan' },
  });

  it('uses a valid handle once, then falls back to the person through the app, stored sealed', async () => {
    const h = handle('https://api.example/resp/1', T0 + 3_600_000);
    await rig.outbox.enqueue([{ id: 'a', destination: h, reply: { kind: 'text', text: '一' } }, { id: 'b', destination: h, reply: { kind: 'text', text: '二' } }], at());
    expect(JSON.stringify(await rig.outbox.get('b'))).not.toContain('zhangsan');
    expect(await rig.relay.runOnce()).toBe(2);
    expect(bot.posted).toEqual(['https://api.example/resp/1']);
    expect(rig.api.sent).toEqual([expect.objectContaining({ kind: 'app', to: 'zhangsan', content: '二' })]);
    // Once delivered, neither the handle nor the sealed person is kept.
    expect(JSON.stringify(await rig.outbox.get('a'))).not.toContain('resp/1');
  });

  it('falls back at once past the handle’s expiry', async () => {
    await rig.outbox.enqueue([{ id: 'c', destination: handle('https://api.example/resp/2', T0 - 1), reply: { kind: 'text', text: '迟到' } }], at());
    await rig.relay.runOnce();
    expect(bot.posted).toEqual([]);
    expect(rig.api.sent).toEqual([expect.objectContaining({ to: 'zhangsan', content: '迟到' })]);
  });

  it('fails for good a handle that cannot be used and has no fallback', async () => {
    const { fallback: _none, ...bare } = handle('https://api.example/resp/3', T0 - 1);
    await rig.outbox.enqueue([{ id: 'd', destination: bare, reply: { kind: 'text', text: 'x' } }], at());
    await rig.relay.runOnce();
    expect(await rig.outbox.get('d')).toMatchObject({ status: 'failed' });
  });
});
