import { encodeCallback, rejectReasons, type CallbackAction } from '../domain/callback-data.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import { rejectReasonLabels, reviewMessages } from '../messages/review-id.js';
import { decideItem, finishDecision } from './decide-item.js';
import type { ReviewDeps } from './review-deps.js';

type DraftAction = Extract<CallbackAction, { draftId: number }>;

/**
 * An editor tapped a button on a review card. The tap is answered at once —
 * with an alert for a non-editor or a late tap — and the slow part follows.
 */
export async function pressEditorButton(deps: ReviewDeps, message: InboundMessage, action: DraftAction): Promise<void> {
  const callback = message.callback!;
  const messenger = deps.channels.messenger(message.channel);
  const editor = await deps.reviews.findEditorByTelegramId(message.sender.externalId);
  if (!editor) {
    await messenger.answerCallback(callback.id, reviewMessages.notAnEditor(), { alert: true });
    return;
  }
  const { draftId, version } = action;

  if (action.kind === 'draft.reject' || action.kind === 'draft.revise') {
    // Not a decision yet: check it is still open, then ask for the reason or the instruction.
    const context = await deps.reviews.cardContext(draftId);
    if (!context || context.bundle.status !== 'in_review' || context.latestVersion !== version) {
      const previous = context ? await deps.reviews.latestDecision(context.bundle.id) : null;
      const text = previous && previous.draftId === draftId ? reviewMessages.alreadyDecided(previous) : reviewMessages.outdatedVersion();
      await messenger.answerCallback(callback.id, text, { alert: true });
      return;
    }
    await messenger.answerCallback(callback.id);
    if (action.kind === 'draft.reject') {
      const buttons = rejectReasons.map((reason) => [
        { label: rejectReasonLabels[reason], data: encodeCallback({ kind: 'draft.reject-reason', draftId, version, reason }) },
      ]);
      await messenger.sendText(message.sender.chatId, reviewMessages.chooseRejectReason(), { buttons, replyToMessageId: callback.messageId ?? undefined });
    } else {
      const prompt = await messenger.sendText(message.sender.chatId, reviewMessages.revisePrompt(context.bundle.id, version), {
        forceReply: true,
        replyToMessageId: callback.messageId ?? undefined,
      });
      await deps.reviews.createPrompt({ editorId: editor.id, draftId, version, chatId: message.sender.chatId, messageId: prompt.messageId, purpose: 'revise' });
    }
    return;
  }

  const decisionAction = action.kind === 'draft.approve' ? 'approve' : action.kind === 'draft.regenerate' ? 'regenerate' : 'reject';
  const outcome = await decideItem(deps, {
    draftId,
    version,
    editorId: editor.id,
    action: decisionAction,
    reason: action.kind === 'draft.reject-reason' ? action.reason : null,
  });
  if (!outcome.decided) {
    await messenger.answerCallback(callback.id, outcome.message, { alert: true });
    return;
  }
  await messenger.answerCallback(callback.id, reviewMessages.decided(decisionAction));
  if (action.kind === 'draft.reject-reason' && callback.messageId) {
    await messenger
      .editText(message.sender.chatId, callback.messageId, `${reviewMessages.chooseRejectReason()} ${rejectReasonLabels[action.reason]}`, { buttons: [] })
      .catch(() => {});
  }
  await finishDecision(deps, outcome.decision, version);
}
