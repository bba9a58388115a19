/**
 * A checked robot message -> the channel-neutral Inbound, and where a reply to it may go: the conversation's
 * sessionWebhook until it expires.
 */
import type { InboundText } from '../../core/message';
import { stripLeadingMentions, type RobotMessage } from './parse-robot-message';

export interface DingtalkInbound extends InboundText {
  channel: 'dingtalk';
  /** The conversation: '1' 1:1, '2' group, and DingTalk's conversationId (openConversationId). */
  conversation: { kind: 'single' | 'group'; id: string };
  mentioned: boolean;
  sessionWebhook?: { url: string; expiresAt: number };
}

/** The Inbound, or null for a type the bot does not handle or a sender with no staff id (an outsider). */
export function toDingtalkInbound(msg: RobotMessage): DingtalkInbound | null {
  if (msg.msgtype !== 'text' || msg.text === undefined || !msg.senderStaffId) return null;
  const group = msg.conversationType === '2';
  return {
    channel: 'dingtalk',
    kind: 'text',
    dedupeKey: msg.msgId,
    userId: msg.senderStaffId,
    sentAt: new Date(msg.createAt),
    text: group ? stripLeadingMentions(msg.text) : msg.text.trim(),
    conversation: { kind: group ? 'group' : 'single', id: msg.conversationId },
    // A group message reaches an enterprise robot only when it is @-mentioned.
    mentioned: msg.isInAtList || group,
    ...(msg.sessionWebhook && msg.sessionWebhookExpiredTime && { sessionWebhook: { url: msg.sessionWebhook, expiresAt: msg.sessionWebhookExpiredTime } }),
  };
}
