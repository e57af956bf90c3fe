import { reviewMessages } from '../messages/review-id.js';
import type { ReviewDeps } from './review-deps.js';

function waited(since: Date | null, now: Date): string {
  if (!since) return '';
  const minutes = Math.max(0, Math.round((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} menit`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} jam` : `${Math.round(hours / 24)} hari`;
}

/** `/antrian`: what waits for review, oldest first. */
export async function showReviewQueue(deps: ReviewDeps, chatId: string): Promise<void> {
  const items = await deps.reviews.reviewQueue(30);
  const now = deps.clock.now();
  const text =
    items.length === 0
      ? reviewMessages.queueEmpty()
      : reviewMessages.queue(items.map((i) => ({ ...i, waited: waited(i.submittedAt, now) })));
  await deps.channels.messenger('telegram').sendText(chatId, text, { html: true });
}
