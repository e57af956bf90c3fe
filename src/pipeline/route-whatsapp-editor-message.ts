import type { RejectReason } from '../domain/callback-data.js';
import type { DecisionAction } from '../domain/decision.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import { whatsappEditorMessages } from '../messages/whatsapp-id.js';
import { decideItem, finishDecision } from './decide-item.js';
import type { ReviewDeps } from './review-deps.js';

// "SETUJU 42", "TOLAK 42 foto buram", "REVISI 42 judul lebih singkat" (any case, optional # before the code).
const decisionPattern = /^\s*\/?(setuju|tolak|revisi)\s+#?(\d{1,9})\b\s*([\s\S]*)$/i;

/** The rejection reason a free-text "alasan" comes closest to; the text itself is kept with the decision. */
export function rejectReasonOf(text: string): RejectReason {
  const t = text.toLowerCase();
  if (/\bfoto\b|gambar|buram|gelap/.test(t)) return 'photo';
  if (/duplikat|ganda|sudah pernah|sudah diberitakan|dobel/.test(t)) return 'duplicate';
  if (/bukan berita|tidak untuk (di)?publikasi|tidak layak|rahasia/.test(t)) return 'not-news';
  if (/lengkap|kurang|belum jelas/.test(t)) return 'incomplete';
  return 'other';
}

/**
 * An editor on WhatsApp answers a text card with a keyword and the card's
 * code (the draft id). The same one-decision rule as the Telegram buttons
 * holds: the first decision on a draft version wins, later ones are told who
 * decided. Messages from anyone who is not a WhatsApp editor go on to intake.
 */
export function routeWhatsAppEditorMessage(deps: ReviewDeps) {
  return async (message: InboundMessage): Promise<boolean> => {
    if (message.channel !== 'whatsapp' || message.kind !== 'text' || !message.text || !message.privateChat) return false;
    const match = decisionPattern.exec(message.text);
    const phone = message.sender.phone;
    if (!match || !phone) return false;
    const editor = (await deps.reviews.activeEditors()).find((candidate) => candidate.whatsappPhone === phone);
    if (!editor) return false;

    const messenger = deps.channels.messenger('whatsapp');
    const reply = (text: string) => messenger.sendText(message.sender.chatId, text);
    const keyword = match[1]!.toLowerCase();
    const code = Number(match[2]);
    const rest = match[3]!.trim().slice(0, 4000);
    const context = await deps.reviews.cardContext(code);
    if (!context) {
      await reply(whatsappEditorMessages.unknownCode(match[2]!));
      return true;
    }
    if (keyword !== 'setuju' && !rest) {
      await reply(whatsappEditorMessages.usage());
      return true;
    }
    const action: DecisionAction = keyword === 'setuju' ? 'approve' : keyword === 'tolak' ? 'reject' : 'revise';
    const version = context.draft.version;
    const outcome = await decideItem(deps, {
      draftId: code,
      version,
      editorId: editor.id,
      action,
      reason: action === 'reject' ? rejectReasonOf(rest) : null,
      instruction: action === 'approve' ? null : rest,
    });
    if (!outcome.decided) {
      await reply(outcome.message);
      return true;
    }
    await reply(action === 'revise' && rest.startsWith('?') ? whatsappEditorMessages.questionSent(code) : whatsappEditorMessages.decided(action, code));
    await finishDecision(deps, outcome.decision, version);
    return true;
  };
}
