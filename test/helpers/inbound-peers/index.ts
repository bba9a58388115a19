/** Every inbound channel's peer for the negative-case table: one line per channel. */
import type { NegativeCasePeer } from './inbound-peer';
import { wecomInboundPeer } from './wecom-inbound-peer';
import { dingtalkInboundPeer } from './dingtalk-inbound-peer';
import { wecomBotInboundPeer } from './wecom-bot-inbound-peer';

export type { NegativeCasePeer, PeerRequest } from './inbound-peer';

export const INBOUND_PEERS: readonly NegativeCasePeer[] = [wecomInboundPeer, wecomBotInboundPeer, dingtalkInboundPeer];
