import type { Config } from './config.js';

/** Where the reminders' and digest's messages go, from the configuration. */
export function reminderChatTargets(config: Config) {
  return {
    timeZone: config.TIMEZONE,
    // Agencies nobody can reach are the admins' business; the editors hear of it when there is no admin chat.
    adminChatId: config.TELEGRAM_ADMIN_CHAT_ID ?? config.TELEGRAM_EDITORS_CHAT_ID ?? null,
    editorsChatId: config.TELEGRAM_EDITORS_CHAT_ID ?? null,
    leadershipChatId: config.TELEGRAM_LEADERSHIP_CHAT_ID ?? null,
  };
}
