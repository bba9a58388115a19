/**
 * Pushes to a DingTalk custom group robot (自定义机器人): `POST {oapi}/robot/send?access_token=&timestamp=&sign=`,
 * the URL built and signed afresh for every send (a sign older than an hour is refused with 310000). The access
 * token and the secret are the robot's credentials: never logged, never in an error message.
 */
import { ChannelApiError } from '../../core/errors';
import type { Reply } from '../../core/message';
import { callDingtalkApi } from './call-dingtalk-api';
import { oapiError } from './dingtalk-api-error';
import { oapiMessage } from './dingtalk-message-body';
import { customRobotQuery } from './dingtalk-sign';
import { httpFetch } from '../http-fetch';

export interface DingtalkRobotClientOptions {
  oapiBase: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Injected clock: the sign's timestamp. */
  now?: () => Date;
}

export interface DingtalkRobotClient {
  send(accessToken: string, secret: string | undefined, reply: Reply): Promise<void>;
}

export function createDingtalkRobotClient(opts: DingtalkRobotClientOptions): DingtalkRobotClient {
  const oapiBase = opts.oapiBase.replace(/\/+$/, '');
  const call = { fetch: opts.fetch ?? httpFetch, timeoutMs: opts.timeoutMs ?? 5000, what: 'robot/send' };
  const now = opts.now ?? (() => new Date());

  async function send(accessToken: string, secret: string | undefined, reply: Reply): Promise<void> {
    if (!accessToken) throw new ChannelApiError('DingTalk robot/send: empty access token', false);
    const url = `${oapiBase}/robot/send?${customRobotQuery(accessToken, secret, now())}`;
    const answer = await callDingtalkApi(url, oapiMessage(reply), call);
    const errcode = answer.json?.['errcode'];
    if (answer.status !== 200 || typeof errcode !== 'number') throw new ChannelApiError(`DingTalk robot/send: unexpected answer (HTTP ${answer.status})`, false, answer.status);
    if (errcode !== 0) throw oapiError('robot/send', errcode, answer.json?.['errmsg'], [accessToken, ...(secret ? [secret] : [])]);
  }

  return { send };
}
