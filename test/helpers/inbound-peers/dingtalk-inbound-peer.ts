/**
 * The DingTalk robot's requests for the negative-case table: JSON bodies with the `timestamp` and `sign`
 * headers. DingTalk's HTTP answer carries no reply: the bot answers through the robot's send API, so what
 * was answered is read from the demo stand-in.
 */
import { DEMO_DINGTALK } from '../../../src/config';
import { dingtalkSign } from '../../../src/channels/dingtalk/dingtalk-sign';
import type { NegativeCasePeer, PeerRequest } from './inbound-peer';

const path = '/dingtalk/callback';

function message(userId: string, msgId: string, now: Date, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    msgId,
    createAt: now.getTime(),
    conversationType: '1',
    conversationId: `cid-single-${userId}`,
    senderStaffId: userId,
    senderNick: userId,
    isInAtList: false,
    robotCode: DEMO_DINGTALK.robotCode,
    chatbotCorpId: DEMO_DINGTALK.corpId,
    ...extra,
  };
}

function post(body: string, now: Date, secret: string = DEMO_DINGTALK.clientSecret): PeerRequest {
  const timestamp = String(now.getTime());
  return { path, headers: { 'content-type': 'application/json', timestamp, sign: dingtalkSign(secret, timestamp) }, body };
}

const text = (userId: string, content: string, msgId: string, now: Date, extra: Record<string, unknown> = {}) =>
  JSON.stringify(message(userId, msgId, now, { msgtype: 'text', text: { content }, ...extra }));

export const dingtalkInboundPeer: NegativeCasePeer = {
  channel: 'dingtalk',
  valid: (userId, content, msgId, now) => post(text(userId, content, msgId, now), now),
  badSignature: (userId, content, msgId, now) => post(text(userId, content, msgId, now), now, 'not-the-app-secret'),
  stale: (userId, content, msgId, now) => post(text(userId, content, msgId, now), now),
  malformed: (now) => post('this is not json', now),
  unknownType: (userId, msgId, now) => post(JSON.stringify(message(userId, msgId, now, { msgtype: 'audio', content: { duration: '3', downloadCode: 'x' } })), now),
  foreign: (userId, content, msgId, now) => post(text(userId, content, msgId, now, { robotCode: 'dingotherrobot00001' }), now),
  replied: () => false,
  sentTo: (app, userId) => app.fakeDingtalk?.sent.filter((m) => m.kind === 'user' && m.to === userId).length ?? 0,
};
