import { escapeHtml } from '../../domain/html.js';
import { formatDateline } from '../../domain/news-item.js';
import type { ChatMessenger } from '../../pipeline/ports/messenger.js';
import type { PublishableItem, PublishTarget } from '../../pipeline/ports/publishing.js';

const captionLimit = 1024;

/** The post's text: bold title, dateline and lead, body, and the link to the article. */
export function channelPostText(item: PublishableItem): string {
  const e = escapeHtml;
  return [
    `<b>${e(item.item.title)}</b>`,
    `${e(formatDateline(item.item))}${e(item.item.lead)}`,
    ...item.item.body.map(e),
    `🔗 <a href="${e(item.url)}">Baca di situs</a> · ${e(item.agency.name)}`,
  ].join('\n\n');
}

/**
 * A Telegram channel (TELEGRAM_CHANNEL_ID): the photos as one album, then the
 * text (split by the messenger if over 4096 characters). The external id lists
 * every message, so withdrawing can delete them all.
 */
export function createTelegramChannelTarget(deps: { messenger: ChatMessenger; channelId: string }): PublishTarget {
  return {
    name: 'telegram_channel',
    async publish(item, previous) {
      if (previous.externalId) return { externalId: previous.externalId, url: null }; // posted already
      const messageIds: string[] = [];
      if (item.photos.length > 0) {
        const album = await deps.messenger.sendPhotos(
          deps.channelId,
          item.photos.slice(0, 10).map((photo) => ({ path: photo.path, caption: photo.caption?.slice(0, captionLimit) || undefined })),
        );
        messageIds.push(...album.map((m) => m.messageId));
      }
      const text = await deps.messenger.sendText(deps.channelId, channelPostText(item), { html: true });
      messageIds.push(...(text.partIds ?? [text.messageId]));
      const channel = deps.channelId.startsWith('@') ? deps.channelId.slice(1) : null;
      return { externalId: messageIds.join(','), url: channel ? `https://t.me/${channel}/${text.messageId}` : null };
    },
    async withdraw(_item, externalId) {
      for (const messageId of externalId.split(',').filter(Boolean)) {
        await deps.messenger.deleteMessage(deps.channelId, messageId);
      }
    },
  };
}
