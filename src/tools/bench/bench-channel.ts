/**
 * One inbound channel in the message-path figure: the channel's own transport with nothing behind it (the
 * bare pipeline's floor for that channel), and a client that speaks the channel's real protocol to either
 * the bare pipeline or the full app and checks that the replies came.
 */
import type { ChannelAdapter } from '../../core/channel';
import type { ChannelId } from '../../core/channels';
import type { DriveResult } from './drive-messages';

export interface ChannelRun extends DriveResult {
  /** More of what was measured, as lines printed for information ("replies delivered", …). */
  notes?: Array<{ what: string; measured: string }>;
  /** The server's main-thread CPU time over the timed part, µs a timed message (a server of its own process). */
  serverCpuUs?: number;
}

/** Where the full app's demo stand-ins for the platforms' APIs listen (each has GET /__demo/sent). */
export interface DemoApis {
  wecom: string;
  dingtalk: string;
}

export interface BenchChannel {
  id: ChannelId;
  /** What the bare pipeline does for this channel, for its line (e.g. "koa+verify+decrypt+xml+encrypted reply"). */
  bare: string;
  /** Whether the full app's reply goes out through the outbox (an API call) rather than in the HTTP answer. */
  repliesThroughOutbox: boolean;
  /**
   * The bare pipeline's adapter: a channel with a passive reply has nothing to send through; one whose reply is
   * an API call (DingTalk) gets its real client, pointed at the stand-in at `apis`.
   */
  bareAdapter(apis?: DemoApis): ChannelAdapter;
  /**
   * Drives the server at `url`: the bare pipeline, or the full app, whose demo stand-ins (`demo`) get the
   * replies sent later. `afterWarmup` is called once the warm-up is done (its replies delivered), as the timed
   * part starts; the timed part ends when `drive` resolves.
   */
  drive(url: string, demo?: DemoApis, afterWarmup?: () => void): Promise<ChannelRun>;
}

/** What a bare adapter's clients do: the bare pipeline sends nothing. */
export async function nothingSent(): Promise<never> {
  throw new Error('the bare pipeline sends nothing');
}
