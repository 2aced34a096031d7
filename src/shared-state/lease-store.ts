import { randomUUID } from 'node:crypto';
import type { SharedState } from './shared-state.ts';

/** Redis time in ms inside a script: one clock for every replica. */
const NOW = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`;
/** KEYS: leases, pause. ARGV: limit, leaseMs, id. → {1, 0} granted; {0, ms} paused for ms; {0, 0} full. */
const ACQUIRE = `${NOW}
local pause = tonumber(redis.call('GET', KEYS[2]) or '0')
if pause > now then return {0, pause - now} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], 2 * tonumber(ARGV[2]))
  return {1, 0}
end
return {0, 0}`;
/** KEYS: leases. ARGV: leaseMs, ids… Extends only leases not yet expired: an expired one (its holder stalled) is not revived. */
const RENEW = `${NOW}
for i = 2, #ARGV do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) > now then redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
end
redis.call('PEXPIRE', KEYS[1], 2 * tonumber(ARGV[1]))
return 1`;
/** KEYS: pause. ARGV: ms. The pause only ever moves later. */
const PAUSE = `${NOW}
local untilMs = now + tonumber(ARGV[1])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], untilMs, 'PX', ARGV[1])
end
return 1`;

/** One account's concurrency leases in Redis: a sorted set of lease ids scored by their expiry. */
export interface LeaseStore {
  /** A lease id, or why not: `pausedMs` > 0 while a shared Retry-After pause lasts. Rejects on Redis failure. */
  acquire(limit: number): Promise<{ id: string } | { id?: undefined; pausedMs: number }>;
  release(id: string): Promise<void>;
  renew(ids: readonly string[]): Promise<void>;
  /** Shares a Retry-After pause with every replica of the account. */
  pause(ms: number): Promise<void>;
  leaseMs: number;
  available(): boolean;
  failed(error: unknown): void;
}

export function createLeaseStore(state: SharedState, account: string, leaseMs = 5_000): LeaseStore {
  const leases = `${state.keyPrefix}leases:${account}`;
  const pauseKey = `${state.keyPrefix}pause:${account}`;
  const { redis } = state;
  return {
    leaseMs,
    async acquire(limit) {
      const id = randomUUID();
      const [granted, pausedMs] = (await redis.eval(ACQUIRE, 2, leases, pauseKey, limit, leaseMs, id)) as [
        number,
        number,
      ];
      return granted === 1 ? { id } : { pausedMs };
    },
    async release(id) {
      await redis.zrem(leases, id);
    },
    async renew(ids) {
      if (ids.length > 0) await redis.eval(RENEW, 1, leases, leaseMs, ...ids);
    },
    async pause(ms) {
      if (ms > 0) await redis.eval(PAUSE, 1, pauseKey, Math.ceil(ms));
    },
    available: () => state.up(),
    failed(error) {
      state.markDown(
        error instanceof Error && /timed? ?out/i.test(error.message) ? 'command timeout' : 'command failed',
      );
    },
  };
}
