import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDefinition, PayloadOf } from '../jobs/define-job.js';
import type { EnqueueOptions, JobQueue } from '../jobs/job-queue.js';
import { AppError } from '../domain/errors.js';
import type { Logger } from '../logging/logger.js';

/** Queue names are job names; every queue shares one key prefix. */
export function createBullJobQueue(deps: { connection: Redis; prefix: string; log: Logger }): JobQueue {
  const queues = new Map<string, Queue>();

  function queueFor(name: string): Queue {
    let queue = queues.get(name);
    if (!queue) {
      // Fail fast instead of waiting forever when Redis is down: callers decide what then.
      queue = new Queue(name, { connection: deps.connection, prefix: deps.prefix, skipWaitingForReady: true });
      queue.on('error', (error) => deps.log.warn({ err: error, queue: name }, 'queue connection error'));
      queues.set(name, queue);
    }
    return queue;
  }

  function validated<D extends JobDefinition>(definition: D, payload: PayloadOf<D>): PayloadOf<D> {
    // Validate on the producer side too: a bad payload is a bug here, not in the worker.
    const parsed = definition.schema.safeParse(payload);
    if (!parsed.success) {
      throw new AppError('VALIDATION', `Invalid payload for job ${definition.name}: ${parsed.error.message}`);
    }
    return parsed.data as PayloadOf<D>;
  }

  function optionsFor(definition: JobDefinition, jobId: string): JobsOptions {
    return {
      jobId,
      attempts: definition.retry.attempts,
      backoff: {
        type: definition.retry.backoff.type,
        delay: definition.retry.backoff.delayMs,
        jitter: definition.retry.backoff.jitter,
      },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 14 * 24 * 3600 },
    };
  }

  return {
    async enqueue<D extends JobDefinition>(definition: D, payload: PayloadOf<D>, options: EnqueueOptions = {}) {
      const data = validated(definition, payload);
      const jobId = options.jobId ?? definition.jobId(data);
      const jobOptions: JobsOptions = { ...optionsFor(definition, jobId), delay: options.delayMs };
      if (options.debounce) {
        // Keep one waiting job per id and push its start back on each call.
        jobOptions.deduplication = { id: jobId, reschedule: true };
        delete jobOptions.jobId;
      }
      const job = await queueFor(definition.name).add(definition.name, data, jobOptions);
      return job.id ?? jobId;
    },
    async enqueueMany(definition, payloads) {
      if (payloads.length === 0) return;
      // One round trip for the lot; deterministic ids still make repeats no-ops.
      const jobs = payloads.map((payload) => {
        const data = validated(definition, payload);
        return { name: definition.name, data, opts: optionsFor(definition, definition.jobId(data)) };
      });
      await queueFor(definition.name).addBulk(jobs);
    },
    async schedule(definition, payload, when) {
      const parsed = definition.schema.parse(payload);
      const repeat = 'everyMs' in when ? { every: when.everyMs } : { pattern: when.pattern, tz: when.timeZone };
      // The scheduler id is the job name: one schedule per job, however many processes start.
      await queueFor(definition.name).upsertJobScheduler(definition.name, repeat, {
        name: definition.name,
        data: parsed,
        opts: { attempts: definition.retry.attempts, removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
      });
    },
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      queues.clear();
    },
  };
}
