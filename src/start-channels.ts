/**
 * The composition root's channels: the demo stand-ins of both platforms' APIs (demo mode), the WeCom app and
 * the DingTalk robot (built here, with their stand-ins and DingTalk's Stream receiver), and every other
 * registered channel built from its own config section (src/channels/registry.ts).
 */
import type { Config } from './config';
import { DEMO_DINGTALK } from './config';
import type { ChannelAdapter } from './core/channel';
import type { ChannelId } from './core/channels';
import type { Logger } from './core/ports';
import type { Templates } from './core/templates';
import type { Coord } from './coord/coord';
import { buildChannels } from './channels/build-channels';
import { createWecomChannel } from './channels/wecom/wecom-channel';
import { createWecomAppClient } from './channels/wecom/wecom-app-client';
import { createWecomRobotClient } from './channels/wecom/wecom-robot-client';
import { startFakeWecomApi, type FakeWecomApi } from './channels/wecom/fake-wecom-api';
import { createDingtalk, type Dingtalk } from './channels/dingtalk/create-dingtalk';
import { startFakeDingtalkApi, type FakeDingtalkApi } from './channels/dingtalk/fake-dingtalk-api';

export interface StartedChannels {
  channels: Map<ChannelId, ChannelAdapter>;
  /** Throws while a channel is not ready (a Stream connection down). */
  ready(): Promise<void>;
  dingtalk?: Dingtalk;
  fakeWecom?: FakeWecomApi;
  fakeDingtalk?: FakeDingtalkApi;
}

export interface StartChannelsDeps {
  coord: Coord;
  templates: Templates;
  logger: Logger;
  now: () => Date;
  /** The first demo stand-in's port (the WeCom one; DingTalk's is the next), 0 for any. */
  demoApiPort: number;
  onClose(close: () => Promise<void>): void;
}

export async function startChannels(config: Config, deps: StartChannelsDeps): Promise<StartedChannels> {
  const { coord, templates, logger, now } = deps;
  let fakeWecom: FakeWecomApi | undefined;
  let fakeDingtalk: FakeDingtalkApi | undefined;
  if (config.demo) {
    const port = deps.demoApiPort;
    const wecomApi = await startFakeWecomApi({ port, corpId: config.wecom!.corpId, secret: config.wecom!.secret });
    deps.onClose(() => wecomApi.close());
    fakeWecom = wecomApi;
    if (config.dingtalk?.demoStandIn) {
      const dingtalkApi = await startFakeDingtalkApi({ port: port === 0 ? 0 : port + 1, now: () => now().getTime(), clientId: config.dingtalk.clientId, clientSecret: config.dingtalk.clientSecret, anySecret: DEMO_DINGTALK.robotSecret });
      deps.onClose(() => dingtalkApi.close());
      fakeDingtalk = dingtalkApi;
    }
  }
  const truncatedMarker = templates.render('core.truncated');
  const channels = new Map<ChannelId, ChannelAdapter>();
  if (config.wecom) {
    const apiBase = fakeWecom?.url ?? config.wecom.apiBase;
    const appClient = createWecomAppClient({ apiBase, corpId: config.wecom.corpId, agentId: config.wecom.agentId, secret: config.wecom.secret, coord });
    const robotClient = createWecomRobotClient({ apiBase, truncatedMarker });
    channels.set('wecom', createWecomChannel({ ...config.wecom, apiBase, truncatedMarker, replyBudgetMs: config.replyBudgetMs }, { appClient, robotClient, logger }));
  }
  let dingtalk: Dingtalk | undefined;
  if (config.dingtalk) {
    dingtalk = createDingtalk({ ...config.dingtalk, ...(fakeDingtalk && { apiBase: fakeDingtalk.url, oapiBase: fakeDingtalk.url }) }, { coord, logger, now });
    channels.set('dingtalk', dingtalk.channel);
  }
  // Every other registered channel builds itself from its own config section, when that is configured;
  // the AI bot's response_urls are on the stand-in's origin in demo mode.
  const sections = { ...config, wecomBot: config.wecomBot && { ...config.wecomBot, apiBase: fakeWecom?.url ?? config.wecomBot.apiBase, replyBudgetMs: config.replyBudgetMs, truncatedMarker } };
  const built = await buildChannels(sections, { demo: config.demo, coord, templates, logger, now, onClose: deps.onClose }, channels);
  return { channels, ready: built.ready, ...(dingtalk && { dingtalk }), ...(fakeWecom && { fakeWecom }), ...(fakeDingtalk && { fakeDingtalk }) };
}
