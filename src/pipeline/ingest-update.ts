import type { ChannelName } from '../domain/records.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { processUpdateJob } from '../jobs/intake-jobs.js';
import type { Logger } from '../logging/logger.js';
import type { InboundUpdateStore } from './ports/intake-store.js';

/**
 * Stores a raw update and queues its processing. Returns once the update is
 * safely in the database: that is when the channel may be told "received".
 * A failed store throws (the channel will deliver again); a failed enqueue
 * does not, because the sweeper re-queues stored updates that have no job.
 */
export async function ingestUpdate(
  deps: { updates: InboundUpdateStore; queue: JobQueue; log: Logger },
  channel: ChannelName,
  updateId: string,
  payload: unknown,
): Promise<'new' | 'duplicate'> {
  const outcome = await deps.updates.record(channel, updateId, payload);
  if (outcome === 'duplicate') return outcome;
  try {
    await withTimeout(deps.queue.enqueue(processUpdateJob, { channel, updateId }), 2_000);
  } catch (error) {
    deps.log.warn({ err: error, channel, updateId }, 'update stored but not queued; the sweeper will queue it');
  }
  return outcome;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`enqueue timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
