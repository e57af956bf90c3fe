import { validateNewsItem, renderNewsItemPlainText } from '../domain/news-item.js';
import { reviewMessages } from '../messages/review-id.js';
import type { ReviewDeps } from './review-deps.js';

/** `/naskah ID`: the whole draft as plain text, for cards that had to be shortened. */
export async function showDraft(deps: ReviewDeps, chatId: string, draftId: number): Promise<void> {
  const messenger = deps.channels.messenger('telegram');
  const draft = await deps.drafts.getDraft(draftId);
  const item = draft ? validateNewsItem(draft.content) : null;
  if (!draft || !item?.ok) {
    await messenger.sendText(chatId, reviewMessages.draftNotFound());
    return;
  }
  // Plain text (no HTML mode): nothing from the draft can be taken as markup.
  await messenger.sendText(chatId, renderNewsItemPlainText(item.item));
}
