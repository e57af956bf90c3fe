import { publishJobs } from '../jobs/publishing-jobs.js';
import { publishingMessages } from '../messages/publishing-id.js';
import type { PublishingDeps } from './publishing-deps.js';

/** `/terbitkan_ulang ID` or the retry button: failed publications of a bundle are queued again. */
export async function retryPublication(deps: PublishingDeps, bundleId: number, chatId: string): Promise<number> {
  const reset = await deps.publications.resetFailed(bundleId);
  for (const publication of reset) {
    const job = publishJobs[publication.target];
    // The failed job keeps its id for a while: a retry gets one of its own.
    if (job) await deps.queue.enqueue(job, { publicationId: publication.id }, { jobId: `publish-${publication.id}-retry-${publication.attempts}` });
  }
  if (deps.channels.has('telegram')) {
    await deps.channels.messenger('telegram').sendText(chatId, publishingMessages.retryQueued(reset.length));
  }
  deps.log.info({ bundleId, count: reset.length }, 'publications retried by an editor');
  return reset.length;
}
