import type { JobDefinition } from './define-job.js';
import { draftBundleJob } from './drafting-jobs.js';
import { sendReviewCardJob } from './review-jobs.js';
import { nudgeAgencyJob, remindQuietAgenciesJob, sendWeeklyDigestJob } from './reminder-jobs.js';
import { publishToSiteJob, publishToTelegramChannelJob, publishToWebhookJob, publishToWordPressJob } from './publishing-jobs.js';
import {
  acknowledgeBundleJob,
  fetchMediaJob,
  processUpdateJob,
  submitIdleBundleJob,
  sweepPendingUpdatesJob,
} from './intake-jobs.js';

/**
 * Every job Warta knows. A worker refuses to start unless each one has a
 * handler, so a job can never be queued with nobody to run it.
 */
export const jobRegistry: readonly JobDefinition[] = [
  processUpdateJob,
  fetchMediaJob,
  acknowledgeBundleJob,
  submitIdleBundleJob,
  sweepPendingUpdatesJob,
  draftBundleJob,
  sendReviewCardJob,
  publishToSiteJob,
  publishToTelegramChannelJob,
  publishToWordPressJob,
  publishToWebhookJob,
  remindQuietAgenciesJob,
  nudgeAgencyJob,
  sendWeeklyDigestJob,
];
