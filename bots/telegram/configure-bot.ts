import { Telegram } from 'telegraf';
import type { Logger } from '../../src/logging/logger.js';
import { allowedUpdates } from './long-poller.js';

const contributorCommands = [
  { command: 'kirim', description: 'Kirim naskah ke redaksi' },
  { command: 'batal', description: 'Batalkan naskah yang sedang dikumpulkan' },
  { command: 'status', description: 'Status kiriman terakhir' },
  { command: 'bantuan', description: 'Petunjuk mengirim berita' },
];

/** Registers the webhook (when PUBLIC_URL is known) and the command menu. Failures are logged, not fatal. */
export async function configureTelegramBot(deps: {
  token: string;
  apiRoot: string;
  log: Logger;
  webhook?: { url: string; secret: string };
}): Promise<void> {
  const telegram = new Telegram(deps.token, { apiRoot: deps.apiRoot });
  if (deps.webhook) {
    try {
      await telegram.setWebhook(deps.webhook.url, {
        secret_token: deps.webhook.secret,
        allowed_updates: [...allowedUpdates],
        drop_pending_updates: false,
      });
      deps.log.info({ url: deps.webhook.url }, 'telegram webhook registered');
    } catch (error) {
      deps.log.error({ description: (error as { description?: string }).description }, 'could not register the telegram webhook');
    }
  }
  try {
    await telegram.setMyCommands(contributorCommands);
  } catch (error) {
    deps.log.warn({ description: (error as { description?: string }).description }, 'could not set the bot command menu');
  }
}
