import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDefinition } from '../jobs/define-job.js';
import type { JobHandlers } from '../jobs/job-queue.js';
import { isRetryable } from '../domain/errors.js';
import type { Logger } from '../logging/logger.js';

export interface RunningWorkers {
  /** Stops taking new jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

/** Throws when a job in the registry has no handler, or a handler has no job. */
export function assertHandlersCoverRegistry(registry: readonly JobDefinition[], handlers: JobHandlers): void {
  const missing = registry.filter((definition) => !handlers[definition.name]).map((d) => d.name);
  const unknown = Object.keys(handlers).filter((name) => !registry.some((d) => d.name === name));
  if (missing.length > 0 || unknown.length > 0) {
    const problems = [
      ...missing.map((name) => `job "${name}" has no handler`),
      ...unknown.map((name) => `handler "${name}" has no job definition`),
    ];
    throw new Error(`Refusing to start workers: ${problems.join('; ')}`);
  }
}

export function startBullWorkers(deps: {
  registry: readonly JobDefinition[];
  handlers: JobHandlers;
  connection: Redis;
  prefix: string;
  log: Logger;
}): RunningWorkers {
  assertHandlersCoverRegistry(deps.registry, deps.handlers);

  const workers = deps.registry.map((definition) => {
    const handler = deps.handlers[definition.name]!;
    const processor = async (job: Job) => {
      const attempt = job.attemptsMade + 1;
      const log = deps.log.child({ job: definition.name, jobId: job.id, attempt });
      const parsed = definition.schema.safeParse(job.data);
      if (!parsed.success) {
        // Retrying cannot fix a bad payload: fail it at once.
        log.error({ issues: parsed.error.issues }, 'invalid job payload');
        throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
      }
      const started = performance.now();
      try {
        await handler(parsed.data, {
          jobId: job.id ?? '',
          attempt,
          finalAttempt: attempt >= definition.retry.attempts,
          log,
        });
        log.debug({ ms: Math.round(performance.now() - started) }, 'job done');
      } catch (error) {
        const retryable = isRetryable(error);
        log.warn({ err: error, retryable }, 'job failed');
        if (!retryable) throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
        throw error;
      }
    };
    const worker = new Worker(definition.name, processor, {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: definition.concurrency ?? 4,
      limiter: definition.rateLimit
        ? { max: definition.rateLimit.max, duration: definition.rateLimit.durationMs }
        : undefined,
    });
    worker.on('error', (error) => deps.log.warn({ err: error, queue: definition.name }, 'worker connection error'));
    return worker;
  });

  return {
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
