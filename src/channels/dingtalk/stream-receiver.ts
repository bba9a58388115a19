/**
 * DingTalk Stream mode (DINGTALK_MODE=stream): the `dingtalk-stream` package opens an outbound WebSocket, so
 * no public URL is needed. Each robot message is acknowledged at once (unacknowledged, DingTalk pushes it again
 * about 60 s later) and then handed to the dispatcher, whose durable inbox dedupes by msgId a push that came
 * again anyway. The package's own reconnect is a fixed 1 s; it is turned off and replaced by a backoff here.
 */
import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { Receipt } from '../../core/channel';
import type { ChannelLogger } from '../wecom/wecom-channel';
import type { DingtalkChannel } from './dingtalk-channel';
import { parseRobotMessage } from './parse-robot-message';

/** The part of DWClient the receiver uses (a test passes a stand-in). */
export interface StreamClient {
  connected: boolean;
  registerCallbackListener(topic: string, callback: (msg: DWClientDownStream) => void): unknown;
  connect(): Promise<void>;
  disconnect(): void;
  socketCallBackResponse(messageId: string, result: unknown): void;
}

export interface StreamReceiverOptions {
  clientId: string;
  clientSecret: string;
  channel: DingtalkChannel;
  dispatch: (receipt: Receipt) => Promise<unknown>;
  logger: ChannelLogger;
  /** Default: a DWClient with its fixed-interval reconnect off. */
  client?: StreamClient;
  /** Backoff bounds, ms (default 1 s doubling to 60 s), and how often the connection is checked. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  checkEveryMs?: number;
}

export interface StreamReceiver {
  start(): void;
  /** For /readyz: the WebSocket is open. */
  isConnected(): boolean;
  stop(): Promise<void>;
}

export function createStreamReceiver(opts: StreamReceiverOptions): StreamReceiver {
  const client: StreamClient =
    opts.client ?? new DWClient({ clientId: opts.clientId, clientSecret: opts.clientSecret, autoReconnect: false } as ConstructorParameters<typeof DWClient>[0]);
  const minMs = opts.minBackoffMs ?? 1000;
  const maxMs = opts.maxBackoffMs ?? 60_000;
  const log = opts.logger;
  let backoff = minMs;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();

  client.registerCallbackListener(TOPIC_ROBOT, (msg) => {
    // Acknowledge first: what follows may take longer than DingTalk waits.
    client.socketCallBackResponse(msg.headers.messageId, { status: 'SUCCESS' });
    const verdict = opts.channel.fromRobotMessage(parseRobotMessage(msg.data));
    if (!verdict.ok) {
      log.warn({ channel: 'dingtalk', via: 'stream', reason: verdict.reason }, 'dingtalk stream message ignored');
      return;
    }
    const p = opts
      .dispatch({ response: { status: 200, body: '' }, inbound: verdict.inbound })
      .catch((e: unknown) => log.warn({ channel: 'dingtalk', error: e instanceof Error ? e.name : 'unknown' }, 'dingtalk stream dispatch failed'))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  });

  async function tick(): Promise<void> {
    if (stopped) return;
    let wait = opts.checkEveryMs ?? 1000;
    if (!client.connected) {
      await client.connect().catch(() => undefined);
      if (client.connected) {
        log.info({ channel: 'dingtalk' }, 'dingtalk stream connected');
        backoff = minMs;
      } else {
        log.warn({ channel: 'dingtalk', retryInMs: backoff }, 'dingtalk stream not connected');
        wait = backoff;
        backoff = Math.min(backoff * 2, maxMs);
      }
    }
    if (!stopped) timer = setTimeout(() => void tick(), wait);
  }

  return {
    start: () => void tick(),
    isConnected: () => client.connected,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      client.disconnect();
      await Promise.all(inFlight);
    },
  };
}
