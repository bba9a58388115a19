/**
 * One table of bad requests, run over HTTP against every inbound channel (test/helpers/inbound-peers): each
 * gets a 4xx with no detail, or an empty 200 where the platform would otherwise deliver it again, and never a
 * reply; a replayed or duplicated message is answered once. A channel adds its peer in
 * test/helpers/inbound-peers, and its rows where its platform answers otherwise (`statuses`).
 */
import { CHANNEL_IDS } from '../../src/core/channels';
import { INBOUND_PEERS, type NegativeCasePeer, type PeerRequest } from '../helpers/inbound-peers';
import { removeDir, startTestApp, type TestApp } from '../helpers/start-test-app';

const COMMON = { badSignature: 401, stale: 401, malformed: 400, unknownType: 200, foreign: 400, oversized: 413 } as const;
const HOURS = 3_600_000;

let seq = 0;
const msgId = () => `77${Date.now() % 1e9}${++seq}`.slice(0, 19);

async function send(t: TestApp, r: PeerRequest): Promise<{ status: number; body: string }> {
  const qs = r.query ? `?${new URLSearchParams(r.query)}` : '';
  const res = await fetch(`${t.app.url}${r.path}${qs}`, { method: 'POST', headers: r.headers, body: r.body });
  return { status: res.status, body: await res.text() };
}

describe('the negative-case table', () => {
  it('runs against registered channels, each once', () => {
    const ids = INBOUND_PEERS.map((p) => p.channel);
    for (const id of ids) expect(CHANNEL_IDS).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe.each(INBOUND_PEERS.map((p) => [p.channel, p] as const))('bad requests to %s', (_id, peer: NegativeCasePeer) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
    removeDir(t.dataDir);
  });
  const expected = (row: keyof typeof COMMON) => peer.statuses?.[row] ?? COMMON[row];
  const sentSoFar = () => peer.sentTo?.(t.app, 'demo-teacher') ?? 0;
  /**
   * Whether the bot answered: in the HTTP answer, or (a channel that answers through its API) with one more
   * message to the person, which comes through the outbox, so it is waited for a while.
   */
  async function answered(res: { status: number; body: string }, before: number): Promise<boolean> {
    if (peer.replied(res.status, res.body)) return true;
    if (!peer.sentTo) return false;
    for (let i = 0; i < 60 && sentSoFar() === before; i++) await new Promise((r) => setTimeout(r, 25));
    return sentSoFar() > before;
  }
  const now = () => new Date();

  it.each([
    ['badSignature', () => peer.badSignature('demo-teacher', '帮助', msgId(), now())],
    ['stale', () => peer.stale('demo-teacher', '帮助', msgId(), new Date(now().getTime() - 3 * HOURS))],
    ['malformed', () => peer.malformed(now())],
    ['unknownType', () => peer.unknownType('demo-teacher', msgId(), now())],
    ['foreign', () => peer.foreign('demo-teacher', '帮助', msgId(), now())],
    ['oversized', () => ({ ...peer.valid('demo-teacher', '帮助', msgId(), now()), body: 'x'.repeat(65 * 1024) })],
  ] as const)('%s: no reply, the status of the table, no detail', async (row, build) => {
    const before = sentSoFar();
    const res = await send(t, build());
    expect(res.status).toBe(expected(row));
    expect(await answered(res, before)).toBe(false);
    if (res.status >= 400) expect(res.body.length).toBeLessThan(40);
  });

  /** Sends and tells whether the bot answered it. */
  async function sendAndSee(r: PeerRequest): Promise<[number, boolean]> {
    const before = sentSoFar();
    const res = await send(t, r);
    return [res.status, await answered(res, before)];
  }

  it('replayed: the very same request twice is answered once', async () => {
    const r = peer.valid('demo-teacher', '帮助', msgId(), now());
    expect(await sendAndSee(r)).toEqual([200, true]);
    expect(await sendAndSee(r)).toEqual([200, false]);
  });

  it('duplicate: the same message in a new envelope is answered once', async () => {
    const id = msgId();
    expect(await sendAndSee(peer.valid('demo-teacher', '帮助', id, now()))).toEqual([200, true]);
    expect(await sendAndSee(peer.valid('demo-teacher', '帮助', id, new Date(now().getTime() + 1000)))).toEqual([200, false]);
  });
});
