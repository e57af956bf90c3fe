import { z } from 'zod';
import { defineJob } from './define-job.js';

const channel = z.enum(['telegram', 'whatsapp']);

/** Turns one stored raw update into what it means (a message, a command, a tap). */
export const processUpdateJob = defineJob({
  name: 'process-update',
  schema: z.object({ channel, updateId: z.string().min(1).max(64) }),
  jobId: ({ channel, updateId }) => `update-${channel}-${updateId}`,
  concurrency: 8,
});

/** Downloads, checks and stores the file a message carried. */
export const fetchMediaJob = defineJob({
  name: 'fetch-media',
  schema: z.object({ inboundMessageId: z.number().int().positive() }),
  jobId: ({ inboundMessageId }) => `media-${inboundMessageId}`,
  concurrency: 4,
});

/** Sends or refreshes the one acknowledgement a bundle gets; debounced so an album gets one. */
export const acknowledgeBundleJob = defineJob({
  name: 'acknowledge-bundle',
  schema: z.object({ bundleId: z.number().int().positive() }),
  jobId: ({ bundleId }) => `ack-${bundleId}`,
  concurrency: 8,
});

/** Submits a bundle after BUNDLE_IDLE_SECONDS of silence; debounced on each new message. */
export const submitIdleBundleJob = defineJob({
  name: 'submit-idle-bundle',
  schema: z.object({ bundleId: z.number().int().positive() }),
  jobId: ({ bundleId }) => `idle-${bundleId}`,
});

/** Re-queues stored updates whose job was lost (Redis was down when they arrived). */
export const sweepPendingUpdatesJob = defineJob({
  name: 'sweep-pending-updates',
  schema: z.object({ at: z.string().optional() }),
  jobId: () => 'sweep-pending-updates',
  retry: { attempts: 1, backoff: { type: 'fixed', delayMs: 1_000 } },
});
