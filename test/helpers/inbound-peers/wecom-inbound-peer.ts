/** The WeCom app's requests for the negative-case table: XML, AES envelope, msg_signature. */
import { DEMO_WECOM } from '../../../src/config';
import { sealMessage, type EnvelopeConfig } from '../../../src/channels/wecom/envelope';
import { plaintextXml } from '../../../src/tools/wecom-peer';
import type { NegativeCasePeer, PeerRequest } from './inbound-peer';

const envelope: EnvelopeConfig = { token: DEMO_WECOM.token, aesKey: DEMO_WECOM.aesKey, receiveId: DEMO_WECOM.corpId };
const path = '/wecom/callback';

function post(plaintext: string, now: Date, cfg: EnvelopeConfig = envelope): PeerRequest {
  const sealed = sealMessage(cfg, plaintext, now, { agentId: DEMO_WECOM.agentId });
  return { path, query: sealed.query, headers: { 'content-type': 'text/xml' }, body: sealed.body };
}

export const wecomInboundPeer: NegativeCasePeer = {
  channel: 'wecom',
  valid: (userId, text, msgId, now) => post(plaintextXml(DEMO_WECOM, userId, { kind: 'text', text, msgId }, now), now),
  badSignature: (userId, text, msgId, now) => post(plaintextXml(DEMO_WECOM, userId, { kind: 'text', text, msgId }, now), now, { ...envelope, token: 'not-the-token' }),
  stale: (userId, text, msgId, now) => post(plaintextXml(DEMO_WECOM, userId, { kind: 'text', text, msgId }, now), now),
  malformed: (now) => post('this is not xml', now),
  unknownType: (userId, msgId, now) =>
    post(`<xml><ToUserName>${DEMO_WECOM.corpId}</ToUserName><FromUserName>${userId}</FromUserName><CreateTime>${Math.floor(now.getTime() / 1000)}</CreateTime><MsgType>voice</MsgType><MediaId>m1</MediaId><Format>amr</Format><MsgId>${msgId}</MsgId><AgentID>${DEMO_WECOM.agentId}</AgentID></xml>`, now),
  foreign: (userId, text, msgId, now) => post(plaintextXml({ corpId: DEMO_WECOM.corpId, agentId: '1000999' }, userId, { kind: 'text', text, msgId }, now), now),
  replied: (status, body) => status === 200 && body.length > 0,
  statuses: { stale: 408 },
};
