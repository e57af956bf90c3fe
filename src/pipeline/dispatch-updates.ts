import { processUpdateJob } from '../jobs/intake-jobs.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Logger } from '../logging/logger.js';
import type { InboundUpdateStore } from './ports/intake-store.js';

export interface UpdateDispatcher {
  /** Looks for new updates now instead of at the next tick (same-process webhook). */
  nudge(): void;
  stop(): Promise<void>;
}

/**
 * The outbox's other half: hands stored updates to the job queue in batches,
 * as soon as it is nudged or every `pollMs`. If Redis is down the claims are
 * given back and retried, so nothing stored is ever dropped.
 */
export function startUpdateDispatcher(deps: {
  updates: InboundUpdateStore;
  queue: JobQueue;
  log: Logger;
  pollMs?: number;
  batchSize?: number;
  /** After a nudge, how long to let further updates gather before claiming them (default 25 ms). */
  gatherMs?: number;
}): UpdateDispatcher {
  const pollMs = deps.pollMs ?? 250;
  const batchSize = deps.batchSize ?? 200;
  const gatherMs = deps.gatherMs ?? 25;
  let stopped = false;
  let wake: (() => void) | undefined;
  let pendingNudge = false;
  let failures = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  async function dispatchOnce(): Promise<number> {
    const claimed = await deps.updates.claimUnqueued(batchSize);
    if (claimed.length === 0) return 0;
    try {
      await deps.queue.enqueueMany(processUpdateJob, claimed);
    } catch (error) {
      await deps.updates.releaseClaims(claimed);
      throw error;
    }
    return claimed.length;
  }

  const loop = (async () => {
    while (!stopped) {
      pendingNudge = false;
      let dispatched = 0;
      try {
        dispatched = await dispatchOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        deps.log.warn({ err: error, failures }, 'could not hand stored updates to the queue; will retry');
      }
      if (stopped) break;
      // A full batch means more may be waiting: go again at once.
      if (dispatched === batchSize) continue;
      if (!pendingNudge) await sleep(failures > 0 ? Math.min(10_000, pollMs * 2 ** failures) : pollMs);
      // New updates arrived: let the ones right behind them join the same batch.
      // Under load this turns many one-update round trips into a few full ones,
      // leaving the CPU to the webhook; a job starts at most `gatherMs` later.
      if (pendingNudge && !stopped && failures === 0) await new Promise((resolve) => setTimeout(resolve, gatherMs));
    }
  })();

  return {
    nudge() {
      pendingNudge = true;
      wake?.();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
