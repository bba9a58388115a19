/**
 * A checked robot message -> the channel-neutral Inbound, and where a reply to it goes: in a group, the
 * conversation's sessionWebhook until it expires, then the group send API (the channel's `send` decides). In
 * a 1:1 chat replies go to the person through the robot's 1:1 send (no handle is kept for a person).
 */
import type { InboundText } from '../../core/message';
import { stripLeadingMentions, type RobotMessage } from './parse-robot-message';

export type DingtalkInbound = InboundText & { channel: 'dingtalk' };

/** The Inbound, or null for a type the bot does not handle or a sender with no staff id (an outsider). */
export function toDingtalkInbound(msg: RobotMessage): DingtalkInbound | null {
  if (msg.msgtype !== 'text' || msg.text === undefined || !msg.senderStaffId) return null;
  const group = msg.conversationType === '2';
  const chat = { kind: group ? ('group' as const) : ('single' as const), id: group ? msg.conversationId : msg.senderStaffId };
  const fallback = { kind: 'chat' as const, channel: 'dingtalk' as const, chatId: msg.conversationId };
  const replyTo = !group
    ? undefined
    : msg.sessionWebhook
      ? { kind: 'handle' as const, channel: 'dingtalk' as const, handle: msg.sessionWebhook, ...(msg.sessionWebhookExpiredTime && { expiresAt: msg.sessionWebhookExpiredTime }), fallback }
      : fallback;
  return {
    channel: 'dingtalk',
    kind: 'text',
    dedupeKey: msg.msgId,
    userId: msg.senderStaffId,
    sentAt: new Date(msg.createAt),
    text: group ? stripLeadingMentions(msg.text) : msg.text.trim(),
    chat,
    // A group message reaches an enterprise robot only when it is @-mentioned.
    mentioned: !group || msg.isInAtList,
    ...(replyTo && { replyTo }),
  };
}
