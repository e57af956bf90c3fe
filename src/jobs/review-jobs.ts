import { z } from 'zod';
import { defineJob } from './define-job.js';

/** Sends a draft's review card to every editor and the editors' group. */
export const sendReviewCardJob = defineJob({
  name: 'send-review-card',
  schema: z.object({ draftId: z.number().int().positive() }),
  jobId: ({ draftId }) => `card-${draftId}`,
  concurrency: 2,
});
