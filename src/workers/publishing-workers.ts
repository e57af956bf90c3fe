import type { InboundMessage } from '../domain/inbound-message.js';
import type { JobHandler } from '../jobs/job-queue.js';
import type { publishToSiteJob } from '../jobs/publishing-jobs.js';
import { decodeCallback } from '../domain/callback-data.js';
import { publishingMessages } from '../messages/publishing-id.js';
import { publishItem } from '../pipeline/publish-item.js';
import type { PublishingDeps } from '../pipeline/publishing-deps.js';
import type { ReviewStore } from '../pipeline/ports/review-store.js';
import { retryPublication } from '../pipeline/retry-publication.js';
import type { EditorCommand } from '../pipeline/route-editor-message.js';
import { withdrawItem } from '../pipeline/withdraw-item.js';

/** One handler for every target's queue: the publication names its target. */
export function publishHandler(deps: PublishingDeps): JobHandler<typeof publishToSiteJob> {
  return ({ publicationId }, context) => publishItem({ ...deps, log: context.log }, publicationId, context);
}

/** `/terbitkan_ulang ID`, `/tarik ID` and the retry button, for editors only (checked by the router). */
export function publishingEditorCommands(deps: PublishingDeps, reviews: Pick<ReviewStore, 'findEditorByTelegramId'>): Record<string, EditorCommand> {
  const bundleIdFrom = (args: string) => {
    const id = Number(args.trim().replace(/^#/, ''));
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  };
  const usage = (chatId: string, command: string) => deps.channels.messenger('telegram').sendText(chatId, publishingMessages.usage(command)).then(() => {});
  return {
    terbitkan_ulang: async (chatId, args) => {
      const bundleId = bundleIdFrom(args);
      if (!bundleId) return usage(chatId, 'terbitkan_ulang');
      await retryPublication(deps, bundleId, chatId);
    },
    tarik: async (chatId, args, message: InboundMessage) => {
      const bundleId = bundleIdFrom(args);
      if (!bundleId) return usage(chatId, 'tarik');
      const editor = await reviews.findEditorByTelegramId(message.sender.externalId);
      await withdrawItem(deps, bundleId, chatId, editor?.id ?? 0);
    },
    'button:publication.retry': async (chatId, data, message) => {
      const messenger = deps.channels.messenger('telegram');
      const editor = await reviews.findEditorByTelegramId(message.sender.externalId);
      const action = decodeCallback(data);
      if (!editor || action?.kind !== 'publication.retry') {
        await messenger.answerCallback(message.callback!.id, 'Hanya redaktur yang dapat melakukan ini.', { alert: true });
        return;
      }
      await messenger.answerCallback(message.callback!.id);
      const publication = await deps.publications.get(action.publicationId);
      if (publication) await retryPublication(deps, publication.bundleId, chatId);
    },
  };
}
