import { isAppError } from '../domain/errors.js';
import { daysQuiet, dueStep, type LadderStep, type NudgeRecipient, type UnreachableReason } from '../domain/reminder-ladder.js';
import { localDateOf } from '../domain/calendar.js';
import { whatsappIdOf } from '../domain/phone.js';
import type { ChannelName } from '../domain/records.js';
import { reminderMessages } from '../messages/reminders-id.js';
import type { Channels } from './ports/channels.js';
import type { NudgeContributor, QuietAgency } from './ports/reminders.js';
import type { ReminderDeps } from './reminder-deps.js';

/** A contributor is reminded once per nudge, on the first of these channels that is running here. */
const channelPreference: readonly ChannelName[] = ['telegram', 'whatsapp'];

interface PlannedSend {
  /** Index into the plan's recipients. */
  recipient: number;
  channel: ChannelName;
  chatId: string;
  text: string;
  contributorId?: number;
}

export interface NudgePlan {
  agencyId: number;
  agency: string;
  step: LadderStep;
  quietSince: Date;
  daysQuiet: number;
  recipients: NudgeRecipient[];
  sends: PlannedSend[];
  /** Set when no contributor of the agency can be reached: the agency is listed for the admins. */
  unreachable: UnreachableReason | null;
}

export type NudgeStatus = 'planned' | 'sent' | 'queued' | 'already_sent';

export interface NudgeReport {
  agencyId: number;
  agency: string;
  step: LadderStep;
  daysQuiet: number;
  quietSince: string;
  status: NudgeStatus;
  recipients: NudgeRecipient[];
  unreachable: UnreachableReason | null;
}

interface Address {
  channel: ChannelName;
  chatId: string;
}

/** The first of someone's addresses, in the order of `channelPreference`, whose channel runs here. */
function preferredAddress(addresses: readonly Address[], channels: Channels): Address | undefined {
  return channelPreference
    .map((channel) => addresses.find((a) => a.channel === channel))
    .find((a): a is Address => a !== undefined && channels.has(a.channel));
}

/** Where the agency's contact person can be written to. */
function contactAddressesOf(agency: QuietAgency): Address[] {
  const addresses: Address[] = [];
  if (agency.contactTelegramId) addresses.push({ channel: 'telegram', chatId: agency.contactTelegramId });
  if (agency.contactPhone) addresses.push({ channel: 'whatsapp', chatId: whatsappIdOf(agency.contactPhone) });
  return addresses;
}

/** Who gets what for this step; nothing is sent or recorded. */
export function planNudge(
  agency: QuietAgency,
  contributors: NudgeContributor[],
  step: LadderStep,
  context: { channels: Channels; today: string; timeZone: string },
): NudgePlan {
  const days = daysQuiet(agency, context.today, context.timeZone);
  const recipients: NudgeRecipient[] = [];
  const sends: PlannedSend[] = [];
  const reachable = contributors.filter((c) => c.status === 'active' && c.identities.length > 0);
  const unreachable: UnreachableReason | null =
    step === 3 ? null : contributors.length === 0 ? 'no_contributors' : reachable.length === 0 ? 'none_reachable' : null;

  // Step 3 sends nothing: the agency is escalated to the editors' digest.
  if (step === 1 || step === 2) {
    for (const contributor of contributors) {
      const base = { kind: 'contributor' as const, contributorId: contributor.contributorId, name: contributor.name };
      if (contributor.status === 'disabled') {
        recipients.push({ ...base, channel: null, status: 'skipped_disabled' });
        continue;
      }
      if (contributor.status === 'unreachable') {
        recipients.push({ ...base, channel: contributor.identities[0]?.channel ?? null, status: 'skipped_unreachable' });
        continue;
      }
      if (contributor.identities.length === 0) {
        recipients.push({ ...base, channel: null, status: 'skipped_no_identity' });
        continue;
      }
      const identity = preferredAddress(contributor.identities, context.channels);
      if (!identity) {
        recipients.push({ ...base, channel: contributor.identities[0]!.channel, status: 'skipped_channel_unavailable' });
        continue;
      }
      const text =
        step === 1
          ? reminderMessages.firstReminder(contributor.name, agency.name, days)
          : reminderMessages.secondReminder(contributor.name, agency.name, days);
      sends.push({ recipient: recipients.length, channel: identity.channel, chatId: identity.chatId, text, contributorId: contributor.contributorId });
      recipients.push({ ...base, channel: identity.channel, status: 'planned' });
    }
  }

  const contactAddresses = contactAddressesOf(agency);
  if (step === 2 && contactAddresses.length > 0) {
    const name = agency.contactName ?? 'kontak instansi';
    const address = preferredAddress(contactAddresses, context.channels);
    if (address) {
      const text = reminderMessages.contactPerson(agency.contactName, agency.name, days, reachable.length > 0);
      sends.push({ recipient: recipients.length, channel: address.channel, chatId: address.chatId, text });
      recipients.push({ kind: 'contact', name, channel: address.channel, status: 'planned' });
    } else {
      recipients.push({ kind: 'contact', name, channel: contactAddresses[0]!.channel, status: 'skipped_channel_unavailable' });
    }
  }

  return { agencyId: agency.agencyId, agency: agency.name, step, quietSince: agency.quietSince, daysQuiet: days, recipients, sends, unreachable };
}

export function reportOf(plan: NudgePlan, status: NudgeStatus, recipients = plan.recipients): NudgeReport {
  return {
    agencyId: plan.agencyId,
    agency: plan.agency,
    step: plan.step,
    daysQuiet: plan.daysQuiet,
    quietSince: plan.quietSince.toISOString(),
    status,
    recipients,
    unreachable: plan.unreachable,
  };
}

/**
 * Records the nudge first, then sends it. The record is unique per agency,
 * quiet spell and step: when another run (a second worker, a restarted job,
 * the CLI) recorded it first, nothing is sent here. A send that fails is
 * not retried — the nudge is recorded; a recipient who blocked the bot is
 * marked unreachable and skipped from now on.
 */
export async function executeNudge(deps: ReminderDeps, plan: NudgePlan, at: Date): Promise<NudgeReport> {
  const log = deps.log.child({ agencyId: plan.agencyId, step: plan.step });
  const reminderId = await deps.reminders.claimNudge({
    agencyId: plan.agencyId,
    quietSince: plan.quietSince,
    step: plan.step,
    at,
    recipients: plan.recipients,
  });
  if (reminderId === null) {
    log.debug('nudge already recorded by another run');
    return reportOf(plan, 'already_sent');
  }

  const recipients = plan.recipients.map((r) => ({ ...r }));
  await Promise.all(
    plan.sends.map(async (send) => {
      const recipient = recipients[send.recipient]!;
      try {
        await deps.channels.messenger(send.channel).sendText(send.chatId, send.text, { html: true, purpose: 'reminder' });
        recipient.status = 'sent';
      } catch (error) {
        if (isAppError(error, 'FORBIDDEN') && error.details.capped === true) {
          recipient.status = 'capped';
          log.info({ contributorId: send.contributorId, kind: recipient.kind, channel: send.channel }, 'reminder over the daily cap of the channel; not sent');
        } else if (isAppError(error, 'FORBIDDEN') && error.details.blocked === true) {
          recipient.status = 'blocked';
          if (send.contributorId !== undefined) await deps.reminders.markContributorUnreachable(send.contributorId);
          log.info({ contributorId: send.contributorId, kind: recipient.kind, channel: send.channel }, 'reminder recipient blocked the bot; marked unreachable');
        } else {
          recipient.status = 'failed';
          recipient.error = isAppError(error) ? error.code : 'ERROR';
          log.warn({ err: error, contributorId: send.contributorId, kind: recipient.kind, channel: send.channel }, 'reminder could not be delivered');
        }
      }
    }),
  );
  try {
    await deps.reminders.recordOutcome(reminderId, recipients);
  } catch (error) {
    // Sent is sent: the nudge stays recorded; only the per-recipient outcome is lost.
    log.error({ err: error, reminderId }, 'could not store the outcome of a nudge');
  }
  const counts = recipients.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  log.info({ reminderId, recipients: counts, unreachable: plan.unreachable }, 'agency nudged');
  return reportOf(plan, 'sent', recipients);
}

/**
 * Nudges one agency as of `at`, if a step is due (the `nudge-agency` job).
 * Re-evaluated here, so a submission that arrived after planning cancels it.
 */
export async function nudgeAgency(deps: ReminderDeps, input: { agencyId: number; at: Date }): Promise<NudgeReport | null> {
  const { timeZone } = deps.settings;
  const [agency] = await deps.reminders.findQuietAgencies({ at: input.at, timeZone, agencyId: input.agencyId });
  if (!agency) return null;
  const today = localDateOf(input.at, timeZone);
  const step = dueStep(agency, today, timeZone);
  if (step === null) return null;
  const contributors = await deps.reminders.contributorsOf([agency.agencyId]);
  const plan = planNudge(agency, contributors, step, { channels: deps.channels, today, timeZone });
  return executeNudge(deps, plan, input.at);
}
