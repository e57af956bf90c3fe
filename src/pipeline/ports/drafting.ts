import type { NewsItem } from '../../domain/news-item.js';
import type { DraftPromptInput } from '../../domain/draft-prompt.js';

export interface DraftResult {
  item: NewsItem;
  model: string;
  promptVersion: string;
  inputTokens: number | null;
  outputTokens: number | null;
  latencyMs: number;
  costUsd: number | null;
  /** How many repair requests were needed after invalid output. */
  repairs: number;
}

/**
 * Drafts a news item with an LLM. Rejects with AppError('UNAVAILABLE') when
 * the service cannot be reached after bounded retries, and AppError
 * ('VALIDATION', …, { refusal? }) when the model refused or kept answering
 * invalid output.
 */
export interface Drafter {
  readonly model: string;
  draft(input: DraftPromptInput): Promise<DraftResult>;
}

/** Speech to text for voice notes. Rejects with AppError on failure. */
export interface Transcriber {
  readonly model: string;
  transcribe(audio: Buffer, mime: string): Promise<string>;
}
