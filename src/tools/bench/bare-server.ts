/**
 * `node dist/src/tools/bench/bare-server.js <channel> [<stand-in url>]`: the bare pipeline of one channel
 * (bare-pipeline.ts) as a process of its own on PORT, so that it is measured as the full app is, apart from
 * the client; a channel that replies through an API sends to the stand-in at the url.
 */
import { join } from 'node:path';
import { loadTemplates } from '../../core/templates';
import { projectRoot } from '../../project-root';
import { startBarePipeline } from './bare-pipeline';
import { BENCH_CHANNELS } from './bench-channels';

const channel = BENCH_CHANNELS.find((c) => c.id === process.argv[2]);
if (!channel) {
  process.stderr.write(`usage: bare-server.js <${BENCH_CHANNELS.map((c) => c.id).join('|')}>\n`);
  process.exit(2);
}
// The menu a person the directory does not know gets for 帮助: the full app's answer to the bench's messages.
const menu = loadTemplates(join(projectRoot(), 'templates', 'messages')).render('help.menu', { liaison: false, official: false, channels: null });
const standIn = process.argv[3];
void startBarePipeline(channel.bareAdapter(standIn ? { wecom: standIn, dingtalk: standIn } : undefined), menu, Number(process.env.PORT)).then((server) => {
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
});
