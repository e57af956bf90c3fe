import { encodeCallback } from '../domain/callback-data.js';
import { isAppError } from '../domain/errors.js';
import { renderReviewCard, reviewMessages, captionLimit } from '../messages/review-id.js';
import { cardInput } from './card-input.js';
import type { ChatButton } from './ports/messenger.js';
import type { ReviewDeps } from './review-deps.js';
import { sendWhatsAppCards } from './send-whatsapp-cards.js';

export function decisionButtons(draftId: number, version: number): ChatButton[][] {
  return [
    [
      { label: reviewMessages.approveButton(), data: encodeCallback({ kind: 'draft.approve', draftId, version }) },
      { label: reviewMessages.reviseButton(), data: encodeCallback({ kind: 'draft.revise', draftId, version }) },
    ],
    [
      { label: reviewMessages.rejectButton(), data: encodeCallback({ kind: 'draft.reject', draftId, version }) },
      { label: reviewMessages.regenerateButton(), data: encodeCallback({ kind: 'draft.regenerate', draftId, version }) },
    ],
  ];
}

/**
 * Sends one review card per editor chat: the photos (an album or one photo)
 * for the first version, then the card with its four buttons. Chats that
 * already have this card are skipped, so a retried job sends no duplicates.
 */
export async function sendReviewCard(deps: ReviewDeps, draftId: number): Promise<void> {
  const context = await deps.reviews.cardContext(draftId);
  if (!context) return;
  const log = deps.log.child({ draftId, bundleId: context.bundle.id });
  if (context.latestVersion !== context.draft.version || context.bundle.status !== 'in_review') {
    log.info({ status: context.bundle.status }, 'card not sent: draft no longer current');
    return;
  }
  await sendWhatsAppCards(deps, context).catch((error: unknown) => {
    // Telegram is the editors' main channel: a WhatsApp problem must not hold its cards back.
    log.warn({ err: error }, 'WhatsApp review cards not sent');
  });
  if (!deps.channels.has('telegram')) {
    log.warn('no Telegram bot configured: review cards cannot be sent');
    return;
  }
  const messenger = deps.channels.messenger('telegram');
  const editors = await deps.reviews.activeEditors();
  const chats = [...new Set([...editors.flatMap((e) => (e.telegramUserId ? [e.telegramUserId] : [])), ...(deps.settings.editorsChatId ? [deps.settings.editorsChatId] : [])])];
  if (chats.length === 0) log.warn('no editors registered: add one with `warta editor add --telegram USER_ID`');
  const done = new Set((await deps.reviews.cardsOf(draftId)).filter((card) => card.channel === 'telegram').map((card) => card.chatId));

  const input = cardInput(context, deps.settings.timeZone);
  const text = renderReviewCard(input);
  const buttons = decisionButtons(draftId, context.draft.version);
  const captions = new Map(input.item.photoCaptions?.map((c) => [c.photoIndex, c.caption]) ?? []);
  const photos = context.photos.slice(0, 10).map((photo, index) => ({
    path: deps.media.absolutePath(photo.storagePath),
    caption: (captions.get(index + 1) ?? photo.caption ?? '').slice(0, captionLimit) || undefined,
  }));

  for (const chatId of chats) {
    if (done.has(chatId)) continue;
    try {
      if (context.draft.version === 1 && photos.length > 0) await messenger.sendPhotos(chatId, photos);
      const sent = await messenger.sendText(chatId, text, { html: true, buttons });
      await deps.reviews.recordCard({ channel: 'telegram', chatId, messageId: sent.messageId, bundleId: context.bundle.id, draftId });
    } catch (error) {
      // One editor who blocked the bot must not keep the others from their cards.
      if (isAppError(error, 'FORBIDDEN') || isAppError(error, 'VALIDATION')) {
        log.warn({ err: error, chat: chatId === deps.settings.editorsChatId ? 'editors-group' : 'editor' }, 'card not delivered');
        continue;
      }
      throw error;
    }
  }
}
