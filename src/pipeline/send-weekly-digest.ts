import { addDays, localDateOf, mondayOf, startOfLocalDay } from '../domain/calendar.js';
import { buildBarChartSvg } from '../domain/digest-chart.js';
import { daysQuiet } from '../domain/reminder-ladder.js';
import { AppError, isRetryable } from '../domain/errors.js';
import { reminderMessages, weekLabel } from '../messages/reminders-id.js';
import type { ActiveContributor, AgencyWeek } from './ports/reminders.js';
import type { ReminderDeps } from './reminder-deps.js';

/** The chart shows at most this many agencies (those with the most published items). */
export const CHART_MAX_AGENCIES = 60;
const TOP_CONTRIBUTORS = 5;

export interface DigestRecipient {
  kind: 'editors' | 'leadership';
  chatId: string;
  status: 'planned' | 'sent' | 'failed' | 'channel_unavailable';
  error?: string;
}

export interface DigestReport {
  at: string;
  dryRun: boolean;
  week: { from: string; to: string; label: string };
  totals: { submissions: number; published: number; rejected: number };
  agencies: AgencyWeek[];
  quiet: Array<{ agencyId: number; agency: string; days: number; neverSubmitted: boolean; lastStep: number | null }>;
  topContributors: ActiveContributor[];
  chart: { path: string; bars: number };
  text: string;
  recipients: DigestRecipient[];
}

/**
 * The weekly digest: for the last full week (Monday to Sunday in the office's
 * time zone) before `at`, per agency the items submitted, published and
 * rejected; the agencies that have gone quiet and how far up the reminder
 * ladder they are; the most active contributors; and a bar chart of published
 * items per agency. Sent to the editors' chat and, when set, leadership's.
 */
export async function sendWeeklyDigest(deps: ReminderDeps, options: { at: Date; dryRun?: boolean }): Promise<DigestReport> {
  const { timeZone } = deps.settings;
  const dryRun = options.dryRun ?? false;
  const today = localDateOf(options.at, timeZone);
  const weekStart = addDays(mondayOf(today), -7);
  const from = startOfLocalDay(weekStart, timeZone);
  const to = startOfLocalDay(addDays(weekStart, 7), timeZone);
  const label = weekLabel(from, startOfLocalDay(addDays(weekStart, 6), timeZone), timeZone);
  const log = deps.log.child({ digestWeek: weekStart, dryRun });

  const [agencies, topContributors, quietAgencies] = await Promise.all([
    deps.digest.agencyWeek({ from, to }),
    deps.digest.topContributors({ from, to }, TOP_CONTRIBUTORS),
    deps.reminders.findQuietAgencies({ at: options.at, timeZone }),
  ]);
  const totals = agencies.reduce(
    (sum, a) => ({ submissions: sum.submissions + a.submissions, published: sum.published + a.published, rejected: sum.rejected + a.rejected }),
    { submissions: 0, published: 0, rejected: 0 },
  );
  const byActivity = [...agencies].sort(
    (a, b) => b.published - a.published || b.submissions - a.submissions || a.name.localeCompare(b.name, 'id'),
  );
  const active = byActivity.filter((a) => a.submissions + a.published + a.rejected > 0);
  const quiet = quietAgencies
    .map((q) => ({
      agencyId: q.agencyId,
      agency: q.name,
      days: daysQuiet(q, today, timeZone),
      neverSubmitted: q.lastSubmissionAt === null,
      lastStep: q.lastStep,
    }))
    // The longest-silent (and the escalated) first.
    .sort((a, b) => (b.lastStep ?? 0) - (a.lastStep ?? 0) || b.days - a.days || a.agency.localeCompare(b.agency, 'id'));

  const text = reminderMessages.digest({
    weekLabel: label,
    totals,
    agencies: active,
    idleAgencies: agencies.length - active.length,
    quiet: quiet.map((q) => ({ name: q.agency, days: q.days, neverSubmitted: q.neverSubmitted, lastStep: q.lastStep })),
    topContributors,
  });

  const bars = byActivity.slice(0, CHART_MAX_AGENCIES).map((a) => ({ label: a.name, value: a.published }));
  const svg = buildBarChartSvg({
    title: reminderMessages.chartTitle(),
    subtitle: reminderMessages.chartSubtitle(label, bars.length, agencies.length),
    bars,
  });
  const chartPath = await deps.charts.renderPng(svg, `digest-${weekStart}`);

  const chats: Array<Pick<DigestRecipient, 'kind' | 'chatId'>> = [];
  if (deps.settings.editorsChatId) chats.push({ kind: 'editors', chatId: deps.settings.editorsChatId });
  if (deps.settings.leadershipChatId && deps.settings.leadershipChatId !== deps.settings.editorsChatId) {
    chats.push({ kind: 'leadership', chatId: deps.settings.leadershipChatId });
  }
  if (chats.length === 0) log.warn('no chat for the weekly digest: set TELEGRAM_EDITORS_CHAT_ID');

  const recipients: DigestRecipient[] = [];
  const failures: unknown[] = [];
  for (const chat of chats) {
    if (dryRun) {
      recipients.push({ ...chat, status: 'planned' });
      continue;
    }
    if (!deps.channels.has('telegram')) {
      recipients.push({ ...chat, status: 'channel_unavailable' });
      continue;
    }
    const messenger = deps.channels.messenger('telegram');
    try {
      await messenger.sendText(chat.chatId, text, { html: true });
      await messenger.sendPhotos(chat.chatId, [{ path: chartPath, caption: reminderMessages.chartCaption(label) }], { html: true });
      recipients.push({ ...chat, status: 'sent' });
    } catch (error) {
      failures.push(error);
      recipients.push({ ...chat, status: 'failed', error: error instanceof AppError ? error.code : 'ERROR' });
      log.error({ err: error, recipient: chat.kind }, 'could not send the weekly digest');
    }
  }
  // Retry the job only when nothing went out, so nobody gets the digest twice.
  if (failures.length > 0 && failures.length === chats.length && failures.every(isRetryable)) {
    throw new AppError('UNAVAILABLE', 'the weekly digest could not be sent to anyone', {}, { cause: failures[0] });
  }

  log.info({ ...totals, agencies: agencies.length, quiet: quiet.length, recipients: recipients.map((r) => `${r.kind}:${r.status}`) }, 'weekly digest done');
  return {
    at: options.at.toISOString(),
    dryRun,
    week: { from: from.toISOString(), to: to.toISOString(), label },
    totals,
    agencies,
    quiet,
    topContributors,
    chart: { path: chartPath, bars: bars.length },
    text,
    recipients,
  };
}
