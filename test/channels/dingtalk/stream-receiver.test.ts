import type { DWClientDownStream } from 'dingtalk-stream';
import type { Receipt } from '../../../src/core/channel';
import { createDingtalkChannel } from '../../../src/channels/dingtalk/dingtalk-channel';
import { createStreamReceiver, type StreamClient } from '../../../src/channels/dingtalk/stream-receiver';

const CFG = { clientId: 'dingstream01', clientSecret: 'stream-secret-0123456789', robotCode: 'dingstream01' };
const silent = { debug() {}, info() {}, warn() {} };

function fakeClient(connectResults: boolean[]) {
  const acks: string[] = [];
  let listener: ((m: DWClientDownStream) => void) | undefined;
  let attempts = 0;
  const client: StreamClient & { acks: string[]; attempts(): number; push(id: string, data: unknown): void } = {
    connected: false,
    acks,
    attempts: () => attempts,
    registerCallbackListener(_topic, cb) {
      listener = cb;
    },
    async connect() {
      attempts++;
      client.connected = connectResults.shift() ?? true;
    },
    disconnect() {
      client.connected = false;
    },
    socketCallBackResponse(messageId) {
      acks.push(messageId);
    },
    push(id, data) {
      listener!({ specVersion: '1.0', type: 'CALLBACK', headers: { messageId: id, topic: '/v1.0/im/bot/messages/get' } as DWClientDownStream['headers'], data: JSON.stringify(data) });
    },
  };
  return client;
}

const robotMessage = (msgId: string, over: Record<string, unknown> = {}) => ({
  msgtype: 'text', text: { content: '帮助' }, msgId, createAt: 1_735_700_000_000, conversationType: '1',
  conversationId: 'cid1', senderStaffId: 'demo-teacher', robotCode: CFG.robotCode, ...over,
});

describe('DingTalk Stream receiver', () => {
  it('acknowledges every push at once, dispatches only what is addressed to this robot', async () => {
    const client = fakeClient([true]);
    const receipts: Receipt[] = [];
    const channel = createDingtalkChannel(CFG, { api: {} as never, robots: {} as never });
    const r = createStreamReceiver({ ...CFG, channel, dispatch: async (x) => void receipts.push(x), logger: silent, client, checkEveryMs: 5 });
    client.push('m1', robotMessage('msg1'));
    client.push('m2', robotMessage('msg2', { robotCode: 'another' }));
    client.push('m3', 'not an object');
    expect(client.acks).toEqual(['m1', 'm2', 'm3']);
    await r.stop();
    expect(receipts.map((x) => x.inbound?.dedupeKey)).toEqual(['msg1']);
  });

  it('reconnects with a growing backoff and reports the connection for /readyz', async () => {
    const client = fakeClient([false, false, true]);
    const channel = createDingtalkChannel(CFG, { api: {} as never, robots: {} as never });
    const r = createStreamReceiver({ ...CFG, channel, dispatch: async () => undefined, logger: silent, client, minBackoffMs: 5, maxBackoffMs: 20, checkEveryMs: 5 });
    expect(r.isConnected()).toBe(false);
    r.start();
    for (let i = 0; i < 200 && !r.isConnected(); i++) await new Promise((res) => setTimeout(res, 5));
    expect(r.isConnected()).toBe(true);
    expect(client.attempts()).toBe(3);
    client.connected = false; // the socket dropped
    for (let i = 0; i < 200 && !r.isConnected(); i++) await new Promise((res) => setTimeout(res, 5));
    expect(client.attempts()).toBe(4);
    await r.stop();
    expect(r.isConnected()).toBe(false);
  });
});
