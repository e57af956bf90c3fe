import type { Redis } from 'ioredis';
import { localDateOf } from '../domain/calendar.js';

/**
 * A per-day budget kept in Redis (shared by every process): `take()` counts
 * one use of today's budget and says whether it was still within the limit.
 * The day is the calendar day in the office's time zone; keys expire after two
 * days, so nothing needs cleaning.
 */
export interface DailyBudget {
  take(): Promise<{ allowed: boolean; used: number; limit: number }>;
  used(): Promise<number>;
}

// Counts only while under the limit, atomically, so concurrent callers never overshoot.
const takeScript = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local limit = tonumber(ARGV[1])
if used >= limit then return {0, used} end
used = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], 172800)
return {1, used}`;

/** The budget's day: the calendar date in the office's time zone. */
export const dayKey = localDateOf;

export function createDailyBudget(deps: {
  connection: Redis;
  prefix: string;
  name: string;
  limit: number;
  timeZone: string;
  now?: () => Date;
}): DailyBudget {
  const now = deps.now ?? (() => new Date());
  const key = () => `${deps.prefix}:budget:${deps.name}:${dayKey(now(), deps.timeZone)}`;
  return {
    async take() {
      const [allowed, used] = (await deps.connection.eval(takeScript, 1, key(), String(deps.limit))) as [number, number];
      return { allowed: allowed === 1, used: Number(used), limit: deps.limit };
    },
    async used() {
      return Number((await deps.connection.get(key())) ?? 0);
    },
  };
}
