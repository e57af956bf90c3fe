import { sendWeeklyDigest } from '../../pipeline/send-weekly-digest.js';
import { parseAtFlag } from '../at-flag.js';
import { parseFlags, UsageError, type CliCommand } from '../cli-context.js';

const usage = 'warta digest send [--at ISO_TIME] [--dry-run] [--json]';

/** The digest as plain text for a terminal. */
const plain = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

export const digestCommand: CliCommand = async ([sub, ...args], context) => {
  if (sub !== 'send') throw new UsageError(`Unknown digest command "${sub ?? ''}".\nUsage: ${usage}`);
  const { values, positionals } = parseFlags(args, { at: { type: 'string' }, 'dry-run': { type: 'boolean' } }, usage);
  if (positionals.length > 0) throw new UsageError(`Unexpected "${positionals.join(' ')}".\nUsage: ${usage}`);
  const dryRun = values['dry-run'] === true;
  const deps = context.reminderDeps({ send: !dryRun });
  const at = parseAtFlag(values.at, { timeZone: context.config.TIMEZONE, defaultHour: 8, now: () => deps.clock.now() });
  const report = await sendWeeklyDigest(deps, { at, dryRun });
  const recipients =
    report.recipients.length === 0
      ? 'No chat to send it to: set TELEGRAM_EDITORS_CHAT_ID (and TELEGRAM_LEADERSHIP_CHAT_ID).'
      : report.recipients.map((r) => `${r.kind} chat ${r.chatId}: ${r.status === 'planned' ? 'would be sent' : r.status}`).join('\n');
  return {
    json: report,
    text: [
      `Weekly digest for ${report.week.label}${dryRun ? ' (dry run: nothing is sent)' : ''}`,
      '',
      plain(report.text),
      '',
      `Chart (${report.chart.bars} bars): ${report.chart.path}`,
      recipients,
    ].join('\n'),
  };
};
