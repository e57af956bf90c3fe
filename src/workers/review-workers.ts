import type { JobHandler } from '../jobs/job-queue.js';
import type { sendReviewCardJob } from '../jobs/review-jobs.js';
import type { ReviewDeps } from '../pipeline/review-deps.js';
import { sendReviewCard } from '../pipeline/send-review-card.js';

export function sendReviewCardHandler(deps: ReviewDeps): JobHandler<typeof sendReviewCardJob> {
  return ({ draftId }, context) => sendReviewCard({ ...deps, log: context.log }, draftId);
}
