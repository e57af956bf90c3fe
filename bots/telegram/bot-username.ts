import { Telegram } from 'telegraf';

/** Asks the Bot API for the bot's username (getMe), for invite deep links. */
export async function fetchBotUsername(token: string, apiRoot: string): Promise<string> {
  const telegram = new Telegram(token, { apiRoot });
  const me = await telegram.getMe();
  return me.username;
}

export function telegramDeepLink(botUsername: string, inviteCode: string): string {
  return `https://t.me/${botUsername.replace(/^@/, '')}?start=${inviteCode}`;
}
