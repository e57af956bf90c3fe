import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../config/config.js';
import type { AgencyStore, AuditLog, ContributorStore, EditorStore } from '../pipeline/ports/admin-stores.js';
import { AppError } from '../domain/errors.js';
import type { HolidayStore } from '../pipeline/ports/reminders.js';
import type { ReminderDeps } from '../pipeline/reminder-deps.js';

/** What every command gets: the parsed config, the stores, and how to reach the bot. */
export interface CliContext {
  config: Config;
  agencies: AgencyStore;
  editors: EditorStore;
  contributors: ContributorStore;
  audit: AuditLog;
  holidays: HolidayStore;
  /**
   * What `reminders run` and `digest send` need. `send: true` requires
   * TELEGRAM_BOT_TOKEN (nothing could go out otherwise); a dry run sends nothing.
   */
  reminderDeps(options: { send: boolean }): ReminderDeps;
  /** The bot's username for deep links, or null when Telegram is not configured. */
  botUsername(): Promise<string | null>;
  /** Progress output for long commands; silent in --json mode. */
  progress(line: string): void;
}

/** A command's answer: an object for --json, and lines for people. */
export interface CliResult {
  json: unknown;
  text: string;
}

export type CliCommand = (args: string[], context: CliContext) => Promise<CliResult>;

export class UsageError extends Error {}

/** parseArgs with our conventions: unknown flags and stray words are usage errors. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options: { ...options, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${usage}`);
  }
}

export function requireFlag(value: string | boolean | undefined | (string | boolean)[], flag: string, usage: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${flag} is required.\nUsage: ${usage}`);
  return value;
}

export function parsePositiveInt(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new AppError('VALIDATION', `${flag} must be a whole number, got "${value}".`);
  return Number(value);
}
