import type { z } from 'zod';

/** How often a job is tried and how long to wait in between. */
export interface RetryPolicy {
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delayMs: number; jitter?: number };
}

/**
 * A job is a name plus a zod payload schema, shared by producer and worker.
 * `jobId` derives a deterministic id from the payload, so enqueuing the same
 * work twice yields one job.
 */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  schema: Schema;
  jobId(payload: z.infer<Schema>): string;
  retry: RetryPolicy;
  /** Maximum jobs per interval across all workers, when a target has a rate limit. */
  rateLimit?: { max: number; durationMs: number };
  concurrency?: number;
}

export type PayloadOf<Definition> = Definition extends JobDefinition<infer S> ? z.infer<S> : never;

export const defaultRetry: RetryPolicy = {
  attempts: 5,
  backoff: { type: 'exponential', delayMs: 2_000, jitter: 0.5 },
};

export function defineJob<Schema extends z.ZodType>(definition: {
  name: string;
  schema: Schema;
  jobId: (payload: z.infer<Schema>) => string;
  retry?: RetryPolicy;
  rateLimit?: { max: number; durationMs: number };
  concurrency?: number;
}): JobDefinition<Schema> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) {
    throw new Error(`Job name "${definition.name}" must be lower-case kebab-case (it names a queue).`);
  }
  return { retry: defaultRetry, ...definition };
}
