/** Koa plus the WeCom channel's own verify, decrypt, parse and encrypted reply: the floor of any full path. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { DEMO_WECOM } from '../../config';
import { createWecomChannel } from '../../channels/wecom/wecom-channel';
import type { WecomAppClient } from '../../channels/wecom/wecom-app-client';
import type { WecomRobotClient } from '../../channels/wecom/wecom-robot-client';
import { readBody } from '../../http/read-body';

export async function startBarePipeline(): Promise<{ url: string; close: () => Promise<void> }> {
  const unused = async () => {
    throw new Error('the bare baseline sends nothing');
  };
  const channel = createWecomChannel(DEMO_WECOM, {
    appClient: { sendToUser: unused, sendToUsers: unused, getAccessToken: unused, downloadMedia: unused } as WecomAppClient,
    robotClient: { send: unused } as WecomRobotClient,
  });
  const app = new Koa();
  app.use(async (ctx) => {
    const body = await readBody(ctx.req, 64 * 1024);
    const receipt = await channel.receive({ method: ctx.method, query: ctx.query as Record<string, string>, headers: ctx.headers as Record<string, string>, body }, new Date());
    const res = receipt.inbound && receipt.passive ? receipt.passive.reply({ kind: 'text', text: 'ok' }) : receipt.response;
    ctx.status = res.status;
    ctx.body = res.body;
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
