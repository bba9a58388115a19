/**
 * The Lua scripts of the Redis coordination engine. Each runs atomically on the server, which is what makes
 * compare-and-delete, compare-and-extend, stamp-fenced writes and the rate check safe between instances.
 * They touch exactly one key (KEYS[1]), so they also work unchanged on a Redis Cluster.
 */

const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

const EXTEND_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

// Value and stamp live in one hash, so they expire together: a stamp outlives its value by no time at all.
const CACHE_SET_LUA = `
local stored = redis.call('HGET', KEYS[1], 's')
if stored and tonumber(stored) > tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 's', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

// Sliding-window log. The server's clock (TIME) is the only clock, so instances with skewed clocks agree.
// A hit at time t counts while now < t + window; members are random so two hits in the same ms both count.
const RATE_TAKE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local retry = tonumber(oldest[2]) + window - now
if retry < 1 then retry = 1 end
if retry > window then retry = window end
return {0, retry}`;

/** How the engine calls them once registered with defineCommand (ioredis adds one method per script). */
export interface CoordScripts {
  coordRelease(key: string, token: string): Promise<number>;
  coordExtend(key: string, token: string, ttlMs: number): Promise<number>;
  coordCacheSet(key: string, value: string, stamp: string, ttlMs: number): Promise<number>;
  coordRateTake(key: string, limit: number, windowMs: number, member: string): Promise<[number, number]>;
}

export const REDIS_COORD_SCRIPTS: Record<keyof CoordScripts, { lua: string; numberOfKeys: number }> = {
  coordRelease: { lua: RELEASE_LUA, numberOfKeys: 1 },
  coordExtend: { lua: EXTEND_LUA, numberOfKeys: 1 },
  coordCacheSet: { lua: CACHE_SET_LUA, numberOfKeys: 1 },
  coordRateTake: { lua: RATE_TAKE_LUA, numberOfKeys: 1 },
};
