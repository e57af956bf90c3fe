import type { NudgeRecipient } from '../../domain/reminder-ladder.js';
import type { ChannelName, ContributorStatus } from '../../domain/records.js';

/** An agency whose quiet spell has lasted at least its rhythm, with the nudges recorded for that spell. */
export interface QuietAgency {
  agencyId: number;
  name: string;
  quietDays: number;
  contactName: string | null;
  contactTelegramId: string | null;
  /** E.164; reached on WhatsApp when the contact has no Telegram id here. */
  contactPhone: string | null;
  lastSubmissionAt: Date | null;
  /** The latest submission, or the agency's creation when it never submitted. */
  quietSince: Date;
  /** The highest ladder step recorded for this quiet spell. */
  lastStep: number | null;
  lastStepAt: Date | null;
}

export interface NudgeContributor {
  contributorId: number;
  agencyId: number;
  name: string;
  status: ContributorStatus;
  identities: Array<{ channel: ChannelName; chatId: string }>;
}

export interface ReminderStore {
  /**
   * Agencies quiet for at least `quietDays` whole local days on `at`'s date —
   * one SQL query over agencies and their latest submission (up to `at`).
   */
  findQuietAgencies(query: { at: Date; timeZone: string; agencyId?: number }): Promise<QuietAgency[]>;
  /** Contributors of these agencies with their identities, every status included. */
  contributorsOf(agencyIds: number[]): Promise<NudgeContributor[]>;
  /**
   * Records a nudge before anything is sent. Returns its id, or null when this
   * step of this quiet spell is already recorded: someone else sent it.
   */
  claimNudge(nudge: { agencyId: number; quietSince: Date; step: number; at: Date; recipients: NudgeRecipient[] }): Promise<number | null>;
  /** Stores what happened to each recipient after sending. */
  recordOutcome(reminderId: number, recipients: NudgeRecipient[]): Promise<void>;
  /** A contributor who blocked the bot is skipped from now on. */
  markContributorUnreachable(contributorId: number): Promise<void>;
}

export interface Holiday {
  date: string; // YYYY-MM-DD
  name: string;
}

export interface HolidayStore {
  /** Adds the holiday, or renames the one already on that date. */
  upsert(holiday: Holiday): Promise<{ holiday: Holiday; created: boolean }>;
  list(options?: { from?: string }): Promise<Holiday[]>;
  remove(date: string): Promise<Holiday | null>;
  find(date: string): Promise<Holiday | null>;
}

export interface AgencyWeek {
  agencyId: number;
  name: string;
  submissions: number;
  published: number;
  rejected: number;
}

export interface ActiveContributor {
  contributorId: number;
  name: string;
  agencyName: string;
  submissions: number;
  published: number;
}

export interface DigestStore {
  /** Per agency (existing before `to`): bundles submitted, published and rejected in [from, to). */
  agencyWeek(range: { from: Date; to: Date }): Promise<AgencyWeek[]>;
  /** The contributors with the most submissions in [from, to). */
  topContributors(range: { from: Date; to: Date }, limit: number): Promise<ActiveContributor[]>;
}

/** Renders an SVG chart to a PNG file and returns its path. */
export interface ChartRenderer {
  renderPng(svg: string, name: string): Promise<string>;
}
