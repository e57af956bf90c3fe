import type { BundleStatus } from '../../domain/bundle-status.js';
import type { ChannelName } from '../../domain/records.js';
import type { InboundKind } from '../../domain/inbound-message.js';

export type DraftKind = 'llm' | 'offline' | 'manual' | 'editor';

export interface MaterialItem {
  messageId: number;
  kind: InboundKind;
  text: string | null;
  caption: string | null;
  receivedAt: Date;
  /** The file is still being downloaded. */
  mediaPending: boolean;
  mediaError: string | null;
  asset: { id: number; sha256: string; mime: string; storagePath: string; webPath: string | null; durationSec: number | null } | null;
}

export interface StoredDraft {
  id: number;
  bundleId: number;
  version: number;
  kind: DraftKind;
  content: unknown;
  warnings: string[];
  questions: string[];
  model: string | null;
  createdAt: Date;
}

/** Everything a draft is made from. */
export interface BundleMaterial {
  bundle: {
    id: number;
    status: BundleStatus;
    channel: ChannelName;
    chatId: string;
    contributorId: number;
    agencyId: number;
    eventPlace: string | null;
    createdAt: Date;
    submittedAt: Date | null;
  };
  agency: { id: number; name: string };
  contributor: { id: number; name: string; role: string | null };
  items: MaterialItem[];
  latestDraft: StoredDraft | null;
}

export interface NewDraft {
  bundleId: number;
  version: number;
  kind: DraftKind;
  content: unknown;
  warnings: string[];
  factCheck: unknown;
  model: string | null;
  promptVersion: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  latencyMs: number | null;
  costUsd: number | null;
}

export interface DraftStore {
  loadMaterial(bundleId: number): Promise<BundleMaterial | null>;
  /** Conditional status change: only from one of `from`. */
  setStatus(bundleId: number, from: BundleStatus[], to: BundleStatus): Promise<boolean>;
  findTranscript(sha256: string): Promise<string | null>;
  saveTranscript(entry: { sha256: string; text: string; model: string; language: string }): Promise<void>;
  /** Creates version N of a bundle's draft; `created` false when that version already exists. */
  createDraft(draft: NewDraft): Promise<{ draft: StoredDraft; created: boolean }>;
  getDraft(draftId: number): Promise<StoredDraft | null>;
}
