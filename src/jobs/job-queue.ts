import type { JobDefinition, PayloadOf } from './define-job.js';

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /**
   * Debounce: while a job with the same id is still waiting, push its start
   * back to `delayMs` from now instead of adding another one.
   */
  debounce?: boolean;
  /** Overrides the definition's deterministic id, e.g. to add a suffix for a deliberate re-run. */
  jobId?: string;
}

/** The producer side of the job system, as the rest of the code sees it. */
export interface JobQueue {
  enqueue<D extends JobDefinition>(definition: D, payload: PayloadOf<D>, options?: EnqueueOptions): Promise<string>;
  /** Enqueues many jobs of one kind at once (deterministic ids; no delay or debounce). */
  enqueueMany<D extends JobDefinition>(definition: D, payloads: PayloadOf<D>[]): Promise<void>;
  /**
   * Runs a job on a schedule: every `everyMs`, or on a cron `pattern` in
   * `timeZone`. Upserting the same definition again changes nothing.
   */
  schedule<D extends JobDefinition>(
    definition: D,
    payload: PayloadOf<D>,
    when: { everyMs: number } | { pattern: string; timeZone: string },
  ): Promise<void>;
  close(): Promise<void>;
}

export interface JobContext {
  jobId: string;
  attempt: number;
  /** Whether this attempt is the last one the retry policy allows. */
  finalAttempt: boolean;
  log: import('../logging/logger.js').Logger;
}

export type JobHandler<D extends JobDefinition = JobDefinition> = (payload: PayloadOf<D>, context: JobContext) => Promise<void>;

// Handlers of different jobs take different payloads; each is checked against its schema at run time.
export type JobHandlers = Record<string, (payload: any, context: JobContext) => Promise<void>>;
