/**
 * Koa plus one channel's own transport (verify, decrypt, parse, and its passive reply when it has one)
 * and nothing else: the floor of that channel's full path.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import type { ChannelAdapter } from '../../core/channel';
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
    const res = receipt.inbound && receipt.passive ? receipt.passive.reply({ kind: 'text', text: replyText }) : receipt.response;
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
