import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null`
 * (blocking commands); producers fail fast so a request never hangs on Redis.
 */
export function createRedisConnection(url: string, purpose: 'worker' | 'producer' | 'probe'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: purpose === 'worker' ? null : 1,
    enableOfflineQueue: purpose !== 'probe',
    connectTimeout: 5_000,
    lazyConnect: purpose === 'probe',
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
}

/** Pings Redis with a time limit; used by /readyz. */
export async function pingRedis(url: string, timeoutMs = 1_500): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  redis.on('error', () => {}); // reported through the rejected promise below
  try {
    await withTimeout(
      (async () => {
        await redis.connect();
        await redis.ping();
      })(),
      timeoutMs,
    );
  } finally {
    redis.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
