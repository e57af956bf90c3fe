import type { JobHandler } from '../jobs/job-queue.js';
import type { draftBundleJob } from '../jobs/drafting-jobs.js';
import { draftBundle, type DraftingDeps } from '../pipeline/draft-bundle.js';

export function draftBundleHandler(deps: DraftingDeps): JobHandler<typeof draftBundleJob> {
  return (payload, context) => draftBundle({ ...deps, log: context.log }, payload, context);
}
