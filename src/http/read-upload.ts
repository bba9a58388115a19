import type Koa from 'koa';
import { BodyTooLarge, readBody } from './read-body';

/**
 * The file an admin import sends as its body, up to `limit` bytes. Answers the request itself (413 too
 * large, 400 unreadable) and returns undefined when it cannot be read.
 */
export async function readUpload(ctx: Koa.Context, limit: number): Promise<Buffer | undefined> {
  try {
    return await readBody(ctx.req, limit);
  } catch (e) {
    const tooLarge = e instanceof BodyTooLarge;
    ctx.status = tooLarge ? 413 : 400;
    ctx.body = { error: tooLarge ? `file over ${Math.floor(limit / 1048576)} MB: split it` : 'could not read the body' };
    return undefined;
  }
}

/** Runs one import at a time per router: a second one meanwhile gets 409 and a sentence. */
export function oneAtATime(what: string): (ctx: Koa.Context, work: () => Promise<void>) => Promise<void> {
  let busy = false;
  return async (ctx, work) => {
    if (busy) {
      ctx.status = 409;
      ctx.body = { error: `another ${what} import is running; try again when it is done` };
      return;
    }
    busy = true;
    try {
      await work();
    } finally {
      busy = false;
    }
  };
}
