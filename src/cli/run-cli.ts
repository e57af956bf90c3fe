import { ConfigError, loadConfig } from '../config/config.js';
import { isAppError } from '../domain/errors.js';
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

const commands: Record<string, CliCommand> = {
  agency: agencyCommand,
  editor: editorCommand,
  contributor: contributorCommand,
};

export const cliUsage = `Usage: warta <command> [options] [--json]

  agency add --name NAME [--quiet-days N]   register an agency, print its invite code and link
  agency list                               list agencies with their invite codes
  editor add --telegram USER_ID [--name N]  register an editor by Telegram user id
  editor add --whatsapp PHONE [--name N]    register an editor by WhatsApp number
  editor list [--all]                       list editors (--all: removed ones too)
  editor remove ID                          remove an editor
  contributor list [--agency ID]            list contributors

Every command takes --json for machine-readable output.`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs one CLI command and returns the exit code: 0 ok, 1 refused, 2 usage or config error. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
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
  let cachedUsername: Promise<string | null> | undefined;
  const context: CliContext = {
    config,
    agencies: createAgencyStore(db),
    editors: createEditorStore(db),
    contributors: createContributorStore(db),
    audit: createAuditLog(db),
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
