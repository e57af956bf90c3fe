import { whatsappIdOf } from '../domain/phone.js';
import { renderWhatsAppCard } from '../messages/whatsapp-id.js';
import type { CardContext } from './ports/review-store.js';
import type { ReviewDeps } from './review-deps.js';
import { cardInput } from './card-input.js';

/**
 * Editors registered with `warta editor add --whatsapp PHONE` get each draft
 * version as a plain-text card (no photos, no buttons: they answer with
 * SETUJU/TOLAK/REVISI and the card's code). A copy already sent is not sent
 * again, so a retried job adds nothing.
 */
export async function sendWhatsAppCards(deps: ReviewDeps, context: CardContext): Promise<void> {
  if (!deps.channels.has('whatsapp')) return;
  const editors = (await deps.reviews.activeEditors()).filter((editor) => editor.whatsappPhone);
  if (editors.length === 0) return;
  const draftId = context.draft.id;
  const done = new Set((await deps.reviews.cardsOf(draftId)).filter((card) => card.channel === 'whatsapp').map((card) => card.chatId));
  const text = renderWhatsAppCard(cardInput(context, deps.settings.timeZone));
  const messenger = deps.channels.messenger('whatsapp');
  for (const editor of editors) {
    const chatId = whatsappIdOf(editor.whatsappPhone!);
    if (done.has(chatId)) continue;
    const sent = await messenger.sendText(chatId, text);
    await deps.reviews.recordCard({ channel: 'whatsapp', chatId, messageId: sent.messageId, bundleId: context.bundle.id, draftId });
  }
}
