import { remindQuietAgencies, type ReminderRunReport } from '../../pipeline/remind-quiet-agencies.js';
import type { NudgeRecipient } from '../../domain/reminder-ladder.js';
import { parseAtFlag } from '../at-flag.js';
import { parseFlags, UsageError, type CliCommand } from '../cli-context.js';

const usage = 'warta reminders run [--at ISO_TIME] [--dry-run] [--json]';

const stepNames: Record<number, string> = { 1: 'first reminder', 2: 'second reminder + contact person', 3: 'escalated to the editors\' digest' };

const statusText: Record<NudgeRecipient['status'], string> = {
  planned: 'would be reminded',
  sent: 'reminded',
  blocked: 'blocked the bot (now marked unreachable)',
  failed: 'sending failed',
  capped: 'over the channel\'s daily reminder cap',
  skipped_unreachable: 'skipped: unreachable',
  skipped_disabled: 'skipped: disabled',
  skipped_no_identity: 'skipped: no chat identity',
  skipped_channel_unavailable: 'skipped: channel not available here',
};

const nudgeStatusText = {
  planned: 'dry run',
  sent: 'recorded and sent',
  queued: 'queued',
  already_sent: 'already sent by another run',
} as const;

export function describeReminderRun(report: ReminderRunReport): string {
  const head = `Reminders for ${report.date} (${report.timeZone})${report.dryRun ? ', dry run: nothing is sent or recorded' : ''}`;
  if (report.skipped) {
    return `${head}\nSkipped: ${report.skipped.reason === 'weekend' ? 'a weekend' : `a holiday (${report.skipped.holiday})`}.`;
  }
  if (report.nudges.length === 0) return `${head}\nNo agency is due for a reminder.`;
  const lines = [head];
  for (const nudge of report.nudges) {
    lines.push(
      `  ${nudge.agency} (id ${nudge.agencyId}): step ${nudge.step}, ${stepNames[nudge.step]}; quiet ${nudge.daysQuiet} days — ${nudgeStatusText[nudge.status]}`,
    );
    if (nudge.unreachable) lines.push(`    no reachable contributor (${nudge.unreachable === 'no_contributors' ? 'none registered' : 'all blocked or disabled'})`);
    for (const r of nudge.recipients) {
      const who = r.kind === 'contact' ? `contact person ${r.name}` : r.name;
      lines.push(`    → ${who}${r.channel ? ` (${r.channel})` : ''}: ${statusText[r.status]}${r.error ? ` [${r.error}]` : ''}`);
    }
  }
  if (report.admins.agencies.length > 0) {
    const where =
      report.admins.status === 'no_chat'
        ? 'no admin chat configured (TELEGRAM_ADMIN_CHAT_ID)'
        : `${report.admins.status === 'planned' ? 'would tell' : report.admins.status === 'sent' ? 'told' : 'could not tell'} the admins' chat`;
    lines.push(`Agencies with no reachable contributor: ${report.admins.agencies.map((a) => a.agency).join(', ')} — ${where}.`);
  }
  return lines.join('\n');
}

export const remindersCommand: CliCommand = async ([sub, ...args], context) => {
  if (sub !== 'run') throw new UsageError(`Unknown reminders command "${sub ?? ''}".\nUsage: ${usage}`);
  const { values, positionals } = parseFlags(args, { at: { type: 'string' }, 'dry-run': { type: 'boolean' } }, usage);
  if (positionals.length > 0) throw new UsageError(`Unexpected "${positionals.join(' ')}".\nUsage: ${usage}`);
  const dryRun = values['dry-run'] === true;
  const deps = context.reminderDeps({ send: !dryRun });
  const at = parseAtFlag(values.at, { timeZone: context.config.TIMEZONE, defaultHour: context.config.REMINDER_HOUR, now: () => deps.clock.now() });
  const report = await remindQuietAgencies(deps, { at, dryRun, dispatch: 'inline' });
  return { json: report, text: describeReminderRun(report) };
};
