/**
 * `fetch` for the platforms' APIs, over node:http(s) with one keep-alive agent per scheme: undici's fetch
 * spent several times the CPU of node:http per small request (under DingTalk's load its calls were a tenth of
 * the app's CPU; the bench's client had been held to its speed the same way). The channel clients take any
 * `fetch` (tests give their own); this is what they use by default, and the platform peers of the tools too.
 *
 * What the clients use of fetch: a method, headers, a string or bytes body and a signal, the answer as a
 * Response. Redirects are never followed (a platform API does not redirect, and following one would leave its
 * origin): with `redirect: 'error'` a 3xx rejects as fetch would, otherwise the 3xx is the answer. A network
 * failure rejects as fetch's does, a TypeError('fetch failed') whose cause is the socket's error (its `code`);
 * an aborted signal rejects with the signal's reason (a TimeoutError for AbortSignal.timeout).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 256 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }) };

/** Statuses whose Response may have no body. */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

function bodyBytes(body: RequestInit['body']): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('httpFetch sends a string or bytes body only');
}

function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

export const httpFetch: typeof fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(signal.reason);
    const secure = url.startsWith('https:');
    if (!secure && !url.startsWith('http:')) return reject(new TypeError(`fetch failed: not an http(s) URL`));
    let body: string | Buffer | undefined;
    try {
      body = bodyBytes(init.body);
    } catch (e) {
      return reject(e);
    }
    const headers: Record<string, string> = Object.fromEntries(new Headers(init.headers).entries());
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const onAbort = (): void => {
      req.destroy(signal!.reason as Error);
    };
    const send = secure ? httpsRequest : httpRequest;
    const req = send(url, { method: init.method ?? 'GET', agent: secure ? agents.https : agents.http, headers }, (res) => {
      const status = res.statusCode ?? 0;
      if (init.redirect === 'error' && status >= 300 && status < 400) {
        res.resume();
        signal?.removeEventListener('abort', onAbort);
        reject(new TypeError('fetch failed: redirect'));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        try {
          resolve(new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: headersOf(res) }));
        } catch (err) {
          reject(new TypeError('fetch failed', { cause: err })); // a status a Response cannot carry
        }
      });
      res.on('error', (err) => reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err })));
    });
    req.on('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err }));
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end(body);
  });
