/**
 * The DingTalk channel assembled from its config: the OpenAPI and custom-robot clients, the adapter, its
 * HTTP route (HTTP mode) or its Stream receiver (stream mode, started once the dispatcher exists).
 */
import type { Coord } from '../../coord/coord';
import type { Receipt } from '../../core/channel';
import type { ChannelLogger } from '../wecom/wecom-channel';
import { createDingtalkApiClient } from './dingtalk-api-client';
import { createDingtalkChannel, type DingtalkChannel } from './dingtalk-channel';
import { createDingtalkRobotClient } from './dingtalk-robot-client';
import { createStreamReceiver, type StreamReceiver } from './stream-receiver';

export interface DingtalkSetup {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  mode: 'http' | 'stream';
  apiBase: string;
  oapiBase: string;
  corpId?: string;
}

export interface Dingtalk {
  channel: DingtalkChannel;
  /** The callback route, in HTTP mode. */
  routes: Array<{ path: string; adapter: DingtalkChannel }>;
  /** Stream mode: connects and hands each message to `dispatch`; undefined in HTTP mode. */
  startStream(dispatch: (r: Receipt) => Promise<unknown>): StreamReceiver | undefined;
}

export function createDingtalk(cfg: DingtalkSetup, deps: { coord: Coord; logger: ChannelLogger; now: () => Date }): Dingtalk {
  const api = createDingtalkApiClient({ ...cfg, coord: deps.coord, now: () => deps.now().getTime() });
  const robots = createDingtalkRobotClient({ oapiBase: cfg.oapiBase, now: deps.now });
  const channel = createDingtalkChannel(cfg, { api, robots, logger: deps.logger });
  return {
    channel,
    routes: cfg.mode === 'http' ? [{ path: '/dingtalk/callback', adapter: channel }] : [],
    startStream(dispatch) {
      if (cfg.mode !== 'stream') return undefined;
      const stream = createStreamReceiver({ ...cfg, channel, dispatch, logger: deps.logger });
      stream.start();
      return stream;
    },
  };
}
