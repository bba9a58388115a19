/**
 * The method dispatch of a WeCom callback route (the app's and the AI bot's): GET is the URL check, POST a
 * message, anything else 405; nothing a client sends may end in a throw, so an unexpected one is a 400.
 */
import { STATUS_CODES } from 'node:http';
import type { ChannelResponse, RawRequest, Receipt } from '../../core/channel';
import type { ChannelLogger } from './wecom-channel';

/** A status answer with only the generic status text, never the reason (an empty body for 200). */
export function statusResponse(code: number): ChannelResponse {
  return { status: code, body: code === 200 ? '' : (STATUS_CODES[code] ?? ''), contentType: 'text/plain; charset=utf-8' };
}

export function receiveCallback(
  channel: string,
  log: ChannelLogger,
  handlers: { urlCheck(req: RawRequest, now: Date): Receipt; message(req: RawRequest, now: Date): Receipt | Promise<Receipt> },
  reject: (code: number, reason: string) => Receipt,
): (req: RawRequest, now: Date) => Promise<Receipt> {
  return async (req, now) => {
    try {
      const method = req.method.toUpperCase();
      if (method === 'GET') return handlers.urlCheck(req, now);
      if (method === 'POST') return await handlers.message(req, now);
      return reject(405, 'method');
    } catch (e) {
      // Nothing a client sends should get here; if it does, it is still the client's bad request.
      log.warn({ channel, error: e instanceof Error ? e.name : 'unknown' }, `${channel} callback failed unexpectedly`);
      return { response: statusResponse(400) };
    }
  };
}
