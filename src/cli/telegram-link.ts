import type { CliContext } from './cli-context.js';

export async function telegramLinkFor(context: CliContext, inviteCode: string): Promise<string | null> {
  const username = await context.botUsername();
  return username ? `https://t.me/${username}?start=${inviteCode}` : null;
}
