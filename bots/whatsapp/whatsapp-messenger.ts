import { randomUUID } from 'node:crypto';
import { AppError } from '../../src/domain/errors.js';
import type { PayloadOf } from '../../src/jobs/define-job.js';
import type { JobQueue } from '../../src/jobs/job-queue.js';
import { whatsappOutboundJob } from '../../src/jobs/whatsapp-jobs.js';
import type { Logger } from '../../src/logging/logger.js';
import type { ChatMessenger, OutboundPhoto, SendOptions, SentMessage } from '../../src/pipeline/ports/messenger.js';
import { htmlToWhatsApp, renderForWhatsApp } from './format.js';

/** WhatsApp's own limit is ~65k characters; nothing Warta writes comes close. */
const TEXT_LIMIT = 60_000;
const CAPTION_LIMIT = 3_000;

export interface WhatsAppMessengerDeps {
  queue: JobQueue;
  /** Today's reminder budget (WHATSAPP_REMINDER_DAILY_CAP); absent means uncapped. */
  reminderBudget?: { take(): Promise<{ allowed: boolean; used: number; limit: number }> };
  log: Logger;
}

/**
 * ChatMessenger for WhatsApp as workers use it. Workers cannot reach the
 * WhatsApp client (it lives in the whatsapp role's process), so every send is
 * a job on the one `whatsapp-outbound` queue, which the role works through
 * one message at a time at a human pace. The returned message id is the
 * job's; WhatsApp messages cannot be edited or deleted through Warta, and
 * there are no buttons: they become a "Balas KIRIM…" line.
 */
export function createWhatsAppMessenger(deps: WhatsAppMessengerDeps): ChatMessenger {
  async function queueMessage(message: PayloadOf<typeof whatsappOutboundJob>['message']): Promise<string> {
    const id = randomUUID();
    await deps.queue.enqueue(whatsappOutboundJob, { id, message });
    return `wa-out:${id}`;
  }

  return {
    channel: 'whatsapp',
    editsMessages: false,

    async sendText(chatId: string, text: string, options: SendOptions = {}): Promise<SentMessage> {
      if (options.purpose === 'reminder' && deps.reminderBudget) {
        const budget = await deps.reminderBudget.take();
        if (!budget.allowed) {
          deps.log.warn({ limit: budget.limit }, 'WhatsApp reminder cap for today reached; reminder not sent');
          throw new AppError('FORBIDDEN', `The daily cap of ${budget.limit} WhatsApp reminders is reached.`, {
            capped: true,
            limit: budget.limit,
          });
        }
      }
      const rendered = renderForWhatsApp(text, options).slice(0, TEXT_LIMIT);
      return { messageId: await queueMessage({ kind: 'text', chatId, text: rendered }) };
    },

    async editText(chatId: string, messageId: string): Promise<void> {
      // WhatsApp messages sent through Warta cannot be edited: callers that
      // need the news told again (the acknowledgement) send a new message.
      deps.log.debug({ messageId }, 'WhatsApp cannot edit messages; edit skipped');
    },

    async sendPhotos(chatId: string, photos: OutboundPhoto[], options: { html?: boolean } = {}): Promise<SentMessage[]> {
      if (photos.length === 0) return [];
      const caption = (text: string | undefined) =>
        text ? (options.html ? htmlToWhatsApp(text) : text).slice(0, CAPTION_LIMIT) : null;
      const messageId = await queueMessage({
        kind: 'photos',
        chatId,
        photos: photos.slice(0, 10).map((photo) => ({ path: photo.path, caption: caption(photo.caption) })),
      });
      return photos.slice(0, 10).map((_, index) => ({ messageId: `${messageId}:${index}` }));
    },

    async deleteMessage(): Promise<void> {
      // Not offered on WhatsApp.
    },

    async answerCallback(): Promise<void> {
      // WhatsApp has no buttons, so there is never a tap to answer.
    },
  };
}
