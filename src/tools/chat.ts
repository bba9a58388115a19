/**
 * `npm run chat [-- --channel <id>] [--group <chat id>]`: a terminal client for demo mode. It speaks the
 * chosen channel's real protocol to the running server (through the channel's chat peer in the registry) and
 * prints every message the bot sends to anyone (every demo person, group and push robot), labelled with who
 * got it, read from the demo stand-ins of the platforms' APIs.
 */
import { createInterface } from 'node:readline/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHANNEL_IDS, isChannelId } from '../core/channels';
import { loadTemplates } from '../core/templates';
import { projectRoot } from '../project-root';
import { channelDefinition, type ChatDelivery } from '../channels/registry';

const { values: args } = parseArgs({ options: { channel: { type: 'string', default: 'wecom' }, group: { type: 'string' } } });
const port = Number(process.env.PORT || 3000);
const url = process.env.CHAT_URL || `http://127.0.0.1:${port}`;
const demoApiUrl = process.env.CHAT_DEMO_API || `http://127.0.0.1:${port + 1}`;
let user = process.env.CHAT_USER || 'demo-teacher';
const group = args.group;

const t = loadTemplates(join(projectRoot(), 'templates', 'messages'));
const channel = args.channel!;
const makePeer = isChannelId(channel) ? channelDefinition(channel)?.chatPeer : undefined;
if (!makePeer) {
  process.stderr.write(`${t.render('chat.unknown_channel', { channel, channels: CHANNEL_IDS.join(', ') })}\n`);
  process.exit(2);
}
const peer = makePeer({ url, demoApiUrl });

/** Who got a message, as the chat shows it: "you" for the current user in their 1:1 chat. */
function label(d: ChatDelivery): string {
  if (d.to.kind === 'user') return d.to.id === user ? t.render('chat.to_you') : t.render('chat.to_user', { user: d.to.id });
  return t.render(d.to.kind === 'group' ? 'chat.to_group' : 'chat.to_robot', { id: d.to.id });
}

async function pollSent(print: (line: string) => void): Promise<void> {
  try {
    for (const d of await peer.received()) print(t.render('chat.delivered', { to: label(d), text: d.text }));
  } catch {
    // The demo API is optional (a server with real credentials has none): nothing to show.
  }
}

async function main(): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // Take the iterator now: lines piped in before the first await would otherwise be dropped.
  const lines = rl[Symbol.asyncIterator]();
  const prompt = () => t.render('chat.prompt', { user, group: group ?? '' });
  const print = (line: string) => {
    process.stdout.write(`\r${line}\n`);
    rl.prompt(true);
  };
  await pollSent(() => undefined); // skip what was sent before this session
  const poller = setInterval(() => void pollSent(print), 700);
  console.log(t.render('chat.banner', { url, user, channel, group: group ?? '' }));
  rl.setPrompt(prompt());
  rl.prompt();
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const text = next.value.trim();
    if (text === '/quit') break;
    if (text.startsWith('/user ')) {
      user = text.slice(6).trim() || user;
      rl.setPrompt(prompt());
      print(t.render('chat.switched', { user }));
      continue;
    }
    if (text === '') {
      rl.prompt();
      continue;
    }
    try {
      const answer = await peer.say(user, text, group);
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
