/**
 * `node dist/src/tools/bench/bare-server.js <channel>`: the bare pipeline of one channel (bare-pipeline.ts) as
 * a process of its own on PORT, so that it is measured as the full app is, apart from the client.
 */
import { startBarePipeline } from './bare-pipeline';
import { BENCH_CHANNELS } from './bench-channels';

const channel = BENCH_CHANNELS.find((c) => c.id === process.argv[2]);
if (!channel) {
  process.stderr.write(`usage: bare-server.js <${BENCH_CHANNELS.map((c) => c.id).join('|')}>\n`);
  process.exit(2);
}
void startBarePipeline(channel.bareAdapter(), Number(process.env.PORT)).then((server) => {
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
});
