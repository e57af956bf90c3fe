import type { JobHandler } from '../jobs/job-queue.js';
import type { nudgeAgencyJob, remindQuietAgenciesJob, sendWeeklyDigestJob } from '../jobs/reminder-jobs.js';
import { nudgeAgency } from '../pipeline/nudge-agency.js';
import { remindQuietAgencies } from '../pipeline/remind-quiet-agencies.js';
import type { ReminderDeps } from '../pipeline/reminder-deps.js';
import { sendWeeklyDigest } from '../pipeline/send-weekly-digest.js';

// A scheduled run carries no `at`: it evaluates the moment it runs.
const atOf = (deps: ReminderDeps, at: string | undefined) => (at ? new Date(at) : deps.clock.now());

export function remindQuietAgenciesHandler(deps: ReminderDeps): JobHandler<typeof remindQuietAgenciesJob> {
  return async ({ at }, context) => {
    await remindQuietAgencies({ ...deps, log: context.log }, { at: atOf(deps, at), dispatch: 'queue' });
  };
}

export function nudgeAgencyHandler(deps: ReminderDeps): JobHandler<typeof nudgeAgencyJob> {
  return async ({ agencyId, at }, context) => {
    await nudgeAgency({ ...deps, log: context.log }, { agencyId, at: new Date(at) });
  };
}

export function sendWeeklyDigestHandler(deps: ReminderDeps): JobHandler<typeof sendWeeklyDigestJob> {
  return async ({ at }, context) => {
    await sendWeeklyDigest({ ...deps, log: context.log }, { at: atOf(deps, at) });
  };
}
