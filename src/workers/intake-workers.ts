import type { JobHandler } from '../jobs/job-queue.js';
import { processUpdateJob, type acknowledgeBundleJob, type fetchMediaJob, type submitIdleBundleJob, type sweepPendingUpdatesJob } from '../jobs/intake-jobs.js';
import { acknowledgeBundle } from '../pipeline/acknowledge-bundle.js';
import type { IntakeDeps } from '../pipeline/intake-deps.js';
import { storeMessageMedia } from '../pipeline/store-message-media.js';
import { submitIdleBundle } from '../pipeline/submit-idle-bundle.js';

export function fetchMediaHandler(deps: IntakeDeps): JobHandler<typeof fetchMediaJob> {
  return ({ inboundMessageId }, context) => storeMessageMedia(deps, inboundMessageId, context);
}

export function acknowledgeBundleHandler(deps: IntakeDeps): JobHandler<typeof acknowledgeBundleJob> {
  return ({ bundleId }) => acknowledgeBundle(deps, bundleId);
}

export function submitIdleBundleHandler(deps: IntakeDeps): JobHandler<typeof submitIdleBundleJob> {
  return ({ bundleId }) => submitIdleBundle(deps, bundleId);
}

/** Queues updates that were stored while Redis was unreachable. */
export function sweepPendingUpdatesHandler(deps: IntakeDeps): JobHandler<typeof sweepPendingUpdatesJob> {
  return async (_payload, context) => {
    const stale = await deps.updates.listStalePending(new Date(deps.clock.now().getTime() - 60_000), 500);
    for (const { channel, updateId } of stale) await deps.queue.enqueue(processUpdateJob, { channel, updateId });
    if (stale.length > 0) context.log.info({ count: stale.length }, 're-queued stored updates');
  };
}
