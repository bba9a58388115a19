/**
 * `npm run chat`: a terminal client for demo mode. It speaks the real WeCom protocol to the running server
 * (encrypts, signs, decrypts the passive reply) and prints what the bot sends actively and to group robots,
 * read from the demo stand-in of the WeCom API.
 */
import { createInterface } from 'node:readline/promises';
import { join } from 'node:path';
import { DEMO_WECOM } from '../config';
import { loadTemplates } from '../core/templates';
import { projectRoot } from '../project-root';
import { createWecomPeer } from './wecom-peer';
import type { FakeSentMessage } from '../channels/wecom/fake-wecom-api';

const port = Number(process.env.PORT || 3000);
const url = process.env.CHAT_URL || `http://127.0.0.1:${port}`;
const demoApi = process.env.CHAT_DEMO_API || `http://127.0.0.1:${port + 1}`;
let user = process.env.CHAT_USER || 'demo-teacher';

const t = loadTemplates(join(projectRoot(), 'templates', 'messages'));
const peer = createWecomPeer({ url, ...DEMO_WECOM });

let after = 0;
async function pollSent(print: (line: string) => void): Promise<void> {
  try {
    const res = await fetch(`${demoApi}/__demo/sent?after=${after}`);
    if (!res.ok) return;
    const { next, messages } = (await res.json()) as { next: number; messages: FakeSentMessage[] };
    after = next;
    for (const m of messages) {
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
      const answer = await peer.say(user, text);
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
