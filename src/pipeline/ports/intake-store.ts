import type { InboundKind, InboundMedia, InboundMessage } from '../../domain/inbound-message.js';
import type { Agency, ChannelName, Contributor } from '../../domain/records.js';
import type { BundleStatus } from '../../domain/bundle-status.js';
import type { BundleCounts } from '../../messages/id.js';

export interface KnownContributor extends Contributor {
  agency: Agency;
  chatId: string;
}

export interface BundleRecord {
  id: number;
  contributorId: number;
  agencyId: number;
  channel: ChannelName;
  chatId: string;
  status: BundleStatus;
  ackMessageId: string | null;
  createdAt: Date;
  lastActivityAt: Date;
  submittedAt: Date | null;
}

export interface StoredInboundMessage {
  id: number;
  bundleId: number | null;
  contributorId: number | null;
  kind: InboundKind;
  channel: ChannelName;
  raw: unknown;
  media: InboundMedia | null;
  mediaAssetId: number | null;
  mediaError: string | null;
}

/** Raw updates as they arrived, stored before the channel is told "received". */
export interface InboundUpdateStore {
  /** Stores an update once; 'duplicate' when this channel already delivered it. */
  /** `json`, when given, is the payload exactly as received, stored without serialising it again. */
  record(channel: ChannelName, updateId: string, payload: unknown, json?: string): Promise<'new' | 'duplicate'>;
  get(channel: ChannelName, updateId: string): Promise<{ payload: unknown; status: 'pending' | 'processed' | 'failed' } | null>;
  markProcessed(channel: ChannelName, updateId: string, options?: { forgetPayload?: boolean }): Promise<void>;
  markFailed(channel: ChannelName, updateId: string, error: string): Promise<void>;
  /**
   * Claims up to `limit` stored updates not yet handed to the job queue
   * (marks them queued) and returns them, oldest first. Safe with several
   * dispatchers: each update is claimed once.
   */
  claimUnqueued(limit: number): Promise<Array<{ channel: ChannelName; updateId: string }>>;
  /** Gives claims back when they could not be queued (Redis down): the next round retries. */
  releaseClaims(updates: Array<{ channel: ChannelName; updateId: string }>): Promise<void>;
  /** Updates queued before `olderThan` and still pending: their job was lost. */
  listStalePending(olderThan: Date, limit: number): Promise<Array<{ channel: ChannelName; updateId: string }>>;
}

export interface NewInboundMessage {
  message: InboundMessage;
  contributorId: number;
  bundleId: number | null;
  kind: InboundKind;
  mediaError?: string | null;
}

export interface IntakeStore {
  findContributor(channel: ChannelName, externalIds: string[]): Promise<KnownContributor | null>;
  registerContributor(input: {
    agencyId: number;
    name: string;
    channel: ChannelName;
    externalId: string;
    chatId: string;
    username: string | null;
    phone: string | null;
  }): Promise<{ contributor: KnownContributor; created: boolean }>;
  /** Adds the ids the contributor also appears under (WhatsApp @c.us and @lid); ids already known are left as they are. */
  linkIdentities(contributorId: number, channel: ChannelName, externalIds: string[], chatId: string): Promise<void>;
  markContributorUnreachable(channel: ChannelName, chatId: string): Promise<void>;
  markContributorReachable(contributorId: number): Promise<void>;

  /** The contributor's open bundle, created when there is none (one open bundle per contributor). */
  openBundle(contributor: KnownContributor, channel: ChannelName, chatId: string, at: Date): Promise<BundleRecord>;
  findOpenBundle(contributorId: number): Promise<BundleRecord | null>;
  getBundle(bundleId: number): Promise<BundleRecord | null>;
  touchBundle(bundleId: number, at: Date): Promise<void>;
  setEventPlace(bundleId: number, place: { latitude: number; longitude: number; title: string | null }): Promise<void>;
  /** Stores the message; `isNew` false when this chat message was already stored. */
  recordMessage(input: NewInboundMessage): Promise<{ id: number; isNew: boolean }>;
  getMessage(id: number): Promise<StoredInboundMessage | null>;
  attachMedia(messageId: number, mediaAssetId: number): Promise<void>;
  setMediaError(messageId: number, error: string): Promise<void>;
  createMediaAsset(asset: {
    sha256: string;
    mime: string;
    sizeBytes: number;
    width: number | null;
    height: number | null;
    durationSec: number | null;
    storagePath: string;
    webPath: string | null;
  }): Promise<number>;
  countBundle(bundleId: number): Promise<BundleCounts>;
  /** Records the acknowledgement message once; false when another one was recorded first. */
  setAckMessage(bundleId: number, messageId: string): Promise<boolean>;
  /** open -> submitted, only if still open and not empty. */
  submitBundle(bundleId: number, at: Date): Promise<'submitted' | 'empty' | 'not-open'>;
  /** open -> cancelled, only if still open. */
  cancelBundle(bundleId: number): Promise<boolean>;
  recentBundles(contributorId: number, limit: number): Promise<Array<BundleRecord & { counts: BundleCounts }>>;
}
