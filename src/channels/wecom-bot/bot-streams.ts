/**
 * The AI bot's unfinished streams, kept in coordination so that whichever instance gets a refresh callback
 * answers it: a stream is opened when a turn outlasts the budget, filled by the first late reply sent to the
 * message's response_url handle, and finished on the refresh after that. The platform refreshes a stream for
 * at most 6 minutes after the message; past that a late reply goes to the response_url instead.
 */
import { createHash } from 'node:crypto';
import type { Coord } from '../../coord/coord';

/** How long a stream is refreshed (the platform stops at 6 minutes; the margin covers the refresh interval). */
export const STREAM_OPEN_MS = 5 * 60_000 + 30_000;

interface StreamState {
  startedAt: number;
  content?: string;
}

export interface BotStreams {
  /** The stream id of a message, from its response_url: the same on every instance and every retry. */
  idOf(handle: string): string;
  open(handle: string, now: Date): Promise<string>;
  /** Puts `content` in the stream of `handle` when it is open and still empty; false otherwise. */
  fill(handle: string, content: string, now: Date): Promise<boolean>;
  /** What a refresh answers: the content and finished, or not yet (still open and empty). */
  refresh(id: string, now: Date): Promise<{ finish: true; content: string } | { finish: false }>;
}

export function createBotStreams(coord: Coord): BotStreams {
  const key = (id: string) => `wecom-bot:stream:${id}`;
  const idOf = (handle: string) => createHash('sha256').update(handle).digest('hex').slice(0, 32);
  const ttl = STREAM_OPEN_MS + 60_000;

  async function read(id: string): Promise<StreamState | undefined> {
    const raw = await coord.cacheGet(key(id));
    return raw ? (JSON.parse(raw) as StreamState) : undefined;
  }

  return {
    idOf,
    async open(handle, now) {
      const id = idOf(handle);
      if (!(await read(id))) await coord.cacheSet(key(id), JSON.stringify({ startedAt: now.getTime() }), ttl);
      return id;
    },
    async fill(handle, content, now) {
      const id = idOf(handle);
      const state = await read(id);
      if (!state || state.content !== undefined || now.getTime() - state.startedAt > STREAM_OPEN_MS) return false;
      await coord.cacheSet(key(id), JSON.stringify({ ...state, content }), ttl);
      return true;
    },
    async refresh(id, now) {
      const state = await read(id);
      if (state?.content !== undefined) return { finish: true, content: state.content };
      // Unknown, or open past the platform's patience (a turn with no reply): finished empty.
      if (!state || now.getTime() - state.startedAt > STREAM_OPEN_MS) return { finish: true, content: '' };
      return { finish: false };
    },
  };
}
