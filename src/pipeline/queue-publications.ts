import { publishJobs } from '../jobs/publishing-jobs.js';
import type { PublishingDeps } from './publishing-deps.js';

/** After approval: one publication per configured target, each queued as its own job. */
export async function queuePublications(deps: Pick<PublishingDeps, 'publications' | 'targets' | 'queue' | 'log'>, bundleId: number): Promise<void> {
  const publications = await deps.publications.prepare(bundleId, Object.keys(deps.targets));
  for (const publication of publications) {
    if (publication.status !== 'pending') continue;
    const job = publishJobs[publication.target];
    if (!job) continue;
    await deps.queue.enqueue(job, { publicationId: publication.id });
  }
  deps.log.info({ bundleId, targets: publications.map((p) => p.target) }, 'publications queued');
}
