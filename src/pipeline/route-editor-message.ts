import { decodeCallback } from '../domain/callback-data.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import { reviewMessages } from '../messages/review-id.js';
import { pressEditorButton } from './press-editor-button.js';
import { replyToCard } from './reply-to-card.js';
import type { ReviewDeps } from './review-deps.js';
import { showDraft } from './show-draft.js';
import { showReviewQueue } from './show-review-queue.js';

/** Editor commands beyond review, added by later steps (publishing: /terbitkan_ulang, /tarik). */
export type EditorCommand = (chatId: string, args: string, message: InboundMessage) => Promise<void>;

/**
 * Claims the messages meant for the editors' side before intake sees them:
 * taps on review-card buttons, editor commands, and editors' replies to cards.
 * Returns false for everything else.
 */
export function routeEditorMessage(deps: ReviewDeps, extraCommands: Record<string, EditorCommand> = {}) {
  return async (message: InboundMessage): Promise<boolean> => {
    if (message.channel !== 'telegram') return false;
    const chatId = message.sender.chatId;
    const messenger = () => deps.channels.messenger('telegram');

    if (message.kind === 'callback') {
      const action = message.callback ? decodeCallback(message.callback.data) : null;
      if (!action || action.kind.startsWith('bundle.')) return false;
      if ('draftId' in action) {
        await pressEditorButton(deps, message, action);
        return true;
      }
      const handler = extraCommands[`button:${action.kind}`];
      if (!handler) return false;
      await handler(chatId, message.callback!.data, message);
      return true;
    }

    const command = message.command?.name;
    if (command === 'id') {
      // Anyone may ask: the admin needs it for `warta editor add --telegram USER_ID`.
      await messenger().sendText(chatId, reviewMessages.yourTelegramId(message.sender.externalId), { html: true });
      return true;
    }
    const isEditorCommand = command === 'antrian' || command === 'naskah' || (command !== undefined && command in extraCommands);
    if (!isEditorCommand && !(message.kind === 'text' && message.replyToMessageId)) return false;

    const editor = await deps.reviews.findEditorByTelegramId(message.sender.externalId);
    if (!editor) return false; // contributors' own commands and replies go to intake

    if (command === 'antrian') {
      await showReviewQueue(deps, chatId);
      return true;
    }
    if (command === 'naskah') {
      const id = Number(message.command!.args.replace(/^#/, ''));
      if (Number.isSafeInteger(id) && id > 0) await showDraft(deps, chatId, id);
      else await messenger().sendText(chatId, reviewMessages.draftNotFound());
      return true;
    }
    if (command !== undefined && extraCommands[command]) {
      await extraCommands[command]!(chatId, message.command!.args, message);
      return true;
    }
    return replyToCard(deps, editor, message);
  };
}
