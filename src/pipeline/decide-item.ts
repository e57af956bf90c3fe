import type { RejectReason } from '../domain/callback-data.js';
import type { DecisionAction, DecisionRecord } from '../domain/decision.js';
import { draftBundleJob } from '../jobs/drafting-jobs.js';
import { decisionFooter, renderReviewCard, reviewMessages } from '../messages/review-id.js';
import type { ReviewDeps } from './review-deps.js';
import { cardInput } from './card-input.js';

export type DecideOutcome = { decided: true; decision: DecisionRecord } | { decided: false; message: string };

/**
 * An editor decides a draft. Exactly one decision wins per draft version (a
 * conditional update in the store); the caller answers the tap with the
 * outcome at once, then `finishDecision` does the slow part.
 */
export async function decideItem(
  deps: ReviewDeps,
  input: { draftId: number; version: number; editorId: number; action: DecisionAction; reason?: RejectReason | null; instruction?: string | null },
): Promise<DecideOutcome> {
  const result = await deps.reviews.decide(input);
  if (result.decided) {
    deps.log.info({ draftId: input.draftId, action: input.action, editorId: input.editorId, reason: input.reason }, 'draft decided');
    return result;
  }
  if (result.previous && result.previous.draftId === input.draftId) {
    return { decided: false, message: reviewMessages.alreadyDecided(result.previous) };
  }
  return { decided: false, message: reviewMessages.outdatedVersion() };
}

/** After a decision: every card copy says who decided what, the contributor is told, the next step is queued. */
export async function finishDecision(
  deps: ReviewDeps,
  decision: DecisionRecord,
  version: number,
  options: { redraft?: boolean } = {},
): Promise<void> {
  const context = await deps.reviews.cardContext(decision.draftId);
  if (!context) return;
  const log = deps.log.child({ bundleId: decision.bundleId, draftId: decision.draftId, action: decision.action });

  // The next step first: it must happen even if a chat edit fails.
  if (decision.action === 'approve') await deps.publishApproved(decision.bundleId);
  const redraft = options.redraft ?? true;
  if (redraft && (decision.action === 'regenerate' || (decision.action === 'revise' && decision.instruction && !decision.instruction.startsWith('?')))) {
    await deps.queue.enqueue(draftBundleJob, {
      bundleId: decision.bundleId,
      reason: decision.action === 'regenerate' ? 'regenerate' : 'revision',
      instruction: decision.action === 'revise' ? decision.instruction : null,
      baseVersion: version,
    });
  }
  if (decision.action === 'revise' && decision.instruction?.startsWith('?')) {
    await deps.reviews.setPendingQuestion(decision.bundleId, decision.instruction.slice(1).trim(), deps.clock.now());
  }

  if (deps.channels.has('telegram')) {
    const text = renderReviewCard(cardInput(context, deps.settings.timeZone), decisionFooter(decision, deps.settings.timeZone));
    const messenger = deps.channels.messenger('telegram');
    // Only Telegram cards can be edited; WhatsApp editors' text cards stay as sent.
    for (const card of (await deps.reviews.cardsOf(decision.draftId)).filter((c) => c.channel === 'telegram')) {
      await messenger.editText(card.chatId, card.messageId, text, { html: true, buttons: [] }).catch((error: unknown) => {
        log.warn({ err: error }, 'could not update a card copy');
      });
    }
  }

  if (!deps.channels.has(context.bundle.channel)) return;
  const contributorChat = deps.channels.messenger(context.bundle.channel);
  const title = String((context.draft.content as { title?: unknown }).title ?? '');
  const notify = async (text: string) => {
    await contributorChat.sendText(context.bundle.chatId, text, { html: true }).catch((error: unknown) => {
      log.warn({ err: error }, 'could not notify the contributor');
    });
  };
  if (decision.action === 'approve') await notify(reviewMessages.contributorApproved(title));
  else if (decision.action === 'reject') await notify(reviewMessages.contributorRejected(title, (decision.reason ?? 'other') as RejectReason));
  else if (decision.action === 'revise' && decision.instruction?.startsWith('?')) {
    await notify(reviewMessages.contributorQuestion(decision.instruction.slice(1).trim()));
  }
}
