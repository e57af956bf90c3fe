import type { ChannelName } from '../domain/records.js';
import type { Logger } from '../logging/logger.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { AgencyStore, AuditLog, EditorStore } from './ports/admin-stores.js';
import type { Channels } from './ports/channels.js';
import type { Clock } from './ports/clock.js';
import type { InboundUpdateStore, IntakeStore } from './ports/intake-store.js';
import type { MediaStore } from './ports/media-store.js';

export interface IntakeSettings {
  bundleIdleSeconds: number;
  timeZone: string;
  /** How long album items are awaited before the acknowledgement goes out. */
  ackDebounceMs: number;
  /**
   * The same wait per channel where it differs: WhatsApp marks no albums and
   * cannot edit the acknowledgement, so images in a row are awaited longer.
   */
  ackDebounceMsByChannel?: Partial<Record<ChannelName, number>>;
  maxMediaBytes: number;
}

/** What the contributor-side use cases need, passed as one explicit object. */
export interface IntakeDeps {
  intake: IntakeStore;
  updates: InboundUpdateStore;
  agencies: AgencyStore;
  editors: EditorStore;
  audit: AuditLog;
  queue: JobQueue;
  channels: Channels;
  media: MediaStore;
  clock: Clock;
  settings: IntakeSettings;
  log: Logger;
}

/** How long to wait for more items before acknowledging a bundle on this channel. */
export function ackDelayMs(settings: IntakeSettings, channel: ChannelName): number {
  return settings.ackDebounceMsByChannel?.[channel] ?? settings.ackDebounceMs;
}
