import type { Logger } from '../logging/logger.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Channels } from './ports/channels.js';
import type { Clock } from './ports/clock.js';
import type { ChartRenderer, DigestStore, HolidayStore, ReminderStore } from './ports/reminders.js';

/** What the reminder ladder and the weekly digest need. */
export interface ReminderDeps {
  reminders: ReminderStore;
  holidays: Pick<HolidayStore, 'find'>;
  digest: DigestStore;
  charts: ChartRenderer;
  channels: Channels;
  /** Fans nudges out as jobs in the worker; absent in the CLI, which sends in-process. */
  queue?: JobQueue;
  clock: Clock;
  settings: {
    timeZone: string;
    /** Gets the list of agencies with no reachable contributor (TELEGRAM_ADMIN_CHAT_ID, else the editors' chat). */
    adminChatId: string | null;
    editorsChatId: string | null;
    leadershipChatId: string | null;
  };
  log: Logger;
}
