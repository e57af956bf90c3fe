// The reminder ladder for an agency that has gone quiet. Pure rules; the use
// case feeds them the agency's quiet spell and the nudges recorded for it.
//
//   quiet for one rhythm (quiet-days)        -> step 1: friendly reminder to each contributor
//   still quiet one rhythm after step 1      -> step 2: second reminder + the agency's contact person
//   still quiet one rhythm after step 2      -> step 3: escalated, listed in the editors' digest
//
// A submission starts a new quiet spell, which has no recorded nudges: the
// ladder starts again at step 1. Days are whole local days in the office's
// time zone.
import { daysBetween, localDateOf } from './calendar.js';
import type { ChannelName } from './records.js';

export const ladderSteps = { firstReminder: 1, secondReminder: 2, escalated: 3 } as const;
export type LadderStep = 1 | 2 | 3;

export interface QuietSpell {
  quietDays: number;
  /** The agency's latest submission, or its creation when it never submitted. */
  quietSince: Date;
  /** The highest step recorded for this spell, if any. */
  lastStep: number | null;
  lastStepAt: Date | null;
}

/** Whole local days the agency has been quiet on `today`. */
export function daysQuiet(spell: Pick<QuietSpell, 'quietSince'>, today: string, timeZone: string): number {
  return daysBetween(localDateOf(spell.quietSince, timeZone), today);
}

/**
 * The step due on `today`, or null. One step per rhythm at most: the next step
 * waits a full rhythm after the previous one, even if the run that sent it was
 * late (a weekend, a holiday, a server that was down).
 */
export function dueStep(spell: QuietSpell, today: string, timeZone: string): LadderStep | null {
  if (spell.lastStep === null || spell.lastStepAt === null) {
    return daysQuiet(spell, today, timeZone) >= spell.quietDays ? 1 : null;
  }
  if (spell.lastStep >= ladderSteps.escalated) return null;
  const sinceLastStep = daysBetween(localDateOf(spell.lastStepAt, timeZone), today);
  return sinceLastStep >= spell.quietDays ? ((spell.lastStep + 1) as LadderStep) : null;
}

/** Who a nudge went to (or would go to) and what happened; stored with the nudge, shown by the CLI. */
export interface NudgeRecipient {
  kind: 'contributor' | 'contact';
  /** The contributor's id; absent for the contact person. */
  contributorId?: number;
  name: string;
  channel: ChannelName | null;
  status:
    | 'planned' // dry run, or recorded and not sent yet
    | 'sent'
    | 'blocked' // the recipient blocked the bot: now marked unreachable
    | 'failed' // the channel failed; not retried (the nudge is recorded)
    | 'capped' // the channel's daily reminder cap was reached (WhatsApp)
    | 'skipped_unreachable' // marked unreachable earlier
    | 'skipped_disabled'
    | 'skipped_no_identity'
    | 'skipped_channel_unavailable'; // e.g. WhatsApp is not running in this process
  error?: string;
}

/** Why an agency's nudge reaches none of its contributors; such agencies are listed for the admins. */
export type UnreachableReason = 'no_contributors' | 'none_reachable';
