import type { ChannelName } from './records.js';

/** What a person sent, in the project's own terms, whichever channel carried it. */
export type InboundKind =
  | 'text'
  | 'photo'
  | 'voice'
  | 'audio'
  | 'video'
  | 'document'
  | 'location'
  | 'command'
  | 'callback'
  | 'unsupported';

export interface InboundMedia {
  /** The channel's handle to fetch the file (Telegram file_id, WhatsApp message id). */
  fileRef: string;
  declaredSize: number | null;
  declaredMime: string | null;
  fileName: string | null;
  durationSec: number | null;
}

export interface InboundSender {
  /** The channel's stable id for the person (Telegram user id, WhatsApp wid). */
  externalId: string;
  /** Other ids the same person may appear under (WhatsApp @lid and @c.us). */
  alternateIds: string[];
  /** Where replies go. */
  chatId: string;
  displayName: string;
  username: string | null;
  /** E.164 phone number when the channel reveals it. */
  phone: string | null;
}

export interface InboundMessage {
  channel: ChannelName;
  /** Unique per channel: chat id plus message id, so a redelivery is recognised. */
  externalId: string;
  messageId: string;
  updateId: string | null;
  sender: InboundSender;
  /** Whether the chat is a private one; group messages are ignored for intake. */
  privateChat: boolean;
  sentAt: Date;
  kind: InboundKind;
  text: string | null;
  caption: string | null;
  command: { name: string; args: string } | null;
  media: InboundMedia | null;
  /** Items of one album share this id (Telegram media_group_id). */
  mediaGroupId: string | null;
  location: { latitude: number; longitude: number; title: string | null } | null;
  callback: { id: string; data: string; messageId: string | null } | null;
  /** For unsupported kinds: what it was (sticker, poll, contact…). */
  unsupportedKind: string | null;
  /** The reply-to message id, for answers to forced replies. */
  replyToMessageId: string | null;
  raw: unknown;
}

/**
 * A message's content fields, all empty: each channel's adapter starts from
 * this and fills in what the message carries.
 */
export const noContent: Pick<
  InboundMessage,
  'text' | 'caption' | 'command' | 'media' | 'mediaGroupId' | 'location' | 'callback' | 'unsupportedKind'
> = { text: null, caption: null, command: null, media: null, mediaGroupId: null, location: null, callback: null, unsupportedKind: null };
