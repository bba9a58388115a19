/**
 * Pushes to a WeCom group robot (群机器人 webhook). The robot key is the only credential and sits in the URL,
 * so it is treated as a secret: never logged, never in an error message.
 *
 * Over-long content: text is split into numbered parts (a conversation reply, every word matters).
 * Markdown is, by default, shortened to one message ending with a visible marker: group markdown is an
 * alert whose head (rule, school, case number) is what officials act on, and a robot has 20 messages a
 * minute for all alerts of its group, so one alert must not burn several. `markdownOverflow: 'split'`
 * splits markdown too.
 */
import { ChannelApiError } from '../../core/errors';
import type { Reply } from '../../core/message';
import { callWecomApi } from './call-wecom-api';
import { defaultPartLabel, splitNumbered, type PartLabel } from './split-numbered';
import { DEFAULT_TRUNCATED_MARKER, truncateByBytes } from './truncate-by-bytes';
import { wecomApiError } from './wecom-api-error';
import { httpFetch } from '../http-fetch';

export const ROBOT_TEXT_MAX_BYTES = 2048;
export const ROBOT_MARKDOWN_MAX_BYTES = 4096;

export interface WecomRobotClientOptions {
  apiBase: string;
  fetch?: typeof fetch;
  /** Bound on each HTTP call. Default 5000. */
  timeoutMs?: number;
  partLabel?: PartLabel;
  /** Ends a shortened markdown message; pass the wording from templates. */
  truncatedMarker?: string;
  markdownOverflow?: 'truncate' | 'split';
}

export interface WecomRobotClient {
  send(key: string, reply: Reply): Promise<void>;
}

export function createWecomRobotClient(opts: WecomRobotClientOptions): WecomRobotClient {
  const apiBase = opts.apiBase.replace(/\/+$/, '');
  const call = { fetch: opts.fetch ?? httpFetch, timeoutMs: opts.timeoutMs ?? 5000, what: 'webhook/send' };
  const label = opts.partLabel ?? defaultPartLabel;
  const marker = opts.truncatedMarker ?? DEFAULT_TRUNCATED_MARKER;

  function contents(reply: Reply): string[] {
    if (reply.kind === 'text') return splitNumbered(reply.text, ROBOT_TEXT_MAX_BYTES, label);
    // Markdown mentions are written into the text (<@userid>); text ones go in mentioned_list.
    if (reply.mentions?.length) reply = { ...reply, text: `${reply.text}\n${reply.mentions.map((id) => `<@${id}>`).join(' ')}` };
    if (opts.markdownOverflow === 'split') return splitNumbered(reply.text, ROBOT_MARKDOWN_MAX_BYTES, label);
    return [truncateByBytes(reply.text, ROBOT_MARKDOWN_MAX_BYTES, marker)];
  }

  async function send(key: string, reply: Reply): Promise<void> {
    if (!key) throw new ChannelApiError('WeCom webhook/send: empty robot key', false);
    const url = `${apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
    const parts = contents(reply);
    for (const [i, content] of parts.entries()) {
      // People are @-mentioned once, with the last part of a long text.
      const mentioned = reply.kind === 'text' && reply.mentions?.length && i === parts.length - 1 ? { mentioned_list: reply.mentions } : {};
      const answer = await callWecomApi(url, { msgtype: reply.kind, [reply.kind]: { content, ...mentioned } }, call);
      if (answer.errcode !== 0) throw wecomApiError('webhook/send', answer.errcode, answer.errmsg, [key]);
    }
  }

  return { send };
}
