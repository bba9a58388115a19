/** One import at a time: a second request while one runs gets 409 and a sentence; after it, imports run again. */
import type Koa from 'koa';
import { oneAtATime } from '../../src/http/read-upload';

const ctx = () => ({ status: 404, body: undefined as unknown }) as unknown as Koa.Context;

describe('oneAtATime', () => {
  it('refuses a second import while the first runs, and lets the next one in after', async () => {
    const exclusive = oneAtATime('list');
    let release!: () => void;
    const first = ctx();
    const running = exclusive(first, () => new Promise<void>((r) => (release = r)));
    const second = ctx();
    await exclusive(second, async () => {
      throw new Error('must not run');
    });
    expect(second.status).toBe(409);
    expect(second.body).toEqual({ error: 'another list import is running; try again when it is done' });
    release();
    await running;
    const third = ctx();
    await exclusive(third, async () => {
      third.status = 200;
    });
    expect(third.status).toBe(200);
  });

  it('lets the next import in after one that failed', async () => {
    const exclusive = oneAtATime('directory');
    await expect(exclusive(ctx(), () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    const next = ctx();
    await exclusive(next, async () => {
      next.status = 200;
    });
    expect(next.status).toBe(200);
  });
});
