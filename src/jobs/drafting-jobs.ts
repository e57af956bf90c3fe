import { z } from 'zod';
import { defineJob } from './define-job.js';

/** Drafts a news item for a submitted bundle. One current draft per run, however often it runs. */
export const draftBundleJob = defineJob({
  name: 'draft-bundle',
  schema: z.object({
    bundleId: z.number().int().positive(),
    /** Set for an editor's regenerate or revision: a new version on purpose. */
    reason: z.enum(['submitted', 'regenerate', 'revision', 'answer']).default('submitted'),
    instruction: z.string().max(4000).nullable().default(null),
    /** The version this run replaces; null for the first draft. */
    baseVersion: z.number().int().positive().nullable().default(null),
  }),
  // The first draft has one id per bundle; each later version one per version it replaces.
  jobId: ({ bundleId, baseVersion }) => (baseVersion === null ? `draft-${bundleId}` : `draft-${bundleId}-after-v${baseVersion}`),
  retry: { attempts: 3, backoff: { type: 'exponential', delayMs: 5_000, jitter: 0.5 } },
  concurrency: 2,
});
