import type { ChannelName } from '../../domain/records.js';

/** A button under a message. On WhatsApp, buttons become reply keywords. */
export interface ChatButton {
  label: string;
  /** Encoded with the callback codec; at most 64 bytes. */
  data: string;
}

export interface SendOptions {
  /** Rows of buttons. */
  buttons?: ChatButton[][];
  /** The text is Telegram-HTML: every piece of user or LLM text in it was escaped. */
  html?: boolean;
  replyToMessageId?: string;
  /** Ask the client to show a reply box (Telegram force_reply). */
  forceReply?: boolean;
  /**
   * What the message is for, when a channel treats it specially. 'reminder':
   * WhatsApp counts it against WHATSAPP_REMINDER_DAILY_CAP and refuses it over
   * the cap with AppError('FORBIDDEN', …, { capped: true }).
   */
  purpose?: 'reminder';
}

export interface SentMessage {
  /** The last message sent (the one carrying any buttons). */
  messageId: string;
  /** Every message sent, when a long text went out in parts. */
  partIds?: string[];
}

export interface OutboundPhoto {
  /** A file on disk. */
  path: string;
  caption?: string;
}

/**
 * Sending to people on one channel. Implementations keep the platform's rate
 * limits and retry what can be retried; a recipient who blocked the bot raises
 * AppError('FORBIDDEN') with details.blocked = true.
 */
export interface ChatMessenger {
  readonly channel: ChannelName;
  /**
   * False when sent messages cannot be edited (WhatsApp): editText is then a
   * no-op, and a refreshed acknowledgement goes out as a new message.
   * Absent means true.
   */
  readonly editsMessages?: boolean;
  sendText(chatId: string, text: string, options?: SendOptions): Promise<SentMessage>;
  editText(chatId: string, messageId: string, text: string, options?: SendOptions): Promise<void>;
  /** One photo, or an album of 2-10; returns one message per photo. */
  sendPhotos(chatId: string, photos: OutboundPhoto[], options?: { html?: boolean }): Promise<SentMessage[]>;
  deleteMessage(chatId: string, messageId: string): Promise<void>;
  /** Answers a button tap at once; `alert` shows a dialog instead of a toast. */
  answerCallback(callbackId: string, text?: string, options?: { alert?: boolean }): Promise<void>;
}
