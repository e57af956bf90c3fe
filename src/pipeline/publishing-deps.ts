import type { Logger } from '../logging/logger.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Channels } from './ports/channels.js';
import type { Clock } from './ports/clock.js';
import type { PublicationStore, PublishTarget } from './ports/publishing.js';
import type { ReviewStore } from './ports/review-store.js';

export interface PublishingDeps {
  publications: PublicationStore;
  reviews: Pick<ReviewStore, 'findEditorByTelegramId' | 'latestDecision' | 'cardsOf' | 'cardContext'>;
  /** The configured targets by name; `site` is always there. */
  targets: Record<string, PublishTarget>;
  queue: JobQueue;
  channels: Channels;
  clock: Clock;
  settings: { timeZone: string; editorsChatId: string | null; publicUrl: string };
  log: Logger;
}
