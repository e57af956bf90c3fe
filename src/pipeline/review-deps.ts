import type { Logger } from '../logging/logger.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Channels } from './ports/channels.js';
import type { Clock } from './ports/clock.js';
import type { DraftStore } from './ports/draft-store.js';
import type { IntakeStore } from './ports/intake-store.js';
import type { MediaStore } from './ports/media-store.js';
import type { ReviewStore } from './ports/review-store.js';

/** What the editors' use cases need. */
export interface ReviewDeps {
  reviews: ReviewStore;
  drafts: DraftStore;
  intake: IntakeStore;
  queue: JobQueue;
  channels: Channels;
  media: Pick<MediaStore, 'absolutePath'>;
  clock: Clock;
  settings: {
    timeZone: string;
    /** The editors' group, which gets every card too. */
    editorsChatId: string | null;
  };
  /** Called once a draft is approved: creates the publications and queues them. */
  publishApproved(bundleId: number): Promise<void>;
  log: Logger;
}
