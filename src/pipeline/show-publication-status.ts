import { decisionFooter, renderReviewCard } from '../messages/review-id.js';
import { publishingMessages } from '../messages/publishing-id.js';
import type { PublishingDeps } from './publishing-deps.js';
import { cardInput } from './card-input.js';

/** The approved card copies show where the item went: "📤 Terbit: situs berita ✓, kanal Telegram …". */
export async function showPublicationStatus(deps: PublishingDeps, bundleId: number): Promise<void> {
  if (!deps.channels.has('telegram')) return;
  const decision = await deps.reviews.latestDecision(bundleId);
  if (!decision || decision.action !== 'approve') return;
  const context = await deps.reviews.cardContext(decision.draftId);
  if (!context) return;
  const publications = await deps.publications.listForBundle(bundleId);
  const footer = `${decisionFooter(decision, deps.settings.timeZone)}\n${publishingMessages.publicationSummary(publications)}`;
  const text = renderReviewCard(cardInput(context, deps.settings.timeZone), footer);
  // Only Telegram cards can be edited; WhatsApp editors' text cards stay as sent.
  for (const card of (await deps.reviews.cardsOf(decision.draftId)).filter((c) => c.channel === 'telegram')) {
    await deps.channels
      .messenger('telegram')
      .editText(card.chatId, card.messageId, text, { html: true, buttons: [] })
      .catch((error: unknown) => deps.log.debug({ err: error }, 'card status not updated'));
  }
}
