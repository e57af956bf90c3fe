import { isWeekend, localDateOf } from '../domain/calendar.js';
import { dueStep, type UnreachableReason } from '../domain/reminder-ladder.js';
import { nudgeAgencyJob } from '../jobs/reminder-jobs.js';
import { formatDate, reminderMessages } from '../messages/reminders-id.js';
import { executeNudge, planNudge, reportOf, type NudgePlan, type NudgeReport } from './nudge-agency.js';
import type { ReminderDeps } from './reminder-deps.js';

export interface ReminderRunReport {
  at: string;
  /** The local date the run evaluated, YYYY-MM-DD in `timeZone`. */
  date: string;
  timeZone: string;
  dryRun: boolean;
  /** Set when nothing was checked: a weekend or a holiday. */
  skipped: { reason: 'weekend' } | { reason: 'holiday'; holiday: string } | null;
  nudges: NudgeReport[];
  /** Agencies nudged now that have no reachable contributor, listed for the admins. */
  admins: {
    chatId: string | null;
    agencies: Array<{ agencyId: number; agency: string; reason: UnreachableReason }>;
    status: 'none' | 'planned' | 'sent' | 'failed' | 'no_chat';
  };
}

export interface RemindOptions {
  at: Date;
  dryRun?: boolean;
  /**
   * `inline` sends every nudge in this call (the CLI); `queue` queues one
   * `nudge-agency` job per agency with a contributor to remind (the worker).
   * Agencies with nobody to remind are always handled inline, so the admins'
   * list only names agencies whose nudge this run recorded.
   */
  dispatch?: 'inline' | 'queue';
}

/**
 * The daily quiet-agency check: on working days (not weekends, not the
 * holidays an admin entered), finds agencies quiet for longer than their
 * rhythm and moves each one step up the reminder ladder, at most one step
 * per rhythm. `dryRun` reports who would be told what and records nothing.
 */
export async function remindQuietAgencies(deps: ReminderDeps, options: RemindOptions): Promise<ReminderRunReport> {
  const { timeZone } = deps.settings;
  const at = options.at;
  const dryRun = options.dryRun ?? false;
  const dispatch = options.dispatch ?? 'inline';
  const date = localDateOf(at, timeZone);
  const log = deps.log.child({ reminderRun: date, dryRun });
  const report: ReminderRunReport = {
    at: at.toISOString(),
    date,
    timeZone,
    dryRun,
    skipped: null,
    nudges: [],
    admins: { chatId: deps.settings.adminChatId, agencies: [], status: 'none' },
  };

  if (isWeekend(date)) {
    report.skipped = { reason: 'weekend' };
    log.info('no reminders on a weekend');
    return report;
  }
  const holiday = await deps.holidays.find(date);
  if (holiday) {
    report.skipped = { reason: 'holiday', holiday: holiday.name };
    log.info({ holiday: holiday.name }, 'no reminders on a holiday');
    return report;
  }

  const quiet = await deps.reminders.findQuietAgencies({ at, timeZone });
  const due = quiet.flatMap((agency) => {
    const step = dueStep(agency, date, timeZone);
    return step === null ? [] : [{ agency, step }];
  });
  const contributors = await deps.reminders.contributorsOf(due.map((d) => d.agency.agencyId));
  const plans: NudgePlan[] = due.map(({ agency, step }) =>
    planNudge(
      agency,
      contributors.filter((c) => c.agencyId === agency.agencyId),
      step,
      { channels: deps.channels, today: date, timeZone },
    ),
  );

  for (const plan of plans) {
    if (dryRun) {
      report.nudges.push(reportOf(plan, 'planned'));
    } else if (dispatch === 'queue' && deps.queue && plan.unreachable === null && plan.sends.some((s) => s.contributorId !== undefined)) {
      await deps.queue.enqueue(nudgeAgencyJob, { agencyId: plan.agencyId, at: at.toISOString(), date });
      report.nudges.push(reportOf(plan, 'queued'));
    } else {
      report.nudges.push(await executeNudge(deps, plan, at));
    }
  }

  // Agencies whose nudge (recorded by this run) reaches no contributor.
  report.admins.agencies = report.nudges
    .filter((n) => n.unreachable !== null && (n.status === 'sent' || n.status === 'planned'))
    .map((n) => ({ agencyId: n.agencyId, agency: n.agency, reason: n.unreachable! }));
  if (report.admins.agencies.length > 0) await tellAdmins(deps, report, dryRun);

  log.info(
    {
      quiet: quiet.length,
      due: plans.length,
      byStatus: report.nudges.reduce<Record<string, number>>((acc, n) => ({ ...acc, [n.status]: (acc[n.status] ?? 0) + 1 }), {}),
      unreachableAgencies: report.admins.agencies.length,
    },
    'reminder run done',
  );
  return report;
}

async function tellAdmins(deps: ReminderDeps, report: ReminderRunReport, dryRun: boolean): Promise<void> {
  const chatId = deps.settings.adminChatId;
  if (!chatId || !deps.channels.has('telegram')) {
    report.admins.status = 'no_chat';
    deps.log.warn({ agencies: report.admins.agencies.map((a) => a.agencyId) }, 'agencies with no reachable contributor, but no admin chat to tell (TELEGRAM_ADMIN_CHAT_ID)');
    return;
  }
  if (dryRun) {
    report.admins.status = 'planned';
    return;
  }
  const text = reminderMessages.adminUnreachable(
    formatDate(new Date(report.at), report.timeZone),
    report.admins.agencies.map((a) => ({ name: a.agency, reason: a.reason })),
  );
  try {
    await deps.channels.messenger('telegram').sendText(chatId, text, { html: true });
    report.admins.status = 'sent';
  } catch (error) {
    // The nudges are recorded; the list is not worth re-running them for.
    report.admins.status = 'failed';
    deps.log.error({ err: error }, 'could not send the list of unreachable agencies to the admins');
  }
}
