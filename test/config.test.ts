import { loadConfig } from '../src/config';

const wecom = {
  WECOM_CORP_ID: 'ww0123456789',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 's3cret',
  WECOM_TOKEN: 'tok',
  WECOM_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  REPORT_SECRET: 'a-production-secret-of-32-chars-or-more',
};

describe('loadConfig', () => {
  it('starts in demo mode with defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dataDir: './data', demo: true, logLevel: 'info', scheduleTz: 'Asia/Shanghai' });
    expect(c.mongodbUri).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.redisKeyPrefix).toBe('coord:');
    expect(loadConfig({ REDIS_KEY_PREFIX: 'jianfu-nx:' }).redisKeyPrefix).toBe('jianfu-nx:');
    expect(c.wecom?.apiBase).toBe('https://qyapi.weixin.qq.com');
  });

  it('configures the WeCom AI bot with both of its variables, off without them, demo credentials in demo mode', () => {
    const bot = { WECOM_BOT_TOKEN: 'bottok', WECOM_BOT_AES_KEY: 'ZGVtb2JvdGRlbW9ib3RkZW1vYm90ZGVtb2JvdGRlbW8' };
    expect(loadConfig({ ...wecom, ...bot, WECOM_API_BASE: 'http://127.0.0.1:9999/' }).wecomBot).toEqual({ token: 'bottok', aesKey: bot.WECOM_BOT_AES_KEY, apiBase: 'http://127.0.0.1:9999', mediaOrigins: [] });
    // WeCom's image hosts, listed by the operator: https origins only, nothing else.
    const media = (origins: string) => loadConfig({ ...wecom, ...bot, WECOM_BOT_MEDIA_ORIGINS: origins }).wecomBot?.mediaOrigins;
    expect(media('https://img.a.example, https://img.b.example:8443/')).toEqual(['https://img.a.example', 'https://img.b.example:8443']);
    expect(() => media('http://img.a.example')).toThrow(/WECOM_BOT_MEDIA_ORIGINS/);
    expect(() => media('https://img.a.example/path')).toThrow(/WECOM_BOT_MEDIA_ORIGINS/);
    expect(loadConfig(wecom).wecomBot).toBeUndefined();
    expect(loadConfig({}).wecomBot).toMatchObject({ token: 'demobottoken', apiBase: 'https://qyapi.weixin.qq.com' });
  });

  it('treats empty strings as unset', () => {
    const c = loadConfig({ PORT: '', MONGODB_URI: ' ', REDIS_URL: '', WECOM_CORP_ID: '', LOG_LEVEL: '' });
    expect(c.port).toBe(3000);
    expect(c.mongodbUri).toBeUndefined();
    expect(c.demo).toBe(true);
  });

  it('uses the real credentials when all WeCom variables are given', () => {
    const c = loadConfig({ ...wecom, WECOM_API_BASE: 'http://127.0.0.1:9999/' });
    expect(c.demo).toBe(false);
    expect(c.wecom).toEqual({ corpId: 'ww0123456789', agentId: '1000002', secret: 's3cret', token: 'tok', aesKey: wecom.WECOM_AES_KEY, apiBase: 'http://127.0.0.1:9999' });
  });

  it.each([
    'mongodb://db1:27017,db2:27017,db3:27017/jianfu?replicaSet=rs0',
    'mongodb://bot:p%40ss@db1,db2:27018/jianfu?replicaSet=rs0&authSource=admin&w=majority',
    'mongodb+srv://bot:secret@cluster0.example.net/jianfu?retryWrites=true',
    'mongodb://127.0.0.1:27017',
  ])('accepts the MongoDB connection string %s', (uri) => {
    expect(loadConfig({ MONGODB_URI: uri }).mongodbUri).toBe(uri);
  });

  it.each([
    ['mongodb://bot:Hunter2pw@db1:27017,db2:27017/jianfu?directConnection=true', /directConnection option requires exactly one host/],
    ['mongodb://bot:Hunter2pw@db1:notaport/jianfu', /db1:notaport/],
    ['mongodb+srv://bot:Hunter2pw@cluster0.example.net:27017/jianfu', /cannot have port number/],
    ['mongodb://bot:Hunter2pw@db1/jianfu?replicaSet=', /replicaSet/],
    ['mongodb://bot:Hunter2pw@db1/jianfu?replicaset=rs0&foo=bar', /option foo is not supported/],
    ['mongodb://bot:Hunter2@pw@db1/jianfu', /Invalid connection string/],
  ])('refuses %s with the driver\'s reason and what to write, never the password', (uri, reason) => {
    let message = '';
    try {
      loadConfig({ MONGODB_URI: uri });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^MONGODB_URI: /);
    expect(message).toMatch(reason);
    expect(message).toMatch(/expected mongodb:\/\/\[user:password@\]host1\[:port1\]\[,host2/);
    expect(message).not.toMatch(/Hunter2/);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT: must be a whole number/],
    [{ PORT: '70000' }, /^PORT: must be from 0 to 65535/],
    [{ MONGODB_URI: 'http://x' }, /^MONGODB_URI: must start with mongodb:/],
    [{ REDIS_URL: 'not a url' }, /^REDIS_URL: is not a URL/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: must be one of/],
    [{ TZ_SCHEDULE: 'Mars/Base' }, /^TZ_SCHEDULE: "Mars\/Base" is not an IANA time zone/],
    [{ ADMIN_TOKEN: 'short' }, /^ADMIN_TOKEN: must be at least 16 characters/],
    [{ ...wecom, WECOM_SECRET: '' }, /^WECOM_SECRET: is missing/],
    [{ ...wecom, WECOM_AES_KEY: 'tooshort' }, /^WECOM_AES_KEY: must be the 43-character/],
    [{ ...wecom, WECOM_AGENT_ID: 'app' }, /^WECOM_AGENT_ID: must be the numeric/],
    [{ ...wecom, WECOM_BOT_TOKEN: 'bot' }, /^WECOM_BOT_AES_KEY: is missing: set both/],
    [{ ...wecom, WECOM_BOT_TOKEN: 'bot', WECOM_BOT_AES_KEY: 'short' }, /^WECOM_BOT_AES_KEY: must be the 43-character/],
    [{ WECOM_BOT_TOKEN: 'bot', WECOM_BOT_AES_KEY: wecom.WECOM_AES_KEY }, /^WECOM_CORP_ID: is missing: the AI bot belongs/],
    [{ ...wecom, REPORT_SECRET: '' }, /^REPORT_SECRET: is missing/],
    [{ ...wecom, REPORT_SECRET: 'short' }, /^REPORT_SECRET: must be at least 32 characters/],
    [{ REGION: 'nx-1' }, /^REGION: must be 2 to 6 capital letters/],
    [{ REDIS_KEY_PREFIX: 'jianfu' }, /^REDIS_KEY_PREFIX: must be 2 to 64 .* ending in ":"/],
    [{ REDIS_KEY_PREFIX: 'jian fu:' }, /^REDIS_KEY_PREFIX: must be 2 to 64/],
    [{ CONVERSATION_IDLE_HOURS: '0' }, /^CONVERSATION_IDLE_HOURS: must be from 1 to 168/],
    [{ ALERT_CLAIM_DAYS: 'two' }, /^ALERT_CLAIM_DAYS: must be a whole number from 1 to 60/],
    [{ ALERT_RESOLVE_DAYS: '0' }, /^ALERT_RESOLVE_DAYS: must be from 1 to 365/],
    [{ ESCALATION_EVERY_MINUTES: '7' }, /^ESCALATION_EVERY_MINUTES: must divide 60/],
    [{ PUBLIC_URL: 'ftp://jianfu.example.cn' }, /^PUBLIC_URL: must start with https: or http:/],
    [{ PUBLIC_URL: 'https://jianfu.example.cn/?a=1' }, /^PUBLIC_URL: must be the address only/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads PUBLIC_URL without its trailing slash, unset by default', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://jianfu.example.cn/' }).publicUrl).toBe('https://jianfu.example.cn');
  });

  it('reads the alert deadlines and the escalation interval, with the issue\'s defaults', () => {
    expect(loadConfig({}).alerts).toEqual({ claimDays: 2, resolveDays: 15, escalationEveryMinutes: 30 });
    expect(loadConfig({ ALERT_CLAIM_DAYS: '3', ALERT_RESOLVE_DAYS: '10', ESCALATION_EVERY_MINUTES: '15' }).alerts).toEqual({ claimDays: 3, resolveDays: 10, escalationEveryMinutes: 15 });
  });

  it('never puts a secret in its error message', () => {
    let message = '';
    try {
      loadConfig({ ...wecom, WECOM_AES_KEY: 'secret-looking-but-wrong' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^WECOM_AES_KEY/);
    expect(message).not.toContain('secret-looking-but-wrong');
  });
});

describe('DingTalk config', () => {
  const ding = { DINGTALK_CLIENT_ID: 'dingabc123', DINGTALK_CLIENT_SECRET: 'ding-secret', REPORT_SECRET: 'r'.repeat(32) };

  it('demo mode configures both channels with demo credentials', () => {
    const c = loadConfig({});
    expect(c.demo).toBe(true);
    expect(c.dingtalk).toMatchObject({ mode: 'http', apiBase: 'https://api.dingtalk.com', oapiBase: 'https://oapi.dingtalk.com', demoStandIn: true });
    expect(c.wecom).toBeDefined();
  });

  it('demo mode with DINGTALK_API_BASE uses the stand-in it names, for both origins, and serves none of its own', () => {
    expect(loadConfig({ DINGTALK_API_BASE: 'http://127.0.0.1:4100' }).dingtalk).toMatchObject({ apiBase: 'http://127.0.0.1:4100', oapiBase: 'http://127.0.0.1:4100', demoStandIn: false });
  });

  it('DingTalk alone: no WeCom, robot code defaulting to the client id', () => {
    const c = loadConfig(ding);
    expect(c.demo).toBe(false);
    expect(c.wecom).toBeUndefined();
    expect(c.dingtalk).toEqual({ clientId: 'dingabc123', clientSecret: 'ding-secret', robotCode: 'dingabc123', mode: 'http', apiBase: 'https://api.dingtalk.com', oapiBase: 'https://oapi.dingtalk.com' });
  });

  it('both together, stream mode, own bases and robot code', () => {
    const c = loadConfig({ ...wecom, ...ding, DINGTALK_MODE: 'stream', DINGTALK_ROBOT_CODE: 'dingrobot', DINGTALK_OAPI_BASE: 'http://127.0.0.1:9/' });
    expect(c.wecom?.corpId).toBe('ww0123456789');
    expect(c.dingtalk).toMatchObject({ mode: 'stream', robotCode: 'dingrobot', oapiBase: 'http://127.0.0.1:9' });
  });

  it.each([
    [{ ...ding, DINGTALK_CLIENT_SECRET: '' }, /^DINGTALK_CLIENT_SECRET: is missing/],
    [{ ...ding, DINGTALK_MODE: 'websocket' }, /^DINGTALK_MODE: must be http/],
    [{ ...ding, DINGTALK_API_BASE: 'ftp://x' }, /^DINGTALK_API_BASE: must start with/],
    [{ REPORT_SECRET: 'r'.repeat(32), DINGTALK_ROBOT_CODE: 'x' }, /^DINGTALK_CLIENT_ID: is missing/],
  ])('%o fails with what to fix', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never quotes the secret', () => {
    expect(() => loadConfig({ ...ding, DINGTALK_CLIENT_ID: 'bad id!' })).toThrow(/^DINGTALK_CLIENT_ID/);
    try {
      loadConfig({ ...ding, DINGTALK_CLIENT_ID: 'bad id!' });
    } catch (e) {
      expect((e as Error).message).not.toContain('ding-secret');
    }
  });
});
