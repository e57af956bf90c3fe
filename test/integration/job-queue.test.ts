import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Redis } from 'ioredis';
import { defineJob } from '../../src/jobs/define-job.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { createBullJobQueue } from '../../src/queue/bullmq-job-queue.js';
import { assertHandlersCoverRegistry, startBullWorkers } from '../../src/queue/bullmq-workers.js';
import { createLogger } from '../../src/logging/logger.js';
import { AppError } from '../../src/domain/errors.js';
import { deleteQueuePrefix, testRedisUrl, uniqueQueuePrefix } from '../helpers/redis.js';
import { eventually } from '../helpers/warta.js';

const prefix = uniqueQueuePrefix('jobs');
const log = createLogger({ level: 'silent' });
const connections: Redis[] = [];
const connection = (worker = false) => {
  const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: worker ? null : 1 });
  connections.push(redis);
  return redis;
};

const echoJob = defineJob({
  name: 'echo-test',
  schema: z.object({ id: z.number().int(), text: z.string() }),
  jobId: ({ id }) => `echo-${id}`,
  retry: { attempts: 3, backoff: { type: 'fixed', delayMs: 50 } },
});

afterAll(async () => {
  for (const redis of connections) redis.disconnect();
  await deleteQueuePrefix(prefix);
});

describe('the job system', () => {
  it('refuses to start when a job has no handler', () => {
    expect(() => assertHandlersCoverRegistry(jobRegistry, {})).toThrowError(/has no handler/);
    expect(() => startBullWorkers({ registry: [echoJob], handlers: {}, connection: connection(true), prefix, log })).toThrowError(/echo-test/);
  });

  it('runs each deterministic job id once, validates payloads and fails bad ones at once', async () => {
    const queue = createBullJobQueue({ connection: connection(), prefix, log });
    const seen: string[] = [];
    let attemptsOfBadOne = 0;
    const workers = startBullWorkers({
      registry: [echoJob],
      handlers: {
        'echo-test': async (payload: { id: number; text: string }): Promise<void> => {
          if (payload.text === 'unfixable') {
            attemptsOfBadOne += 1;
            throw new AppError('VALIDATION', 'cannot be fixed by retrying');
          }
          seen.push(payload.text);
        },
      },
      connection: connection(true),
      prefix,
      log,
    });
    try {
      await queue.enqueue(echoJob, { id: 1, text: 'first' });
      await queue.enqueue(echoJob, { id: 1, text: 'duplicate of first' });
      await queue.enqueue(echoJob, { id: 2, text: 'unfixable' });
      await expect(queue.enqueue(echoJob, { id: 3 } as never)).rejects.toThrowError(/Invalid payload/);
      await eventually(() => seen.length === 1 && attemptsOfBadOne === 1, 'jobs processed');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toEqual(['first']);
      expect(attemptsOfBadOne).toBe(1); // not retried
    } finally {
      await workers.close();
      await queue.close();
    }
  });
});
