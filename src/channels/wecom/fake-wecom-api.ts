/**
 * A built-in local stand-in for the WeCom API (gettoken, message/send, webhook/send, the AI bot's
 * response_url) for tests and demo
 * mode. It is strict where the real API is strict (access tokens, UTF-8 byte limits, the robot's 20 messages
 * a minute, touser lists of at most 1000 ids) so that code which passes against it does not fail in
 * production for those reasons; given its members (isMember) it answers ids it does not know as the real one
 * does (invaliduser, 81013 when none is known), and it honours enable_duplicate_check.
 * Plain node:http: it must not depend on the web framework the bot itself uses.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { utf8Bytes } from './split-by-bytes';

export interface FakeSentMessage {
  kind: 'app' | 'robot' | 'aibot';
  /**
   * For app messages the members it was delivered to, as touser writes them ("a|b"; those it did not know are
   * left out, as the real API leaves them out); the robot key for robot messages; the response_code for AI
   * bot answers.
   */
  to: string;
  msgtype: string;
  content: string;
  /** A group robot's text `mentioned_list` (the userids @-mentioned), when it has one. */
  mentioned?: string[];
  at: Date;
}

export interface FakeWecomApiOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  corpId: string;
  secret: string;
  /** When set, message/send rejects another agentid (40056). */
  agentId?: string | number;
  tokenTtlSec?: number;
  /** When set, only these robot keys exist (others get 93000); by default every non-empty key does. */
  robotKeys?: string[];
  /** Injected clock (ms) for token expiry and the robot's rolling minute. */
  now?: () => number;
  /**
   * When set, the app's members: message/send delivers to these only and names the others in `invaliduser`
   * (81013 when none is a member), as the real API does with ids outside the app's visible range. By default
   * every id is a member.
   */
  isMember?: (userId: string) => boolean;
  /** Members without a license for the app: named in `unlicenseduser`, not delivered to. */
  isUnlicensed?: (userId: string) => boolean;
}

type Endpoint = 'token' | 'app' | 'robot' | 'aibot';

/** One call to a send endpoint as it arrived, refused or not: what a rate limit must hold to. */
export interface FakeCall {
  endpoint: 'app' | 'robot' | 'aibot';
  /** The robot key (robot calls). */
  key?: string;
  at: Date;
  /** The errcode answered (0: accepted), or the HTTP status when it was not 200. */
  errcode?: number;
  httpStatus?: number;
}

export type FakeOutage = { errcode: number } | { httpStatus: number };

export interface FakeWecomApi {
  url: string;
  port: number;
  sent: FakeSentMessage[];
  /** How many times gettoken was called. */
  readonly tokenRequests: number;
  /** The next `times` calls to `endpoint` (default: either send endpoint) answer `errcode`, doing nothing. */
  failNext(errcode: number, times?: number, endpoint?: Endpoint): void;
  /** The next `times` calls answer this HTTP status with a non-JSON body, as a failing proxy would. */
  failNextHttp(status: number, times?: number): void;
  /** Every call to app/robot send endpoints, in order. */
  calls: FakeCall[];
  /** Until called again with null, every call to `endpoint` (default: both send endpoints) gets `failure`. */
  outage(failure: FakeOutage | null, endpoint?: 'app' | 'robot'): void;
  /** Every issued token becomes expired: the next call using one gets 42001. */
  invalidateTokens(): void;
  /** Emits 'message' with each accepted FakeSentMessage. */
  events: EventEmitter;
  onMessage(listener: (m: FakeSentMessage) => void): () => void;
  close(): Promise<void>;
}

const LIMITS: Record<Endpoint, Record<string, number>> = {
  token: {},
  app: { text: 2048, markdown: 2048 },
  robot: { text: 2048, markdown: 4096 },
  aibot: { markdown: 20480 },
};
const ROBOT_PER_MINUTE = 20;
/** message/send's touser takes at most this many ids ("a|b|c"). */
const TOUSER_MAX = 1000;
const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeWecomApi(opts: FakeWecomApiOptions): Promise<FakeWecomApi> {
  const now = opts.now ?? Date.now;
  const ttlMs = (opts.tokenTtlSec ?? 7200) * 1000;
  const tokens = new Map<string, number>(); // token -> expiry (ms)
  const usedResponseCodes = new Set<string>();
  const robotCalls = new Map<string, number[]>(); // key -> call times within the last minute
  const checked = new Map<string, number>(); // request JSON -> when it was accepted (duplicate check)
  const failures: Array<{ errcode: number; endpoint?: Endpoint }> = [];
  const httpFailures: number[] = [];
  const events = new EventEmitter();
  const sent: FakeSentMessage[] = [];
  const calls: FakeCall[] = [];
  let down: { failure: FakeOutage; endpoint?: 'app' | 'robot' } | null = null;
  let tokenRequests = 0;

  function checkToken(token: string | null): number {
    if (!token) return 41001; // access_token missing
    const expiry = tokens.get(token);
    if (expiry === undefined) return 40014; // invalid access_token
    return expiry <= now() ? 42001 : 0; // expired
  }

  function checkContent(endpoint: Endpoint, msg: Record<string, unknown>): number {
    const msgtype = msg['msgtype'];
    if (typeof msgtype !== 'string' || !(msgtype in LIMITS[endpoint])) return 40008; // invalid message type
    const content = (msg[msgtype] as { content?: unknown } | undefined)?.content;
    if (typeof content !== 'string' || content === '') return 44004; // empty content
    return utf8Bytes(content) > (LIMITS[endpoint][msgtype] ?? 0) ? 45002 : 0; // content size out of limit
  }

  function record(kind: FakeSentMessage['kind'], to: string, msg: Record<string, unknown>): void {
    const msgtype = msg['msgtype'] as string;
    const { content, mentioned_list: mentioned } = msg[msgtype] as { content: string; mentioned_list?: unknown };
    const m: FakeSentMessage = { kind, to, msgtype, content, ...(Array.isArray(mentioned) ? { mentioned: mentioned.map(String) } : {}), at: new Date(now()) };
    sent.push(m);
    events.emit('message', m);
  }

  function handle(endpoint: Endpoint, url: URL, body: string): Record<string, unknown> {
    // Without an endpoint, a failure is for the next message (app or robot), not for gettoken.
    const failure = failures.findIndex((f) => (f.endpoint === undefined ? endpoint !== 'token' : f.endpoint === endpoint));
    if (failure >= 0) return { errcode: failures.splice(failure, 1)[0]?.errcode, errmsg: 'injected failure' };

    if (endpoint === 'token') {
      tokenRequests++;
      if (url.searchParams.get('corpid') !== opts.corpId) return { errcode: 40013, errmsg: 'invalid corpid' };
      if (url.searchParams.get('corpsecret') !== opts.secret) return { errcode: 40001, errmsg: 'invalid credential' };
      const token = randomBytes(24).toString('hex');
      tokens.set(token, now() + ttlMs);
      return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: ttlMs / 1000 };
    }

    if (endpoint === 'robot') {
      const key = url.searchParams.get('key') ?? '';
      if (!key || (opts.robotKeys && !opts.robotKeys.includes(key))) return { errcode: 93000, errmsg: 'invalid webhook url' };
      // Every call counts, failed ones too, as on the real robot.
      const recent = (robotCalls.get(key) ?? []).filter((t) => t > now() - 60_000);
      recent.push(now());
      robotCalls.set(key, recent);
      if (recent.length > ROBOT_PER_MINUTE) return { errcode: 45009, errmsg: 'api freq out of limit' };
    } else if (endpoint !== 'aibot') {
      const tokenError = checkToken(url.searchParams.get('access_token'));
      if (tokenError) return { errcode: tokenError, errmsg: 'access_token invalid or expired' };
    }

    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(body) as Record<string, unknown>;
      if (typeof msg !== 'object' || msg === null) throw new Error('not an object');
    } catch {
      return { errcode: 47001, errmsg: 'data format error' };
    }
    const contentError = checkContent(endpoint, msg);
    if (contentError) return { errcode: contentError, errmsg: 'content invalid or size out of limit' };

    if (endpoint === 'aibot') {
      // A response_url takes one post: a second one is refused.
      const code = url.searchParams.get('response_code') ?? '';
      if (!code || usedResponseCodes.has(code)) return { errcode: 40078, errmsg: 'invalid response_code' };
      usedResponseCodes.add(code);
      record('aibot', code, msg);
      return { errcode: 0, errmsg: 'ok' };
    }
    if (endpoint === 'robot') {
      record('robot', url.searchParams.get('key') ?? '', msg);
      return { errcode: 0, errmsg: 'ok' };
    }
    if (opts.agentId !== undefined && String(msg['agentid']) !== String(opts.agentId)) {
      return { errcode: 40056, errmsg: 'invalid agentid' };
    }
    const touser = msg['touser'];
    if (typeof touser !== 'string' || touser === '') return { errcode: 40031, errmsg: 'invalid user list' };
    // enable_duplicate_check: the same request (its JSON) again within the interval is not delivered again.
    const dedupe = msg['enable_duplicate_check'] === 1;
    const seenAt = dedupe ? checked.get(body) : undefined;
    if (seenAt !== undefined && now() - seenAt < (Number(msg['duplicate_check_interval']) || 1800) * 1000) return { errcode: 0, errmsg: 'ok', invaliduser: '' };
    const ids = [...new Set(touser.split('|').filter(Boolean))];
    if (ids.length === 0 || ids.length > TOUSER_MAX) return { errcode: 40031, errmsg: `invalid user list (1 to ${TOUSER_MAX} ids)` };
    const invalid = ids.filter((id) => !(opts.isMember?.(id) ?? true));
    const unlicensed = ids.filter((id) => !invalid.includes(id) && (opts.isUnlicensed?.(id) ?? false));
    const delivered = ids.filter((id) => !invalid.includes(id) && !unlicensed.includes(id));
    if (delivered.length === 0 && unlicensed.length === 0) return { errcode: 81013, errmsg: 'user & party & tag all invalid' };
    if (delivered.length > 0) record('app', delivered.join('|'), msg);
    if (dedupe) checked.set(body, now());
    return { errcode: 0, errmsg: 'ok', invaliduser: invalid.join('|'), ...(unlicensed.length > 0 ? { unlicenseduser: unlicensed.join('|') } : {}) };
  }

  const routes: Record<string, { method: string; endpoint: Endpoint }> = {
    '/cgi-bin/gettoken': { method: 'GET', endpoint: 'token' },
    '/cgi-bin/message/send': { method: 'POST', endpoint: 'app' },
    '/cgi-bin/webhook/send': { method: 'POST', endpoint: 'robot' },
    '/cgi-bin/aibot/response': { method: 'POST', endpoint: 'aibot' },
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = await readBody(req);
      const route = routes[url.pathname];
      const httpFailure = httpFailures.shift();
      if (httpFailure !== undefined) {
        res.writeHead(httpFailure, { 'content-type': 'text/html' }).end('<html>injected failure</html>');
        return;
      }
      if (url.pathname === '/cgi-bin/media/get' && req.method === 'GET') {
        // Any media id is an image (a 1x1 PNG) while the token is good; ids starting "expired" are gone.
        const tokenError = checkToken(url.searchParams.get('access_token'));
        const mediaId = url.searchParams.get('media_id') ?? '';
        const errcode = tokenError || (mediaId === '' || mediaId.startsWith('expired') ? 40007 : 0);
        if (errcode) {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ errcode, errmsg: 'invalid media_id' }));
        } else {
          res.writeHead(200, { 'content-type': 'image/png' }).end(ONE_PIXEL_PNG);
        }
        return;
      }
      if (url.pathname === '/__demo/sent' && req.method === 'GET') {
        // The terminal chat (npm run chat) reads what the bot sent from here, by position in `sent`.
        const after = Math.max(0, Math.min(sent.length, Number(url.searchParams.get('after')) || 0));
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ next: sent.length, messages: sent.slice(after) }));
        return;
      }
      if (!route || route.method !== req.method) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const sendCall = route.endpoint === 'token' ? undefined : { endpoint: route.endpoint, at: new Date(now()), ...(route.endpoint === 'robot' ? { key: url.searchParams.get('key') ?? '' } : {}) };
      if (sendCall && down && (down.endpoint === undefined || down.endpoint === sendCall.endpoint)) {
        const failure = down.failure;
        calls.push({ ...sendCall, ...failure });
        if ('httpStatus' in failure) res.writeHead(failure.httpStatus, { 'content-type': 'text/html' }).end('<html>outage</html>');
        else res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ errcode: failure.errcode, errmsg: 'outage' }));
        return;
      }
      const answer = handle(route.endpoint, url, body);
      if (sendCall) calls.push({ ...sendCall, errcode: Number(answer['errcode']) });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    sent,
    get tokenRequests() {
      return tokenRequests;
    },
    failNext(errcode, times = 1, endpoint) {
      for (let i = 0; i < times; i++) failures.push({ errcode, endpoint });
    },
    calls,
    outage(failure, endpoint) {
      down = failure ? { failure, endpoint } : null;
    },
    failNextHttp(status, times = 1) {
      for (let i = 0; i < times; i++) httpFailures.push(status);
    },
    invalidateTokens() {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    events,
    onMessage(listener) {
      events.on('message', listener);
      return () => events.off('message', listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
