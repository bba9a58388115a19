/**
 * `npm run chat [-- --channel wecom|dingtalk [--group <chat id>]]`: a terminal client for demo mode. It speaks
 * the channel's real protocol to the running server (WeCom: encrypts, signs, decrypts the passive reply;
 * DingTalk: signs the callback, gives a group message a sessionWebhook) and prints what the bot sends
 * actively, to groups and to group robots, read from the demo stand-in of the platform's API.
 */
import { createInterface } from 'node:readline/promises';
import { join } from 'node:path';
import { DEMO_WECOM } from '../config';
import { loadTemplates } from '../core/templates';
import { projectRoot } from '../project-root';
import { createWecomPeer } from './wecom-peer';
import { createDingtalkPeer } from './dingtalk-peer';
import type { FakeSentMessage } from '../channels/wecom/fake-wecom-api';
import type { FakeDingtalkMessage } from '../channels/dingtalk/fake-dingtalk-api';
import { DEMO_DINGTALK } from '../config';

const port = Number(process.env.PORT || 3000);
const url = process.env.CHAT_URL || `http://127.0.0.1:${port}`;
const flag = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const channel = flag('channel') ?? 'wecom';
const group = flag('group');
const dingtalk = channel === 'dingtalk';
const demoApi = process.env.CHAT_DEMO_API || `http://127.0.0.1:${port + (dingtalk ? 2 : 1)}`;
let user = process.env.CHAT_USER || 'demo-teacher';

const t = loadTemplates(join(projectRoot(), 'templates', 'messages'));
const wecomPeer = createWecomPeer({ url, ...DEMO_WECOM });
async function say(text: string): Promise<{ status: number; replyText?: string }> {
  if (!dingtalk) return wecomPeer.say(user, text);
  // DingTalk puts a sessionWebhook in every group message: the stand-in mints one for the chat.
  const hook = group ? ((await (await fetch(`${demoApi}/__demo/session?conversation=${encodeURIComponent(group)}`)).json()) as { url: string; expiresAt: number }) : undefined;
  return createDingtalkPeer({ url, clientSecret: DEMO_DINGTALK.clientSecret, robotCode: DEMO_DINGTALK.robotCode, corpId: DEMO_DINGTALK.corpId, ...(hook && { sessionWebhook: () => hook }) }).say(user, text, group);
}

let after = 0;
async function pollSent(print: (line: string) => void): Promise<void> {
  try {
    const res = await fetch(`${demoApi}/__demo/sent?after=${after}`);
    if (!res.ok) return;
    const { next, messages } = (await res.json()) as { next: number; messages: Array<FakeSentMessage | FakeDingtalkMessage> };
    after = next;
    for (const m of messages) {
      if (m.kind === 'group' || m.kind === 'session') {
        print(t.render('chat.robot', { robot: m.to, text: m.content }));
        continue;
      }
      if (m.kind === 'user') {
        if (m.to === user) print(t.render('chat.bot_active', { text: m.content }));
        continue;
      }
      if (m.kind === 'robot') print(t.render('chat.robot', { robot: `…${m.to.slice(-4)}`, text: m.content }));
      else if (m.to.split('|').includes(user)) print(t.render('chat.bot_active', { text: m.content }));
    }
  } catch {
    // The demo API is optional (a server with real WeCom credentials has none): nothing to show.
  }
}

async function main(): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // Take the iterator now: lines piped in before the first await would otherwise be dropped.
  const lines = rl[Symbol.asyncIterator]();
  const print = (line: string) => {
    process.stdout.write(`\r${line}\n`);
    rl.prompt(true);
  };
  await pollSent(() => undefined); // skip what was sent before this session
  const poller = setInterval(() => void pollSent(print), 700);
  console.log(t.render('chat.banner', { url, user }));
  rl.setPrompt(t.render('chat.prompt', { user }));
  rl.prompt();
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const line = next.value;
    const text = line.trim();
    if (text === '/quit') break;
    if (text.startsWith('/user ')) {
      user = text.slice(6).trim() || user;
      print(t.render('chat.switched', { user }));
      rl.setPrompt(t.render('chat.prompt', { user }));
      continue;
    }
    if (text === '') {
      rl.prompt();
      continue;
    }
    try {
      const answer = await say(text);
      if (answer.status !== 200) print(t.render('chat.http_error', { status: answer.status }));
      else if (answer.replyText) print(t.render('chat.bot', { text: answer.replyText }));
      else rl.prompt();
    } catch {
      print(t.render('chat.unreachable', { url }));
    }
  }
  clearInterval(poller);
  rl.close();
}

void main();
