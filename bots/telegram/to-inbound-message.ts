import type { Message, Update } from 'telegraf/types';
import { noContent, type InboundKind, type InboundMedia, type InboundMessage } from '../../src/domain/inbound-message.js';

// Message kinds we do not take, named so the reply can say what it was.
const unsupportedKeys = ['sticker', 'poll', 'contact', 'dice', 'game', 'venue', 'video_note', 'animation', 'story'] as const;

function displayName(from: { first_name: string; last_name?: string; username?: string }): string {
  return [from.first_name, from.last_name].filter(Boolean).join(' ').trim() || from.username || 'Kontributor';
}

function parseCommand(text: string, entities: { type: string; offset: number; length: number }[] | undefined) {
  const first = entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!first && !text.startsWith('/')) return null;
  const token = first ? text.slice(0, first.length) : (text.split(/\s/)[0] ?? '');
  // "/start@warta_bot CODE" -> name "start", args "CODE"
  const name = token.slice(1).split('@')[0]!.toLowerCase();
  if (!/^[a-z0-9_]{1,32}$/.test(name)) return null;
  return { name, args: text.slice(token.length).trim() };
}

function mediaOf(message: Message): { kind: InboundKind; media: InboundMedia } | null {
  if ('photo' in message && message.photo.length > 0) {
    // Telegram lists sizes smallest first: take the largest.
    const largest = message.photo.reduce((best, size) => ((size.width * size.height > best.width * best.height) ? size : best));
    return {
      kind: 'photo',
      media: { fileRef: largest.file_id, declaredSize: largest.file_size ?? null, declaredMime: 'image/jpeg', fileName: null, durationSec: null },
    };
  }
  if ('voice' in message) {
    const v = message.voice;
    return { kind: 'voice', media: { fileRef: v.file_id, declaredSize: v.file_size ?? null, declaredMime: v.mime_type ?? null, fileName: null, durationSec: v.duration } };
  }
  if ('audio' in message) {
    const a = message.audio;
    return { kind: 'audio', media: { fileRef: a.file_id, declaredSize: a.file_size ?? null, declaredMime: a.mime_type ?? null, fileName: a.file_name ?? null, durationSec: a.duration } };
  }
  if ('video' in message) {
    const v = message.video;
    return { kind: 'video', media: { fileRef: v.file_id, declaredSize: v.file_size ?? null, declaredMime: v.mime_type ?? null, fileName: v.file_name ?? null, durationSec: v.duration } };
  }
  if ('document' in message && !('animation' in message)) {
    // Images sent "as file" keep full quality; the real type is checked after download.
    const d = message.document;
    return { kind: 'document', media: { fileRef: d.file_id, declaredSize: d.file_size ?? null, declaredMime: d.mime_type ?? null, fileName: d.file_name ?? null, durationSec: null } };
  }
  return null;
}

/**
 * Turns a Telegram update into the project's inbound message, or null for
 * updates intake does not act on (edits, membership changes, channel posts).
 */
export function toInboundMessage(update: Update): InboundMessage | null {
  const updateId = String(update.update_id);

  if ('callback_query' in update) {
    const query = update.callback_query;
    if (!('data' in query) || typeof query.data !== 'string') return null;
    const chatId = String(query.message?.chat.id ?? query.from.id);
    return {
      channel: 'telegram',
      externalId: `cb:${query.id}`,
      messageId: query.message ? String(query.message.message_id) : '',
      updateId,
      sender: { externalId: String(query.from.id), alternateIds: [], chatId, displayName: displayName(query.from), username: query.from.username ?? null, phone: null },
      privateChat: query.message ? query.message.chat.type === 'private' : true,
      sentAt: new Date(),
      kind: 'callback',
      ...noContent,
      callback: { id: query.id, data: query.data, messageId: query.message ? String(query.message.message_id) : null },
      replyToMessageId: null,
      raw: update,
    };
  }

  if (!('message' in update)) return null;
  const message = update.message;
  if (!message.from || message.from.is_bot) return null;

  const base = {
    channel: 'telegram' as const,
    externalId: `${message.chat.id}:${message.message_id}`,
    messageId: String(message.message_id),
    updateId,
    sender: {
      externalId: String(message.from.id),
      alternateIds: [],
      chatId: String(message.chat.id),
      displayName: displayName(message.from),
      username: message.from.username ?? null,
      phone: null,
    },
    privateChat: message.chat.type === 'private',
    sentAt: new Date(message.date * 1000),
    ...noContent,
    caption: 'caption' in message && message.caption ? message.caption : null,
    mediaGroupId: 'media_group_id' in message && message.media_group_id ? message.media_group_id : null,
    replyToMessageId: 'reply_to_message' in message && message.reply_to_message ? String(message.reply_to_message.message_id) : null,
    raw: update,
  } satisfies Omit<InboundMessage, 'kind'>;

  if ('text' in message) {
    const command = parseCommand(message.text, message.entities);
    if (command) return { ...base, kind: 'command', text: message.text, command };
    return { ...base, kind: 'text', text: message.text };
  }
  for (const key of unsupportedKeys) {
    if (key in message) return { ...base, kind: 'unsupported', unsupportedKind: key };
  }
  if ('location' in message) {
    return { ...base, kind: 'location', location: { latitude: message.location.latitude, longitude: message.location.longitude, title: null } };
  }
  const media = mediaOf(message);
  if (media) return { ...base, kind: media.kind, media: media.media };
  return { ...base, kind: 'unsupported', unsupportedKind: 'other' };
}
