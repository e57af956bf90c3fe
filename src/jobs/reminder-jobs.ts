import { z } from 'zod';
import { defineJob } from './define-job.js';

const isoTime = z.iso.datetime({ offset: true });

/**
 * The daily quiet-agency check (a job scheduler fires it on working-day
 * mornings; weekends and holidays are skipped inside). Plans the ladder and
 * queues one `nudge-agency` job per agency to remind.
 */
export const remindQuietAgenciesJob = defineJob({
  name: 'remind-quiet-agencies',
  schema: z.object({ at: isoTime.optional() }),
  jobId: ({ at }) => `remind-quiet-agencies-${at ?? 'now'}`,
  retry: { attempts: 3, backoff: { type: 'exponential', delayMs: 30_000, jitter: 0.5 } },
  concurrency: 1,
});

/**
 * Reminds one agency. One job per agency and local day; the nudge itself is
 * recorded (unique per agency, quiet spell and step) before anything is sent,
 * so a retry or a second worker never sends it twice.
 */
export const nudgeAgencyJob = defineJob({
  name: 'nudge-agency',
  schema: z.object({
    agencyId: z.number().int().positive(),
    /** The moment the run evaluated (the scheduler's or --at). */
    at: isoTime,
    /** That moment's local date, YYYY-MM-DD: part of the job id. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  jobId: ({ agencyId, date }) => `nudge-${agencyId}-${date}`,
  retry: { attempts: 3, backoff: { type: 'exponential', delayMs: 10_000, jitter: 0.5 } },
  concurrency: 2,
});

/** The weekly digest for the editors and leadership (Monday morning). */
export const sendWeeklyDigestJob = defineJob({
  name: 'send-weekly-digest',
  schema: z.object({ at: isoTime.optional() }),
  jobId: ({ at }) => `weekly-digest-${at ?? 'now'}`,
  // Only a run where nothing went out is retried (see sendWeeklyDigest).
  retry: { attempts: 3, backoff: { type: 'exponential', delayMs: 60_000, jitter: 0.5 } },
  concurrency: 1,
});
