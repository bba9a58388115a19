import type { BenchChannel } from './bench-channel';
import { dingtalkBench } from './drive-dingtalk';
import { wecomBench } from './drive-wecom';
import { wecomBotBench } from './drive-wecom-bot';

/** Every inbound channel of the message-path figure, in the order they are driven: one line each. */
export const BENCH_CHANNELS: readonly BenchChannel[] = [wecomBench, wecomBotBench, dingtalkBench];
