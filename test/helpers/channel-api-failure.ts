import { ChannelApiError } from '../../src/core/errors';

/** The ChannelApiError `p` rejects with; fails the test when it resolves or rejects with anything else. */
export async function channelApiFailure(p: Promise<unknown>): Promise<ChannelApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ChannelApiError) return e;
    throw e;
  }
  throw new Error('expected a ChannelApiError');
}
