/**
 * httpFetch stands in for fetch in every platform client: what they rely on of fetch must hold (the request
 * as sent, the answer as a Response, network failures and timeouts as fetch reports them), and a redirect is
 * never followed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpFetch } from '../../src/channels/http-fetch';
import { networkReason } from '../../src/channels/wecom/call-wecom-api';

let server: Server;
let base: string;
const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = [];
let handler: (req: IncomingMessage, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('httpFetch', () => {
  it('sends the method, headers and body, and answers with a Response of the status, headers and body', async () => {
    handler = (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-trace': 'a' });
      res.end(JSON.stringify({ errcode: 0, text: '好' }));
    };
    const res = await httpFetch(`${base}/cgi-bin/message/send?access_token=t`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ text: '您好' }) });
    expect({ status: res.status, type: res.headers.get('content-type'), trace: res.headers.get('x-trace'), json: await res.json() }).toEqual({ status: 201, type: 'application/json', trace: 'a', json: { errcode: 0, text: '好' } });
    expect(seen).toEqual([expect.objectContaining({ method: 'POST', url: '/cgi-bin/message/send?access_token=t', body: '{"text":"您好"}' })]);
    expect(seen[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(seen[0]!.headers['content-length']).toBe(String(Buffer.byteLength('{"text":"您好"}')));
  });

  it('GETs by default and reads bytes; a 204 has an empty body', async () => {
    handler = (req, res) => {
      if (req.url === '/empty') {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([1, 2, 3]));
    };
    const image = await httpFetch(`${base}/media`);
    expect([seen[0]!.method, [...new Uint8Array(await image.arrayBuffer())]]).toEqual(['GET', [1, 2, 3]]);
    const empty = await httpFetch(`${base}/empty`, { method: 'POST', body: '' });
    expect([empty.status, await empty.text()]).toEqual([204, '']);
  });

  it('never follows a redirect: rejects with redirect "error", else answers with the 3xx', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' });
      res.end();
    };
    expect(await rejection(httpFetch(`${base}/media`, { redirect: 'error' }))).toBeInstanceOf(TypeError);
    const res = await httpFetch(`${base}/media`);
    expect([res.status, res.headers.get('location')]).toEqual([302, 'http://169.254.169.254/latest/meta-data']);
    expect(seen).toHaveLength(2); // one request each, nothing fetched from the location
  });

  it('reports a refused connection and a timeout as fetch does, so the clients name them alike', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await rejection(httpFetch(`http://127.0.0.1:${port}/x`, { method: 'POST', body: '{}' }));
    expect([refused instanceof TypeError, networkReason(refused)]).toEqual([true, 'ECONNREFUSED']);

    handler = () => undefined; // never answers
    const late = await rejection(httpFetch(`${base}/slow`, { signal: AbortSignal.timeout(50) }));
    expect(networkReason(late)).toBe('timeout');
  });
});
