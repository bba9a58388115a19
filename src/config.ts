/**
 * Every environment variable, parsed and validated once at start. A wrong value stops the process with one
 * line naming the variable and what to fix. An empty string counts as unset.
 */
import { mongo } from 'mongoose';
import { AppError } from './core/errors';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface WecomConfig {
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  aesKey: string;
  apiBase: string;
}

export type DingtalkMode = 'http' | 'stream';

export interface DingtalkConfig {
  clientId: string;
  /** The app secret: the callback's HMAC key and the OpenAPI credential. Never logged. */
  clientSecret: string;
  robotCode: string;
  mode: DingtalkMode;
  apiBase: string;
  /** sessionWebhooks are posted to only on this origin; custom group robots are at `${oapiBase}/robot/send`. */
  oapiBase: string;
  /** When set, a message of another corp (chatbotCorpId) is refused. */
  corpId?: string;
  /** Demo mode: the app serves its own stand-in for the DingTalk APIs, unless DINGTALK_API_BASE names another. */
  demoStandIn?: boolean;
}

/** The WeCom AI bot (智能机器人, API mode): its callback's Token and EncodingAESKey (receive id ""). */
export interface WecomBotConfig {
  token: string;
  aesKey: string;
  /** WECOM_API_BASE: a message's response_url is posted to only on this origin. */
  apiBase: string;
  /**
   * WECOM_BOT_MEDIA_ORIGINS: the origins (https) besides WECOM_API_BASE's that an image of a 1:1 chat may be
   * fetched from; WeCom serves the AI bot's images from hosts of its own, which the operator lists here.
   */
  mediaOrigins: string[];
}

export interface Config {
  port: number;
  dataDir: string;
  mongodbUri?: string;
  redisUrl?: string;
  /** Put before every Redis key: deployments (or bench runs) sharing one Redis keep apart. */
  redisKeyPrefix: string;
  /**
   * Demo mode: no WeCom and no DingTalk variables were given; every channel with demo credentials and local
   * stand-ins for both platforms' APIs.
   */
  demo: boolean;
  /** The WeCom app; unset when only DingTalk is configured. */
  wecom?: WecomConfig;
  /** The DingTalk robot; unset when only WeCom is configured. */
  dingtalk?: DingtalkConfig;
  /** The WeCom AI bot; unset when WECOM_BOT_TOKEN and WECOM_BOT_AES_KEY are not given (demo mode sets it). */
  wecomBot?: WecomBotConfig;
  adminToken?: string;
  logLevel: LogLevel;
  scheduleTz: string;
  /** How long the dispatcher may work before answering an empty 200 and replying through the outbox. */
  replyBudgetMs: number;
  /** Keys the reporter hashes, receipt hashes and the anonymous notify addresses. Never stored, never logged. */
  reportSecret: string;
  /** The directory file (YAML) loaded at start; demo mode loads templates/demo/directory.yaml. */
  directoryFile?: string;
  /** Region code of case numbers (e.g. NX). */
  region: string;
  /** A draft left this long is idle; it is kept 7 more days for 继续. */
  conversationIdleMs: number;
  /** An anonymous report from a school with fewer people in the directory shows only its county by default. */
  anonymityMinTeachers: number;
  /** The alert deadlines in working days and the escalation job's interval (defaults 2, 15, 30 minutes). */
  alerts: { claimDays: number; resolveDays: number; escalationEveryMinutes: number };
  /** How long after its first failed attempt an outbox message is still retried (transient failures). */
  outboxRetryMs: number;
  /** Where people reach this server (the dashboard's login links); unset: the address it listens on. */
  publicUrl?: string;
}

/** The demo app's credentials: public, for local chat only (the same shape as real ones). */
export const DEMO_WECOM = {
  corpId: 'wwdemo0000000001',
  agentId: '1000002',
  secret: 'demo-secret-not-for-production',
  token: 'demotoken',
  aesKey: 'ZGVtb2RlbW9kZW1vZGVtb2RlbW9kZW1vZGVtb2RlbW8',
} as const;

/** The demo DingTalk app's credentials: public, for local chat only. */
export const DEMO_DINGTALK = {
  clientId: 'dingdemo0000000001',
  clientSecret: 'demo-dingtalk-secret-not-for-production',
  robotCode: 'dingdemo0000000001',
  corpId: 'dingdemocorp',
  /** The signing secret of every custom group robot of the demo directory. */
  robotSecret: 'SECdemo0000000000000000000000000000000000',
} as const;

/** The demo AI bot's callback credentials: public, for local chat only. */
export const DEMO_WECOM_BOT = {
  token: 'demobottoken',
  aesKey: 'ZGVtb2JvdGRlbW9ib3RkZW1vYm90ZGVtb2JvdGRlbW8',
} as const;

/** Demo mode's report secret: public, so demo data is not private. Production must set REPORT_SECRET. */
export const DEMO_REPORT_SECRET = 'demo-report-secret-0123456789abcdef-not-private';

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const WECOM_VARS = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY'] as const;
const DINGTALK_VARS = ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET'] as const;
const WECOM_BOT_VARS = ['WECOM_BOT_TOKEN', 'WECOM_BOT_AES_KEY'] as const;

function fail(name: string, problem: string): never {
  throw new AppError('config_invalid', `${name}: ${problem}`);
}

function read(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return dflt;
  if (!/^\d+$/.test(raw)) fail(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) fail(name, `must be from ${min} to ${max}, got ${n}`);
  return n;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return fail(name, `is not a URL (expected ${protocols.join(' or ')}//host...)`);
  }
  if (!protocols.includes(parsed.protocol)) fail(name, `must start with ${protocols.join(' or ')}//`);
  return raw;
}

/** Letters, digits and `_.-:`, ending in `:` as Redis key names are read (coord:rate:…). */
function redisKeyPrefix(env: Env): string {
  const raw = read(env, 'REDIS_KEY_PREFIX') ?? 'coord:';
  if (!/^[A-Za-z0-9_.:-]{1,63}:$/.test(raw)) fail('REDIS_KEY_PREFIX', 'must be 2 to 64 letters, digits or _.-: ending in ":" (e.g. jianfu-nx:)');
  return raw;
}

/**
 * A MongoDB connection string, judged by the driver's own parser (several hosts, replicaSet, mongodb+srv and
 * every option it knows), which a WHATWG URL cannot read. Nothing connects here. The password never appears
 * in the message, even where the driver quotes the string.
 */
function mongoUri(env: Env, name: string): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  if (!/^mongodb(\+srv)?:\/\//.test(raw)) fail(name, 'must start with mongodb:// or mongodb+srv://');
  try {
    new mongo.MongoClient(raw);
  } catch (e) {
    // The user info is what comes before the last @ of the authority (a password may hold an unescaped @).
    const authority = raw.replace(/^mongodb(\+srv)?:\/\//, '').split('/')[0]!;
    const userInfo = authority.slice(0, Math.max(authority.lastIndexOf('@'), 0));
    const password = userInfo.includes(':') ? userInfo.slice(userInfo.indexOf(':') + 1) : undefined;
    let problem = (e as Error).message;
    for (const secret of password ? [password, safeDecode(password)] : []) if (secret) problem = problem.split(secret).join('***');
    fail(name, `${problem}: expected mongodb://[user:password@]host1[:port1][,host2[:port2]...]/database[?replicaSet=name&option=value], ` +
      'or mongodb+srv://[user:password@]cluster.example.net/database (percent-encode @ : / in the password)');
  }
  return raw;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function timeZone(env: Env, name: string, dflt: string): string {
  const tz = read(env, name) ?? dflt;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    fail(name, `"${tz}" is not an IANA time zone (for example Asia/Shanghai)`);
  }
  return tz;
}

function base(env: Env, name: string, dflt: string): string {
  return (url(env, name, ['https:', 'http:']) ?? dflt).replace(/\/+$/, '');
}

/** All of `names` or none: a channel is configured whole or not at all. */
function allOrNone(env: Env, names: readonly string[], demoHint: string): boolean {
  const given = names.filter((n) => read(env, n) !== undefined);
  if (given.length === 0) return false;
  const missing = names.filter((n) => read(env, n) === undefined);
  if (missing.length > 0) fail(missing[0]!, `is missing: set all of ${names.join(', ')}, or none ${demoHint}`);
  return true;
}

function wecom(env: Env, demo: boolean): WecomConfig | undefined {
  const apiBase = base(env, 'WECOM_API_BASE', 'https://qyapi.weixin.qq.com');
  if (demo) return { ...DEMO_WECOM, apiBase };
  if (!allOrNone(env, WECOM_VARS, '(WeCom off)')) return undefined;
  const aesKey = read(env, 'WECOM_AES_KEY')!;
  if (!/^[A-Za-z0-9+/]{43}$/.test(aesKey)) fail('WECOM_AES_KEY', 'must be the 43-character EncodingAESKey from the WeCom admin console');
  const agentId = read(env, 'WECOM_AGENT_ID')!;
  if (!/^\d+$/.test(agentId)) fail('WECOM_AGENT_ID', 'must be the numeric AgentId of the app');
  return { corpId: read(env, 'WECOM_CORP_ID')!, agentId, secret: read(env, 'WECOM_SECRET')!, token: read(env, 'WECOM_TOKEN')!, aesKey, apiBase };
}

function dingtalk(env: Env, demo: boolean): DingtalkConfig | undefined {
  const mode = (read(env, 'DINGTALK_MODE') ?? 'http') as DingtalkMode;
  if (mode !== 'http' && mode !== 'stream') fail('DINGTALK_MODE', 'must be http (the robot posts to /dingtalk/callback) or stream (an outbound connection)');
  const apiBase = base(env, 'DINGTALK_API_BASE', 'https://api.dingtalk.com');
  const oapiBase = base(env, 'DINGTALK_OAPI_BASE', 'https://oapi.dingtalk.com');
  if (demo) {
    // One stand-in serves both origins: one given in DINGTALK_API_BASE (the bench's, in a process of its own) or the app's own.
    const given = read(env, 'DINGTALK_API_BASE') !== undefined;
    const demoApis = { apiBase, oapiBase: given && read(env, 'DINGTALK_OAPI_BASE') === undefined ? apiBase : oapiBase, demoStandIn: !given };
    return { clientId: DEMO_DINGTALK.clientId, clientSecret: DEMO_DINGTALK.clientSecret, robotCode: DEMO_DINGTALK.robotCode, corpId: DEMO_DINGTALK.corpId, mode: 'http', ...demoApis };
  }
  if (!allOrNone(env, DINGTALK_VARS, '(DingTalk off)')) {
    if (read(env, 'DINGTALK_ROBOT_CODE') !== undefined) fail('DINGTALK_CLIENT_ID', 'is missing: DINGTALK_ROBOT_CODE is set, so set DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET too');
    return undefined;
  }
  const clientId = read(env, 'DINGTALK_CLIENT_ID')!;
  if (!/^[A-Za-z0-9_-]{4,64}$/.test(clientId)) fail('DINGTALK_CLIENT_ID', 'must be the app\'s Client ID (AppKey) from the DingTalk developer console');
  const robotCode = read(env, 'DINGTALK_ROBOT_CODE') ?? clientId;
  const corpId = read(env, 'DINGTALK_CORP_ID');
  return { clientId, clientSecret: read(env, 'DINGTALK_CLIENT_SECRET')!, robotCode, mode, apiBase, oapiBase, ...(corpId && { corpId }) };
}

function channels(env: Env): { demo: boolean; wecom?: WecomConfig; dingtalk?: DingtalkConfig } {
  const demo = [...WECOM_VARS, ...DINGTALK_VARS, 'DINGTALK_ROBOT_CODE'].every((n) => read(env, n) === undefined);
  const w = wecom(env, demo);
  const d = dingtalk(env, demo);
  return { demo, ...(w && { wecom: w }), ...(d && { dingtalk: d }) };
}

/** The AI bot: both of its variables or neither; it shares the app's corp, so demo mode gives it demo ones. */
function wecomBot(env: Env, demo: boolean, apiBase: string | undefined): WecomBotConfig | undefined {
  const given = WECOM_BOT_VARS.filter((n) => read(env, n) !== undefined);
  if (given.length === 0) return demo && apiBase !== undefined ? { ...DEMO_WECOM_BOT, apiBase, mediaOrigins: [] } : undefined;
  const missing = WECOM_BOT_VARS.filter((n) => read(env, n) === undefined);
  if (missing.length > 0) fail(missing[0]!, `is missing: set both of ${WECOM_BOT_VARS.join(', ')}, or neither (no AI bot)`);
  if (demo || apiBase === undefined) fail('WECOM_CORP_ID', 'is missing: the AI bot belongs to the WeCom app\'s corp, so set the WeCom app variables too');
  const aesKey = read(env, 'WECOM_BOT_AES_KEY')!;
  if (!/^[A-Za-z0-9+/]{43}$/.test(aesKey)) fail('WECOM_BOT_AES_KEY', 'must be the 43-character EncodingAESKey of the AI bot (API mode)');
  return { token: read(env, 'WECOM_BOT_TOKEN')!, aesKey, apiBase, mediaOrigins: origins(env, 'WECOM_BOT_MEDIA_ORIGINS') };
}

/** A comma-separated list of https origins (scheme, host and port only), each written as its own origin. */
function origins(env: Env, name: string): string[] {
  const raw = read(env, name);
  if (raw === undefined) return [];
  return raw.split(',').map((item) => item.trim()).filter((item) => item !== '').map((item) => {
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.origin !== item.replace(/\/$/, '')) {
      fail(name, `must list origins such as https://img.example.com (https, no path), comma-separated; got ${JSON.stringify(item)}`);
    }
    return url.origin;
  });
}

/** Minutes that divide an hour, so the job runs at the same minutes every hour. */
function everyMinutes(env: Env, name: string, dflt: number): number {
  const v = int(env, name, dflt, 1, 60);
  if (60 % v !== 0) fail(name, 'must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60)');
  return v;
}

/** The address people reach the server at: the dashboard's links are built on it, so no query or fragment. */
function publicUrl(env: Env): string | undefined {
  const raw = url(env, 'PUBLIC_URL', ['https:', 'http:']);
  if (raw === undefined) return undefined;
  const u = new URL(raw);
  if (u.search || u.hash) fail('PUBLIC_URL', 'must be the address only, without ?query or #fragment (for example https://jianfu.example.cn)');
  return raw.replace(/\/+$/, '');
}

export function loadConfig(env: Env = process.env): Config {
  const logLevel = (read(env, 'LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const adminToken = read(env, 'ADMIN_TOKEN');
  const channel = channels(env);
  const reportSecret = read(env, 'REPORT_SECRET') ?? (channel.demo ? DEMO_REPORT_SECRET : undefined);
  if (reportSecret === undefined) fail('REPORT_SECRET', 'is missing: set a random string of at least 32 characters (it protects anonymous reporters)');
  if (reportSecret.length < 32) fail('REPORT_SECRET', 'must be at least 32 characters');
  const region = read(env, 'REGION') ?? 'NX';
  if (!/^[A-Z]{2,6}$/.test(region)) fail('REGION', 'must be 2 to 6 capital letters, the region code of case numbers (e.g. NX)');
  if (adminToken !== undefined && adminToken.length < 16) fail('ADMIN_TOKEN', 'must be at least 16 characters');
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    dataDir: read(env, 'DATA_DIR') ?? './data',
    mongodbUri: mongoUri(env, 'MONGODB_URI'),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: redisKeyPrefix(env),
    ...channel,
    wecomBot: wecomBot(env, channel.demo, channel.wecom?.apiBase),
    adminToken,
    logLevel,
    scheduleTz: timeZone(env, 'TZ_SCHEDULE', 'Asia/Shanghai'),
    replyBudgetMs: int(env, 'REPLY_BUDGET_MS', 3000, 100, 4500),
    reportSecret,
    directoryFile: read(env, 'DIRECTORY'),
    region,
    conversationIdleMs: int(env, 'CONVERSATION_IDLE_HOURS', 24, 1, 24 * 7) * 3600 * 1000,
    anonymityMinTeachers: int(env, 'ANONYMITY_MIN_TEACHERS', 20, 0, 100_000),
    alerts: {
      claimDays: int(env, 'ALERT_CLAIM_DAYS', 2, 1, 60),
      resolveDays: int(env, 'ALERT_RESOLVE_DAYS', 15, 1, 365),
      escalationEveryMinutes: everyMinutes(env, 'ESCALATION_EVERY_MINUTES', 30),
    },
    outboxRetryMs: int(env, 'OUTBOX_RETRY_HOURS', 48, 1, 24 * 30) * 3600 * 1000,
    publicUrl: publicUrl(env),
  };
}
