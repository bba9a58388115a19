/**
 * `node dist/src/tools/bench/bare-server.js <channel> [<stand-in url>]`: the bare pipeline of one channel
 * (bare-pipeline.ts) as a process of its own on PORT, so that it is measured as the full app is, apart from
 * the client; a channel that replies through an API sends to the stand-in at the url.
 */
import { startBarePipeline } from './bare-pipeline';
import { BENCH_CHANNELS } from './bench-channels';
import { strangerMenu } from './stranger-menu';

const channel = BENCH_CHANNELS.find((c) => c.id === process.argv[2]);
if (!channel) {
  process.stderr.write(`usage: bare-server.js <${BENCH_CHANNELS.map((c) => c.id).join('|')}>\n`);
  process.exit(2);
}
const menu = strangerMenu();
const standIn = process.argv[3];
void startBarePipeline(channel.bareAdapter(standIn ? { wecom: standIn, dingtalk: standIn } : undefined), menu, Number(process.env.PORT)).then((server) => {
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
});
