/**
 * A built-in local stand-in for DingTalk's APIs (oauth2/accessToken, oToMessages/batchSend,
 * groupMessages/send, custom robots' robot/send, and sessionWebhooks) for tests and demo mode. Strict where
 * DingTalk is strict: access tokens, msgParam a JSON string, a custom robot's sign and its 20 a minute.
 * One server stands in for both api.dingtalk.com and oapi.dingtalk.com. Plain node:http.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CALLBACK_WINDOW_MS, dingtalkSign } from './dingtalk-sign';

export interface FakeDingtalkMessage {
  kind: 'user' | 'group' | 'robot' | 'session';
  /** The staff id, openConversationId, robot access token or session conversation. */
  to: string;
  msgtype: string;
  /** Text, or a markdown's text. */
  content: string;
  atUserIds: string[];
  at: Date;
}

export interface FakeDingtalkApiOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  clientId: string;
  clientSecret: string;
  /** Custom robots: access token -> signing secret. Others get 300001, unless `anySecret` is set. */
  robots?: Record<string, string>;
  /** Demo mode: any other token is a robot signing with this secret. */
  anySecret?: string;
  tokenTtlSec?: number;
  now?: () => number;
  /** False for a staff id the corp does not have: oToMessages names it in invalidStaffIdList. */
  isStaff?: (staffId: string) => boolean;
  /** True to hold a recipient back this time (flowControlledStaffIdList), as DingTalk's flow control does. */
  holdBack?: (staffId: string) => boolean;
}

/** oToMessages/batchSend takes 1 to 20 userIds. */
const BATCH_SEND_USERS = 20;

export interface FakeDingtalkApi {
  url: string;
  sent: FakeDingtalkMessage[];
  readonly tokenRequests: number;
  /** A sessionWebhook for a conversation, as DingTalk puts in a message (valid `ttlMs`, default 90 minutes). */
  sessionWebhook(conversationId: string, ttlMs?: number): { url: string; expiresAt: number };
  /** The next `times` calls to robot/send answer `errcode`. */
  failRobotNext(errcode: number, times?: number): void;
  onMessage(listener: (m: FakeDingtalkMessage) => void): () => void;
  close(): Promise<void>;
}

const ROBOT_PER_MINUTE = 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** msgKey + msgParam (a JSON string) -> the content, or null when malformed. */
function openApiContent(body: Record<string, unknown>): { msgtype: string; content: string } | null {
  if (typeof body['msgParam'] !== 'string') return null;
  let param: Record<string, unknown>;
  try {
    param = JSON.parse(body['msgParam']) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (body['msgKey'] === 'sampleText' && typeof param['content'] === 'string') return { msgtype: 'text', content: param['content'] };
  if (body['msgKey'] === 'sampleMarkdown' && typeof param['text'] === 'string') return { msgtype: 'markdown', content: param['text'] };
  return null;
}

function oapiContent(body: Record<string, unknown>): { msgtype: string; content: string; atUserIds: string[] } | null {
  const at = body['at'] as { atUserIds?: unknown } | undefined;
  const atUserIds = Array.isArray(at?.atUserIds) ? at.atUserIds.filter((x): x is string => typeof x === 'string') : [];
  const text = body['text'] as { content?: unknown } | undefined;
  const md = body['markdown'] as { text?: unknown } | undefined;
  if (body['msgtype'] === 'text' && typeof text?.content === 'string') return { msgtype: 'text', content: text.content, atUserIds };
  if (body['msgtype'] === 'markdown' && typeof md?.text === 'string') return { msgtype: 'markdown', content: md.text, atUserIds };
  return null;
}

export async function startFakeDingtalkApi(opts: FakeDingtalkApiOptions): Promise<FakeDingtalkApi> {
  const now = opts.now ?? Date.now;
  const tokens = new Map<string, number>();
  const sessions = new Map<string, { conversationId: string; expiresAt: number }>();
  const robotCalls = new Map<string, number[]>();
  const listeners = new Set<(m: FakeDingtalkMessage) => void>();
  const sent: FakeDingtalkMessage[] = [];
  let tokenRequests = 0;
  let robotFailures: { errcode: number; times: number } | null = null;

  function record(m: Omit<FakeDingtalkMessage, 'at'>): void {
    const msg = { ...m, at: new Date(now()) };
    sent.push(msg);
    for (const l of listeners) l(msg);
  }

  function tokenOk(req: IncomingMessage): boolean {
    const t = req.headers['x-acs-dingtalk-access-token'];
    const exp = typeof t === 'string' ? tokens.get(t) : undefined;
    return exp !== undefined && exp > now();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://fake');
    // For the chat client: what was sent since `after`, and a sessionWebhook for a group it speaks in.
    if (req.method === 'GET' && u.pathname === '/__demo/sent') {
      const after = Number(u.searchParams.get('after')) || 0;
      return answer(res, 200, { next: sent.length, messages: sent.slice(after) });
    }
    if (req.method === 'GET' && u.pathname === '/__demo/session') return answer(res, 200, mintSession(u.searchParams.get('conversation') ?? ''));
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      return answer(res, 400, { code: 'InvalidParameter', message: 'body is not JSON' });
    }
    if (u.pathname === '/v1.0/oauth2/accessToken') {
      tokenRequests++;
      if (body['appKey'] !== opts.clientId || body['appSecret'] !== opts.clientSecret) return answer(res, 400, { code: 'invalidClientIdOrSecret', message: 'invalid clientId or clientSecret' });
      const token = randomBytes(16).toString('hex');
      const ttl = opts.tokenTtlSec ?? 7200;
      tokens.set(token, now() + ttl * 1000);
      return answer(res, 200, { accessToken: token, expireIn: ttl });
    }
    if (u.pathname === '/v1.0/robot/oToMessages/batchSend' || u.pathname === '/v1.0/robot/groupMessages/send') {
      if (!tokenOk(req)) return answer(res, 401, { code: 'InvalidAuthentication', message: 'invalid access token' });
      const content = openApiContent(body);
      if (!content || body['robotCode'] !== opts.clientId) return answer(res, 400, { code: 'InvalidParameter', message: 'msgKey, msgParam or robotCode' });
      if (u.pathname.includes('oToMessages')) {
        const ids = Array.isArray(body['userIds']) ? body['userIds'].filter((x): x is string => typeof x === 'string') : [];
        if (ids.length === 0 || ids.length > BATCH_SEND_USERS) return answer(res, 400, { code: 'InvalidParameter', message: `userIds: 1 to ${BATCH_SEND_USERS}` });
        const invalid = ids.filter((id) => opts.isStaff?.(id) === false);
        const held = ids.filter((id) => !invalid.includes(id) && opts.holdBack?.(id) === true);
        for (const id of ids) if (!invalid.includes(id) && !held.includes(id)) record({ kind: 'user', to: id, ...content, atUserIds: [] });
        return answer(res, 200, { processQueryKey: randomBytes(8).toString('hex'), invalidStaffIdList: invalid, flowControlledStaffIdList: held });
      }
      if (typeof body['openConversationId'] !== 'string') return answer(res, 400, { code: 'InvalidParameter', message: 'openConversationId' });
      record({ kind: 'group', to: body['openConversationId'], ...content, atUserIds: [] });
      return answer(res, 200, { processQueryKey: randomBytes(8).toString('hex') });
    }
    if (u.pathname === '/robot/send') {
      const token = u.searchParams.get('access_token') ?? '';
      const secret = opts.robots?.[token] ?? (token ? opts.anySecret : undefined);
      if (secret === undefined) return answer(res, 200, { errcode: 300001, errmsg: 'token is not exist' });
      const ts = u.searchParams.get('timestamp') ?? '';
      if (Math.abs(now() - Number(ts)) > CALLBACK_WINDOW_MS || u.searchParams.get('sign') !== dingtalkSign(secret, ts)) {
        return answer(res, 200, { errcode: 310000, errmsg: 'sign not match' });
      }
      const minute = (robotCalls.get(token) ?? []).filter((t) => t > now() - 60_000);
      minute.push(now());
      robotCalls.set(token, minute);
      if (robotFailures && robotFailures.times-- > 0) return answer(res, 200, { errcode: robotFailures.errcode, errmsg: 'injected' });
      if (minute.length > ROBOT_PER_MINUTE) return answer(res, 200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
      const content = oapiContent(body);
      if (!content) return answer(res, 200, { errcode: 40035, errmsg: 'missing parameter json' });
      record({ kind: 'robot', to: token, ...content });
      return answer(res, 200, { errcode: 0, errmsg: 'ok' });
    }
    if (u.pathname === '/robot/sendBySession') {
      const s = sessions.get(u.searchParams.get('session') ?? '');
      if (!s || s.expiresAt <= now()) return answer(res, 200, { errcode: 300001, errmsg: 'session expired' });
      const content = oapiContent(body);
      if (!content) return answer(res, 200, { errcode: 40035, errmsg: 'missing parameter json' });
      record({ kind: 'session', to: s.conversationId, ...content });
      return answer(res, 200, { errcode: 0, errmsg: 'ok' });
    }
    return answer(res, 404, { code: 'NotFound', message: u.pathname });
  }

  function mintSession(conversationId: string, ttlMs = 90 * 60_000): { url: string; expiresAt: number } {
    const session = randomBytes(12).toString('hex');
    const expiresAt = now() + ttlMs;
    sessions.set(session, { conversationId, expiresAt });
    return { url: `${url}/robot/sendBySession?session=${session}`, expiresAt };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => answer(res, 500, { code: 'InternalError' }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    sent,
    get tokenRequests() {
      return tokenRequests;
    },
    sessionWebhook: (conversationId, ttlMs) => mintSession(conversationId, ttlMs),
    failRobotNext(errcode, times = 1) {
      robotFailures = { errcode, times };
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
