/**
 * A DingTalk robot message (HTTP callback body or a Stream push's `data`) -> the fields the bot uses. The body
 * is only weakly authenticated (the sign does not cover it), so every field is checked for its type here and
 * nothing is trusted that the caller does not check again (robot, corp, sessionWebhook origin).
 */

export interface RobotMessage {
  msgId: string;
  msgtype: string;
  /** text.content; undefined for other types. */
  text?: string;
  /** '1' a 1:1 chat, '2' a group. */
  conversationType: '1' | '2';
  conversationId: string;
  senderStaffId?: string;
  createAt: number;
  isInAtList: boolean;
  robotCode?: string;
  chatbotCorpId?: string;
  sessionWebhook?: string;
  sessionWebhookExpiredTime?: number;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** A millisecond epoch, given as a number or a numeric string. */
function ms(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The message, or null when the JSON is not an object with the fields every robot message has. */
export function parseRobotMessage(json: string): RobotMessage | null {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  const msgId = str(b['msgId']);
  const msgtype = str(b['msgtype']);
  const conversationType = String(b['conversationType'] ?? '');
  const conversationId = str(b['conversationId']);
  const createAt = ms(b['createAt']);
  if (!msgId || !msgtype || !conversationId || !createAt || (conversationType !== '1' && conversationType !== '2')) return null;
  const textObj = b['text'] as { content?: unknown } | undefined;
  const text = typeof textObj === 'object' && textObj !== null && typeof textObj.content === 'string' ? textObj.content : undefined;
  const senderStaffId = str(b['senderStaffId']);
  const robotCode = str(b['robotCode']);
  const chatbotCorpId = str(b['chatbotCorpId']);
  const sessionWebhook = str(b['sessionWebhook']);
  const sessionWebhookExpiredTime = ms(b['sessionWebhookExpiredTime']);
  return {
    msgId,
    msgtype,
    conversationType,
    conversationId,
    createAt,
    isInAtList: b['isInAtList'] === true || b['isInAtList'] === 'true',
    ...(text !== undefined && { text }),
    ...(senderStaffId && { senderStaffId }),
    ...(robotCode && { robotCode }),
    ...(chatbotCorpId && { chatbotCorpId }),
    ...(sessionWebhook && { sessionWebhook }),
    ...(sessionWebhookExpiredTime && { sessionWebhookExpiredTime }),
  };
}

/**
 * The text as the person meant it: in a group DingTalk leaves the @ of the bot (and of anyone else mentioned
 * before the words) at the start; those are addressing, not content.
 */
export function stripLeadingMentions(text: string): string {
  return text.replace(/^(?:\s*@\S+)+\s*/u, '').trim();
}
