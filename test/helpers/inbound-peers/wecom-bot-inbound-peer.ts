/** The WeCom AI bot's requests for the negative-case table: JSON, the AES envelope with receive id "", msg_signature. */
import { DEMO_WECOM, DEMO_WECOM_BOT } from '../../../src/config';
import { seal, type EnvelopeConfig } from '../../../src/channels/wecom/envelope';
import { botTextPlaintext } from '../../../src/tools/wecom-bot-peer';
import type { NegativeCasePeer, PeerRequest } from './inbound-peer';

const envelope: EnvelopeConfig = { token: DEMO_WECOM_BOT.token, aesKey: DEMO_WECOM_BOT.aesKey, receiveId: '' };
const path = '/wecom/bot/callback';

function post(plaintext: string, now: Date, cfg: EnvelopeConfig = envelope): PeerRequest {
  const s = seal(cfg, plaintext, now);
  return { path, query: { msg_signature: s.signature, timestamp: s.timestamp, nonce: s.nonce }, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ encrypt: s.encrypt }) };
}

const text = (userId: string, t: string, msgid: string) => botTextPlaintext(userId, t, { msgid });

export const wecomBotInboundPeer: NegativeCasePeer = {
  channel: 'wecom-bot',
  valid: (userId, t, msgId, now) => post(text(userId, t, msgId), now),
  badSignature: (userId, t, msgId, now) => post(text(userId, t, msgId), now, { ...envelope, token: 'not-the-token' }),
  stale: (userId, t, msgId, now) => post(text(userId, t, msgId), now),
  malformed: (now) => post('this is not json', now),
  unknownType: (userId, msgId, now) => post(JSON.stringify({ msgid: msgId, chattype: 'single', from: { userid: userId }, msgtype: 'voice', voice: { content: '语音' } }), now),
  // Sealed for the app's receive id (the corp), not the AI bot's "".
  foreign: (userId, t, msgId, now) => post(text(userId, t, msgId), now, { ...envelope, receiveId: DEMO_WECOM.corpId }),
  replied: (status, body) => status === 200 && body.length > 0,
  statuses: { stale: 408 },
};
