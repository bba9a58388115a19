/**
 * A Reply in DingTalk's two message shapes: the OpenAPI's msgKey + msgParam (a JSON *string*), and the oapi's
 * msgtype body (sessionWebhook and custom group robots), where `at.atUserIds` @-mentions people. DingTalk shows
 * an @ in markdown only when the text itself names the person, so each mention is written at the end too.
 */
import type { Reply } from '../../core/message';

export function openApiMessage(reply: Reply): { msgKey: string; msgParam: string } {
  if (reply.kind === 'markdown') return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: reply.title, text: reply.text }) };
  return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: reply.text }) };
}

export function oapiMessage(reply: Reply): Record<string, unknown> {
  const mentions = reply.mentions?.filter((m) => m !== '') ?? [];
  const tail = mentions.filter((m) => !reply.text.includes(`@${m}`)).map((m) => `@${m}`).join(' ');
  const text = tail ? `${reply.text}\n\n${tail}` : reply.text;
  const body: Record<string, unknown> =
    reply.kind === 'markdown' ? { msgtype: 'markdown', markdown: { title: reply.title, text } } : { msgtype: 'text', text: { content: text } };
  if (mentions.length) body['at'] = { atUserIds: mentions, isAtAll: false };
  return body;
}
