import type { InboundMessage } from '../domain/inbound-message.js';
import { validateNewsItem, type NewsItem } from '../domain/news-item.js';
import type { Editor } from '../domain/records.js';
import { sendReviewCardJob } from '../jobs/review-jobs.js';
import { reviewMessages } from '../messages/review-id.js';
import { decideItem, finishDecision } from './decide-item.js';
import type { ReviewDeps } from './review-deps.js';

/**
 * An editor's text reply in the editors' chat: either the instruction asked
 * for by "Revisi" (a correction for the LLM, or a "?" question for the
 * contributor), or corrected text replying to a card, which becomes the next
 * version as it is. Returns false when the reply is to neither.
 */
export async function replyToCard(deps: ReviewDeps, editor: Editor, message: InboundMessage): Promise<boolean> {
  const chatId = message.sender.chatId;
  const repliedTo = message.replyToMessageId;
  const text = message.text?.trim();
  if (!repliedTo || !text) return false;
  const messenger = deps.channels.messenger(message.channel);

  const prompt = await deps.reviews.findPrompt(chatId, repliedTo);
  if (prompt) {
    const instruction = text.slice(0, 4000);
    const outcome = await decideItem(deps, { draftId: prompt.draftId, version: prompt.version, editorId: editor.id, action: 'revise', instruction });
    if (!outcome.decided) {
      await messenger.sendText(chatId, outcome.message, { replyToMessageId: message.messageId });
      return true;
    }
    await messenger.sendText(chatId, instruction.startsWith('?') ? reviewMessages.questionSent() : reviewMessages.revisionQueued(), {
      replyToMessageId: message.messageId,
    });
    await finishDecision(deps, outcome.decision, prompt.version);
    return true;
  }

  const card = await deps.reviews.findCardByMessage(chatId, repliedTo);
  if (!card) return false;
  const context = await deps.reviews.cardContext(card.draftId);
  const current = context ? validateNewsItem(context.draft.content) : null;
  if (!context || !current?.ok || context.bundle.status !== 'in_review' || context.latestVersion !== context.draft.version) {
    await messenger.sendText(chatId, reviewMessages.correctionStale(), { replyToMessageId: message.messageId });
    return true;
  }
  const corrected = applyCorrection(current.item, text);
  // The old version's cards close like any decision; the corrected version gets new ones.
  const outcome = await decideItem(deps, {
    draftId: card.draftId,
    version: context.draft.version,
    editorId: editor.id,
    action: 'revise',
    instruction: 'koreksi langsung oleh redaktur',
  });
  if (!outcome.decided) {
    await messenger.sendText(chatId, outcome.message, { replyToMessageId: message.messageId });
    return true;
  }
  const { draft } = await deps.drafts.createDraft({
    bundleId: context.bundle.id,
    version: context.draft.version + 1,
    kind: 'editor',
    content: corrected,
    warnings: [],
    factCheck: null,
    model: null,
    promptVersion: null,
    inputTokens: null,
    outputTokens: null,
    latencyMs: null,
    costUsd: null,
  });
  await deps.drafts.setStatus(context.bundle.id, ['drafting'], 'in_review');
  await finishDecision(deps, outcome.decision, context.draft.version, { redraft: false });
  await deps.queue.enqueue(sendReviewCardJob, { draftId: draft.id });
  await messenger.sendText(chatId, reviewMessages.correctionSaved(draft.version), { replyToMessageId: message.messageId });
  return true;
}

/** "Judul: …" replaces the title; any other text replaces lead and body (first paragraph is the lead). */
export function applyCorrection(item: NewsItem, text: string): NewsItem {
  const title = /^judul\s*:\s*([\s\S]+)$/i.exec(text);
  if (title) return { ...item, title: title[1]!.replace(/\s+/g, ' ').trim().slice(0, 120) };
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return { ...item, lead: paragraphs[0] ?? item.lead, body: paragraphs.slice(1) };
}
