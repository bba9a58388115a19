import type { RawRequest } from '../../../src/core/channel';
import type { Reply } from '../../../src/core/message';
import { createDingtalkChannel } from '../../../src/channels/dingtalk/dingtalk-channel';
import { dingtalkSign } from '../../../src/channels/dingtalk/dingtalk-sign';
import type { DingtalkInbound } from '../../../src/channels/dingtalk/to-dingtalk-inbound';

const CFG = { clientId: 'dingtestclient', clientSecret: 'test-secret-0123456789', robotCode: 'dingtestclient', corpId: 'dingcorp01' };
const NOW = new Date(1_735_700_000_000);

function message(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    msgtype: 'text',
    text: { content: ' 举报' },
    msgId: 'msgAbc123==',
    createAt: NOW.getTime() - 1000,
    conversationType: '2',
    conversationId: 'cidGroup01==',
    senderStaffId: 'demo-teacher',
    senderNick: '老师',
    isInAtList: true,
    sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=abc',
    sessionWebhookExpiredTime: NOW.getTime() + 90 * 60_000,
    robotCode: CFG.robotCode,
    chatbotCorpId: CFG.corpId,
    ...over,
  };
}

function request(body: unknown, headers: Record<string, string | undefined> = {}, method = 'POST'): RawRequest {
  const timestamp = String(NOW.getTime());
  return {
    method,
    query: {},
    headers: { 'content-type': 'application/json', timestamp, sign: dingtalkSign(CFG.clientSecret, timestamp), ...headers },
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  };
}

function setup() {
  const sends: Array<[string, string, Reply]> = [];
  const channel = createDingtalkChannel(CFG, {
    api: {
      sendToUser: async (u, r) => void sends.push(['user', u, r]),
      sendToUsers: async (us, r) => {
        sends.push(['users', us.join('|'), r]);
        return { undelivered: [] };
      },
      sendToGroup: async (g, r) => void sends.push(['group', g, r]),
      sendToSessionWebhook: async (w, r) => void sends.push(['session', w, r]),
      isTrustedWebhook: () => true,
      getAccessToken: async () => 'tok',
    },
    robots: { send: async (t, _s, r) => void sends.push(['robot', t, r]) },
  });
  return { channel, sends };
}

describe('DingTalk channel', () => {
  it('turns a group @-message into a text Inbound, the mention stripped, with its conversation and webhook', async () => {
    const { channel } = setup();
    const receipt = await channel.receive(request(message({ text: { content: '@减负助手 举报 ' } })), NOW);
    expect(receipt.response.status).toBe(200);
    const inbound = receipt.inbound as DingtalkInbound;
    expect(inbound).toMatchObject({ channel: 'dingtalk', kind: 'text', text: '举报', userId: 'demo-teacher', dedupeKey: 'msgAbc123==', mentioned: true });
    expect(inbound.chat).toEqual({ kind: 'group', id: 'cidGroup01==' });
    expect(inbound.replyTo).toMatchObject({ kind: 'handle', expiresAt: NOW.getTime() + 90 * 60_000, fallback: { kind: 'chat', chatId: 'cidGroup01==' } });
  });

  it('keeps a 1:1 text as typed (but trimmed) and marks it single', async () => {
    const { channel } = setup();
    const receipt = await channel.receive(request(message({ conversationType: '1', conversationId: 'cidSingle', text: { content: '@ 不是提及 ' }, isInAtList: false })), NOW);
    const inbound = receipt.inbound as DingtalkInbound;
    expect(inbound.text).toBe('@ 不是提及');
    expect(inbound.chat).toEqual({ kind: 'single', id: 'demo-teacher' });
    expect(inbound.replyTo).toBeUndefined();
  });

  const table: Array<[string, RawRequest, number]> = [
    ['bad sign', request(message(), { sign: dingtalkSign('wrong', String(NOW.getTime())) }), 401],
    ['no sign', request(message(), { sign: undefined }), 401],
    ['stale timestamp', request(message(), { timestamp: String(NOW.getTime() - 3_700_000), sign: dingtalkSign(CFG.clientSecret, String(NOW.getTime() - 3_700_000)) }), 401],
    ['GET', request(message(), {}, 'GET'), 405],
    ['form body', request(message(), { 'content-type': 'application/x-www-form-urlencoded' }), 415],
    ['empty body', request(''), 400],
    ['not JSON', request('{"msgId":'), 400],
    ['an array', request('[]'), 400],
    ['no msgId', request(message({ msgId: undefined })), 400],
    ['bad conversationType', request(message({ conversationType: '3' })), 400],
    ['another robot', request(message({ robotCode: 'dingother' })), 400],
    ['another corp', request(message({ chatbotCorpId: 'dingothercorp' })), 400],
    ['no robot nor corp', request(message({ robotCode: undefined, chatbotCorpId: undefined })), 400],
    ['unknown type', request(message({ msgtype: 'audio', text: undefined })), 200],
    ['an outsider (no staff id)', request(message({ senderStaffId: undefined })), 200],
  ];
  it.each(table)('%s -> %d, no Inbound', async (_label, req, code) => {
    const { channel } = setup();
    const receipt = await channel.receive(req, NOW);
    expect(receipt.response.status).toBe(code);
    expect(receipt.inbound).toBeUndefined();
  });

  it('sends a user destination through the robot 1:1 API and a robot destination through the custom robot', async () => {
    const { channel, sends } = setup();
    await channel.send({ kind: 'user', channel: 'dingtalk', userId: 'u1' }, { kind: 'text', text: 'a' }, NOW);
    await channel.send({ kind: 'robot', channel: 'dingtalk', robotKey: 'tok1', robotSecret: 'SEC' }, { kind: 'text', text: 'b' }, NOW);
    await channel.send({ kind: 'chat', channel: 'dingtalk', chatId: 'cid1' }, { kind: 'text', text: 'c' }, NOW);
    expect(sends.map(([k, to]) => [k, to])).toEqual([['user', 'u1'], ['robot', 'tok1'], ['group', 'cid1']]);
    await expect(channel.send({ kind: 'user', channel: 'wecom', userId: 'u1' }, { kind: 'text', text: 'a' }, NOW)).rejects.toMatchObject({ retryable: false });
  });

  it('uses a sessionWebhook only while it is valid, else answers fallback', async () => {
    const { channel, sends } = setup();
    const handle = { kind: 'handle' as const, channel: 'dingtalk' as const, handle: 'https://oapi.dingtalk.com/robot/sendBySession?session=a', fallback: { kind: 'chat' as const, channel: 'dingtalk' as const, chatId: 'cid1' } };
    expect(await channel.send({ ...handle, expiresAt: NOW.getTime() + 60_000 }, { kind: 'text', text: 'a' }, NOW)).toBe('sent');
    expect(await channel.send({ ...handle, expiresAt: NOW.getTime() - 1 }, { kind: 'text', text: 'b' }, NOW)).toBe('fallback');
    expect(sends.map(([k]) => k)).toEqual(['session']);
  });
});
