/**
 * A WeCom peer with credentials of its own (the official test vector's Token, EncodingAESKey and CorpID),
 * against the server built for production (no demo mode) with WECOM_API_BASE pointing at a local stand-in.
 */
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/create-logger';
import { startApp, type RunningApp } from '../../src/main';
import { startFakeWecomApi, type FakeWecomApi } from '../../src/channels/wecom/fake-wecom-api';
import { createWecomPeer } from '../../src/tools/wecom-peer';
import { removeDir, tempDataDir } from '../helpers/start-test-app';

const VECTOR = {
  token: 'QDG6eK',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
  agentId: '218',
};

describe('production configuration with the official test vector', () => {
  let api: FakeWecomApi;
  let app: RunningApp;
  let clock: Date | undefined;
  const dataDir = tempDataDir();

  beforeAll(async () => {
    api = await startFakeWecomApi({ corpId: VECTOR.corpId, secret: 'vector-secret' });
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      WECOM_CORP_ID: VECTOR.corpId,
      WECOM_AGENT_ID: VECTOR.agentId,
      WECOM_SECRET: 'vector-secret',
      WECOM_TOKEN: VECTOR.token,
      WECOM_AES_KEY: VECTOR.aesKey,
      WECOM_API_BASE: api.url,
      REPORT_SECRET: 'vector-test-report-secret-0123456789',
    });
    expect(config.demo).toBe(false);
    app = await startApp({ config, logger: createLogger('silent'), now: () => clock ?? new Date() });
  });
  afterAll(async () => {
    await app.stop();
    await api.close();
    removeDir(dataDir);
  });

  it('answers the official URL check with 1616140317555161061', async () => {
    clock = new Date(1409659589 * 1000);
    const q = new URLSearchParams({
      msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
      timestamp: '1409659589',
      nonce: '263014780',
      echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
    });
    const res = await fetch(`${app.url}/wecom/callback?${q}`);
    clock = undefined;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1616140317555161061');
  });

  it('replies to 帮助 over the real protocol, encrypted for this corp', async () => {
    const peer = createWecomPeer({ url: app.url, ...VECTOR });
    const answer = await peer.say('mycreate', '帮助');
    expect(answer.status).toBe(200);
    expect(answer.replyText).toContain('负担反映');
  });

  it('does not start the demo stand-in', () => {
    expect(app.fakeWecom).toBeUndefined();
  });
});
