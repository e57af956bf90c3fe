import { ConfigError, loadConfig } from '../config/config.js';
import { AppError, isAppError } from '../domain/errors.js';
import { createDatabase } from '../adapters/prisma/client.js';
import { createAgencyStore } from '../adapters/prisma/agency-store.js';
import { createEditorStore } from '../adapters/prisma/editor-store.js';
import { createContributorStore } from '../adapters/prisma/contributor-store.js';
import { createAuditLog } from '../adapters/prisma/audit-log.js';
import { fetchBotUsername } from '../../bots/telegram/bot-username.js';
import { UsageError, type CliCommand, type CliContext } from './cli-context.js';
import { agencyCommand } from './commands/agency.js';
import { editorCommand } from './commands/editor.js';
import { contributorCommand } from './commands/contributor.js';
import { createLogger } from '../logging/logger.js';
import { createIntakeStore } from '../adapters/prisma/intake-store.js';
import { createHolidayStore } from '../adapters/prisma/holiday-store.js';
import { systemClock } from '../pipeline/ports/clock.js';
import type { ReminderDeps } from '../pipeline/reminder-deps.js';
import { holidayCommand } from './commands/holiday.js';
import { remindersCommand } from './commands/reminders.js';
import { digestCommand } from './commands/digest.js';
import { buildChannels, buildReminderDeps, whatsappSendChannel } from '../main.js';
import { createRedisConnection } from '../queue/redis.js';
import { createBullJobQueue } from '../queue/bullmq-job-queue.js';

const commands: Record<string, CliCommand> = {
  agency: agencyCommand,
  editor: editorCommand,
  contributor: contributorCommand,
  holiday: holidayCommand,
  reminders: remindersCommand,
  digest: digestCommand,
};

export const cliUsage = `Usage: warta <command> [options] [--json]

  agency add --name NAME [--quiet-days N]   register an agency, print its invite code and link
  agency list                               list agencies with their invite codes
  editor add --telegram USER_ID [--name N]  register an editor by Telegram user id
  editor add --whatsapp PHONE [--name N]    register an editor by WhatsApp number
  editor list [--all]                       list editors (--all: removed ones too)
  editor remove ID                          remove an editor
  contributor list [--agency ID]            list contributors
  contributor import FILE.csv               pre-register WhatsApp contributors (columns name, phone, agency)
  holiday add DATE NAME                     no reminders on DATE (YYYY-MM-DD), e.g. holiday add 2026-12-25 "Natal"
  holiday list [--from DATE]                list holidays
  holiday remove DATE                       remove a holiday
  reminders run [--at ISO] [--dry-run]      run the quiet-agency check now (or as if at ISO); --dry-run sends nothing
  digest send [--at ISO] [--dry-run]        send the weekly digest for the last full week (before ISO)

Every command takes --json for machine-readable output.`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs one CLI command and returns the exit code: 0 ok, 1 refused, 2 usage or config error. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo, options: { queuePrefix?: string } = {}): Promise<number> {
  // The same key prefix as the running Warta (tests pass their own).
  const queuePrefix = options.queuePrefix ?? 'warta';
  const json = argv.includes('--json');
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(cliUsage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`Unknown command "${name}".\n\n${cliUsage}`);
    return 2;
  }

  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(error.message);
      return 2;
    }
    throw error;
  }

  const db = createDatabase(config.DATABASE_URL, { poolSize: 2 });
  const cleanups: Array<() => Promise<void>> = [];
  // Reminders and the digest send through the Bot API like the worker does; logs go to stderr.
  let cachedReminderDeps: ReminderDeps | undefined;
  const reminderDepsForCli = (): ReminderDeps => {
    const log = createLogger({ level: env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', destination: { write: (line: string) => io.stderr(line.trimEnd()) } });
    const intake = createIntakeStore(db);
    // WhatsApp reminders are queued for the running whatsapp role, as the worker does.
    let whatsapp: ReturnType<typeof whatsappSendChannel> | undefined;
    if (config.WHATSAPP_ENABLED) {
      const connection = createRedisConnection(config.REDIS_URL, 'producer');
      connection.on('error', (error) => log.warn({ err: error }, 'redis connection error'));
      const queue = createBullJobQueue({ connection, prefix: queuePrefix, log });
      whatsapp = whatsappSendChannel(config, { queue, connection, queuePrefix, clock: systemClock, log });
      cleanups.push(async () => {
        await queue.close();
        connection.disconnect();
      });
    }
    const channels = buildChannels(config, log, (channel, chatId) => intake.markContributorUnreachable(channel, chatId), whatsapp);
    return buildReminderDeps(config, db, { channels, clock: systemClock, log });
  };
  let cachedUsername: Promise<string | null> | undefined;
  const context: CliContext = {
    config,
    agencies: createAgencyStore(db),
    editors: createEditorStore(db),
    contributors: createContributorStore(db),
    audit: createAuditLog(db),
    holidays: createHolidayStore(db),
    reminderDeps: ({ send }) => {
      cachedReminderDeps ??= reminderDepsForCli();
      if (send && !config.TELEGRAM_BOT_TOKEN) {
        throw new AppError('VALIDATION', 'TELEGRAM_BOT_TOKEN is not set, so nothing can be sent. Add --dry-run to see what would be sent.');
      }
      return cachedReminderDeps;
    },
    botUsername() {
      cachedUsername ??= (async () => {
        if (config.TELEGRAM_BOT_USERNAME) return config.TELEGRAM_BOT_USERNAME.replace(/^@/, '');
        if (!config.TELEGRAM_BOT_TOKEN) return null;
        try {
          return await fetchBotUsername(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT);
        } catch (error) {
          io.stderr(`Warning: could not ask Telegram for the bot's username (${(error as Error).message}); set TELEGRAM_BOT_USERNAME.`);
          return null;
        }
      })();
      return cachedUsername;
    },
    progress: (line) => {
      if (!json) io.stderr(line);
    },
  };

  try {
    const result = await command(rest, context);
    io.stdout(json ? JSON.stringify(result.json, null, 2) : result.text);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(error.message);
      return 2;
    }
    if (isAppError(error) && error.code !== 'INTERNAL' && error.code !== 'UNAVAILABLE') {
      io.stderr(json ? JSON.stringify({ error: { code: error.code, message: error.message } }) : `Error: ${error.message}`);
      return 1;
    }
    const message = describeFailure(error);
    io.stderr(json ? JSON.stringify({ error: { code: 'INTERNAL', message } }) : `Error: ${message}`);
    return 1;
  } finally {
    for (const cleanup of cleanups) await cleanup();
    await db.$disconnect();
  }
}

// Operators need to know what to fix, not a stack trace.
function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED|connect|Can't reach database/i.test(text)) {
    return `cannot reach the database (DATABASE_URL). Is PostgreSQL running and migrated (npm start applies migrations)? ${text.split('\n')[0]}`;
  }
  if (/does not exist/i.test(text)) {
    return `the database is not set up yet: run npm start once (it applies migrations). ${text.split('\n').at(-1)}`;
  }
  return text.split('\n').filter(Boolean).at(-1) ?? 'unknown error';
}
