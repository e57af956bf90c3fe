import { z } from 'zod';
import { defineJob } from './define-job.js';

const text = z.object({ kind: z.literal('text'), chatId: z.string().min(1).max(200), text: z.string().min(1).max(65_000) });
const photos = z.object({
  kind: z.literal('photos'),
  chatId: z.string().min(1).max(200),
  photos: z.array(z.object({ path: z.string().min(1), caption: z.string().max(4_000).nullable() })).min(1).max(10),
});

/**
 * One message (or one set of photos) to a WhatsApp chat. Workers cannot reach
 * the WhatsApp client, so they queue it here; only the whatsapp role processes
 * this queue, one job at a time, pausing between chats so the number sends at
 * a human pace. Not in the worker registry on purpose (see whatsappRoleJobs).
 */
export const whatsappOutboundJob = defineJob({
  name: 'whatsapp-outbound',
  schema: z.object({ id: z.uuid(), message: z.discriminatedUnion('kind', [text, photos]) }),
  jobId: ({ id }) => `wa-out-${id}`,
  // The client may be reconnecting or waiting for a new QR scan: come back
  // later rather than drop the message (12 attempts span about 11 hours).
  retry: { attempts: 12, backoff: { type: 'exponential', delayMs: 10_000, jitter: 0.3 } },
  concurrency: 1,
});

/** The jobs the whatsapp role runs itself: the queue has exactly one consumer, the process that owns the client. */
export const whatsappRoleJobs = [whatsappOutboundJob] as const;
