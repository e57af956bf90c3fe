import type { ChannelName, Editor } from '../../domain/records.js';
import type { StoredDraft } from './draft-store.js';

import type { DecisionAction, DecisionRecord } from '../../domain/decision.js';

export type { DecisionAction, DecisionRecord };

export interface CardContext {
  draft: StoredDraft;
  bundle: { id: number; status: string; channel: ChannelName; chatId: string; contributorId: number; eventPlace: string | null; submittedAt: Date | null; createdAt: Date };
  agency: { id: number; name: string };
  contributor: { id: number; name: string; role: string | null };
  /** Photos in the order they were sent (web-size files when available). */
  photos: Array<{ storagePath: string; caption: string | null }>;
  /** Raw material for manual drafts: notes and captions as sent. */
  notes: string[];
  /** The newest version of this bundle's draft. */
  latestVersion: number;
}

export interface ReviewCardCopy {
  channel: ChannelName;
  chatId: string;
  messageId: string;
}

export interface ReviewStore {
  cardContext(draftId: number): Promise<CardContext | null>;
  cardsOf(draftId: number): Promise<ReviewCardCopy[]>;
  recordCard(card: ReviewCardCopy & { bundleId: number; draftId: number }): Promise<void>;
  findCardByMessage(chatId: string, messageId: string): Promise<{ draftId: number; bundleId: number } | null>;

  /**
   * The one-decision rule: moves the bundle out of review only if it is still
   * in review at exactly this draft version, and records the decision in the
   * same transaction. Otherwise returns the decision that got there first.
   */
  decide(input: {
    draftId: number;
    version: number;
    editorId: number;
    action: DecisionAction;
    reason?: string | null;
    instruction?: string | null;
  }): Promise<{ decided: true; decision: DecisionRecord } | { decided: false; previous: DecisionRecord | null }>;
  latestDecision(bundleId: number): Promise<DecisionRecord | null>;

  reviewQueue(limit: number): Promise<Array<{ bundleId: number; draftId: number; version: number; title: string; agencyName: string; submittedAt: Date | null }>>;

  createPrompt(prompt: { editorId: number; draftId: number; version: number; chatId: string; messageId: string; purpose: 'revise' }): Promise<void>;
  findPrompt(chatId: string, messageId: string): Promise<{ editorId: number; draftId: number; version: number; purpose: string } | null>;

  /** Puts a question to the contributor: their next message joins this bundle. */
  setPendingQuestion(bundleId: number, question: string, at: Date): Promise<void>;
  /** The bundle waiting for this contributor's answer, if any; clears the question. */
  takePendingQuestion(contributorId: number): Promise<{ bundleId: number; question: string } | null>;

  findEditorByTelegramId(userId: string): Promise<Editor | null>;
  activeEditors(): Promise<Editor[]>;
}
