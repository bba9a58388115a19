/**
 * The bench's message driver counts what went wrong by kind, so that an error line says whether the server
 * answered 503, gave no reply, or the connection failed.
 */
import { addErrors, describeErrors, driveMessages, errorTotal, type MessageClient } from '../../../src/tools/bench/drive-messages';

describe('driveMessages', () => {
  it('counts the timed messages that went wrong by what went wrong; a failed post by its socket code', async () => {
    const client: MessageClient<number> = {
      build: (i) => i,
      post: async (i) => {
        if (i % 10 === 3) return 'HTTP 503';
        if (i % 25 === 7) throw new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }) });
        return true;
      },
    };
    const run = await driveMessages(client, 'test-user', { total: 100 });
    expect(run.errors).toEqual({ 'HTTP 503': 10, 'post failed: ECONNRESET': 4 });
    expect(errorTotal(run.errors)).toBe(14);
    expect(describeErrors(addErrors(run.errors, { undelivered: 2 }, { undelivered: 0 }))).toBe('16 (HTTP 503: 10, post failed: ECONNRESET: 4, undelivered: 2)');
    expect(describeErrors({ undelivered: 0 })).toBe('0');
  });
});
