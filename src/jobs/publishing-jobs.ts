import { z } from 'zod';
import { defineJob, type JobDefinition } from './define-job.js';

const payload = z.object({ publicationId: z.number().int().positive() });
const retry = { attempts: 8, backoff: { type: 'exponential' as const, delayMs: 5_000, jitter: 0.5 } };

// One job per item and target, each target with a queue of its own so that a
// slow or rate-limited target never holds up the others.
export const publishToSiteJob = defineJob({
  name: 'publish-site',
  schema: payload,
  jobId: ({ publicationId }) => `publish-${publicationId}`,
  retry,
});

export const publishToTelegramChannelJob = defineJob({
  name: 'publish-telegram-channel',
  schema: payload,
  jobId: ({ publicationId }) => `publish-${publicationId}`,
  retry,
  // Telegram allows about 20 messages a minute in a channel; a post is an album and a text.
  rateLimit: { max: 8, durationMs: 60_000 },
  concurrency: 1,
});

export const publishToWordPressJob = defineJob({
  name: 'publish-wordpress',
  schema: payload,
  jobId: ({ publicationId }) => `publish-${publicationId}`,
  retry,
  rateLimit: { max: 30, durationMs: 60_000 },
  concurrency: 2,
});

export const publishToWebhookJob = defineJob({
  name: 'publish-webhook',
  schema: payload,
  jobId: ({ publicationId }) => `publish-${publicationId}`,
  retry,
  rateLimit: { max: 60, durationMs: 60_000 },
  concurrency: 2,
});

/** The job for each publish target, by the target's name. */
export const publishJobs: Record<string, JobDefinition<typeof payload>> = {
  site: publishToSiteJob,
  telegram_channel: publishToTelegramChannelJob,
  wordpress: publishToWordPressJob,
  webhook: publishToWebhookJob,
};
