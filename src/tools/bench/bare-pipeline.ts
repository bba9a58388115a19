/**
 * Koa plus one channel's own transport (verify, decrypt, parse, and the reply: passive when the channel has
 * one, else sent through the channel's client once the platform has its answer, as the full app's relay
 * sends it) and nothing else: the floor of that channel's full path.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import type { ChannelAdapter } from '../../core/channel';
import { replyDestinationOf } from '../../core/message';
import { readBody } from '../../http/read-body';

/**
 * `replyText` is what the passive reply says: the full app's answer to the same message (the 帮助 menu), so
 * that the client decrypts and reads as much in both runs and only the server's work differs.
 */
export async function startBarePipeline(channel: ChannelAdapter, replyText: string, port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.path === '/readyz') {
      ctx.body = 'ready';
      return;
    }
    const body = await readBody(ctx.req, 64 * 1024);
    const receipt = await channel.receive({ method: ctx.method, path: ctx.path, query: ctx.query as Record<string, string>, headers: ctx.headers as Record<string, string>, body }, new Date());
    const reply = { kind: 'text' as const, text: replyText };
    const inbound = receipt.inbound;
    const res = inbound && receipt.passive ? receipt.passive.reply(reply) : receipt.response;
    if (inbound && !receipt.passive) setImmediate(() => void channel.send(replyDestinationOf(inbound), reply, new Date()).catch(() => undefined));
    ctx.status = res.status;
    ctx.body = res.body;
    ctx.type = res.contentType ?? 'text/plain; charset=utf-8';
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
