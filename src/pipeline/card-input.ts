import { validateNewsItem } from '../domain/news-item.js';
import type { CardInput } from '../messages/review-id.js';
import type { CardContext } from './ports/review-store.js';

/** What a review card shows, from a draft and its bundle (every channel renders the same input). */
export function cardInput(context: CardContext, timeZone: string): CardInput {
  const parsed = validateNewsItem(context.draft.content);
  const item = parsed.ok ? parsed.item : (context.draft.content as CardInput['item']);
  const submitted = context.bundle.submittedAt ?? context.bundle.createdAt;
  return {
    bundleId: context.bundle.id,
    draftId: context.draft.id,
    version: context.draft.version,
    kind: context.draft.kind,
    item,
    warnings: context.draft.warnings,
    agencyName: context.agency.name,
    contributorName: context.contributor.name,
    contributorRole: context.contributor.role,
    submittedText: `dikirim ${new Intl.DateTimeFormat('id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(submitted)}`,
    rawNotes: context.notes,
  };
}
