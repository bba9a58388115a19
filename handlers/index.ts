/** Every conversation the bot has, in the order they are asked whether a message starts them. */
import type { Handler, JsonState } from '../src/core/handler';
import { helpHandler } from './help';

export const handlers: readonly Handler<JsonState>[] = [];

/** What answers a message no conversation claims. */
export const fallbackHandler: Handler<JsonState> = helpHandler as unknown as Handler<JsonState>;
