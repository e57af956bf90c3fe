// Builders for Telegram updates, shaped like what the Bot API really delivers,
// so tests read as "a user sent a photo" instead of a wall of JSON. They work
// both with `fake.pushUpdate(...)` (long polling) and `bot.handleUpdate(...)`.
import type {
  CallbackQuery,
  Chat,
  Message,
  MessageEntity,
  PhotoSize,
  Update,
  User,
} from 'telegraf/types';

/** Bot id of the default fake token (`123456789:…`). */
export const DEFAULT_BOT_ID = 123456789;
export const DEFAULT_BOT_USERNAME = 'warta_test_bot';

// Module-wide counters keep ids unique across every builder call in a test
// file; update ids also only grow, which long polling relies on (offset).
let updateIdCounter = 100_000;
let messageIdCounter = 50_000;
let fileCounter = 0;

export function nextUpdateId(): number {
  return ++updateIdCounter;
}

/** A fresh message id for incoming messages (kept far from the bot's own ids). */
export function nextMessageId(): number {
  return ++messageIdCounter;
}

/** A file_id/file_unique_id pair that looks like Telegram's opaque ids. */
export function nextFileIds(kind = 'file'): { file_id: string; file_unique_id: string } {
  const n = ++fileCounter;
  return { file_id: `${kind}-fid-${n}-AgACAgUAAxkBAAI`, file_unique_id: `${kind}-uid-${n}` };
}

/** What `fake.addFile()` returns; builders accept it directly as `file`. */
export interface FileRef {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  file_path?: string;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function userFor(id: number, overrides: Partial<User> = {}): User {
  return {
    id,
    is_bot: false,
    first_name: `User ${id}`,
    username: `user${id}`,
    language_code: 'id',
    ...overrides,
  };
}

/**
 * Chat object the way Telegram derives it from an id: positive ids are private
 * chats, `-100` + 10 digits (e.g. -1001234567890) are supergroups, other
 * negative ids are basic groups.
 */
export function chatFor(chatId: number, title?: string): Exclude<Chat, Chat.ChannelChat> {
  if (chatId > 0) {
    return { id: chatId, type: 'private', first_name: `User ${chatId}`, username: `user${chatId}` };
  }
  if (chatId <= -1_000_000_000_000) {
    return { id: chatId, type: 'supergroup', title: title ?? `Supergroup ${chatId}` };
  }
  return { id: chatId, type: 'group', title: title ?? `Group ${chatId}` };
}

/** Fields every incoming-message builder accepts. */
export interface MessageOpts {
  fromId: number;
  /** Defaults to the private chat with the sender (chat id = fromId). */
  chatId?: number;
  messageId?: number;
  updateId?: number;
  /** Unix seconds; defaults to now. */
  date?: number;
  /** Extra fields for the sender (first_name, language_code, …). */
  from?: Partial<User>;
  /** The message id this one replies to (in the same chat). */
  replyTo?: number;
}

type NewMessage<M extends Message> = Update.MessageUpdate<M>;

function envelope(opts: MessageOpts) {
  const chat = chatFor(opts.chatId ?? opts.fromId);
  return {
    message_id: opts.messageId ?? nextMessageId(),
    date: opts.date ?? nowSeconds(),
    chat,
    from: userFor(opts.fromId, opts.from),
    // Telegram sends the whole replied-to message; its id is what matters here.
    ...(opts.replyTo !== undefined ? { reply_to_message: { message_id: opts.replyTo, date: opts.date ?? nowSeconds(), chat } as never } : {}),
  };
}

function wrap<M extends Message>(opts: MessageOpts, message: Update.MessageUpdate<M>['message']) {
  return { update_id: opts.updateId ?? nextUpdateId(), message };
}

export function textUpdate(
  opts: MessageOpts & { text: string; entities?: MessageEntity[] },
): NewMessage<Message.TextMessage> {
  const message: Update.MessageUpdate<Message.TextMessage>['message'] = {
    ...envelope(opts),
    text: opts.text,
  };
  if (opts.entities) message.entities = opts.entities;
  return wrap(opts, message);
}

/**
 * `/command args` with the `bot_command` entity telegraf's `bot.command()`
 * matches on. Pass `command` ('start' or '/start') plus optional `args`, or a
 * full `text` that starts with '/'.
 */
export function commandUpdate(
  opts: MessageOpts &
    ({ command: string; args?: string; botUsername?: string } | { text: string }),
): NewMessage<Message.TextMessage> {
  let text: string;
  if ('text' in opts) {
    if (!opts.text.startsWith('/')) throw new Error(`commandUpdate: text must start with '/': ${opts.text}`);
    text = opts.text;
  } else {
    const name = opts.command.replace(/^\//, '');
    const mention = opts.botUsername ? `@${opts.botUsername}` : '';
    text = `/${name}${mention}${opts.args ? ` ${opts.args}` : ''}`;
  }
  // The entity covers "/name" or "/name@bot", never the arguments.
  const length = text.split(/\s/, 1)[0]!.length;
  return textUpdate({ ...opts, text, entities: [{ type: 'bot_command', offset: 0, length }] });
}

/** Identifies the file in a media builder: a registered `file`, or raw ids. */
export interface FileOpts {
  file?: FileRef;
  fileId?: string;
  fileUniqueId?: string;
  fileSize?: number;
}

function fileFields(opts: FileOpts, kind: string): { file_id: string; file_unique_id: string; file_size?: number } {
  const generated = opts.file || opts.fileId ? undefined : nextFileIds(kind);
  const file_id = opts.file?.file_id ?? opts.fileId ?? generated!.file_id;
  const file_unique_id =
    opts.file?.file_unique_id ?? opts.fileUniqueId ?? generated?.file_unique_id ?? `${file_id}-uid`;
  const file_size = opts.fileSize ?? opts.file?.file_size;
  return file_size === undefined ? { file_id, file_unique_id } : { file_id, file_unique_id, file_size };
}

/**
 * The three sizes Telegram generates for a photo, smallest first. Only the
 * largest carries the given file id, so code that picks `photo.at(-1)` gets the
 * file registered with `fake.addFile()`.
 */
export function photoSizes(
  largest: { file_id: string; file_unique_id: string; file_size?: number },
  width = 1280,
  height = 960,
): PhotoSize[] {
  const scaled = (max: number, suffix: string, size: number): PhotoSize => {
    const ratio = Math.min(1, max / Math.max(width, height));
    return {
      file_id: `${largest.file_id}-${suffix}`,
      file_unique_id: `${largest.file_unique_id}-${suffix}`,
      width: Math.round(width * ratio),
      height: Math.round(height * ratio),
      file_size: size,
    };
  };
  const full = largest.file_size ?? 150_000;
  return [
    scaled(90, 's', Math.max(1, Math.round(full / 100))),
    scaled(320, 'm', Math.max(1, Math.round(full / 10))),
    { ...largest, width, height, file_size: full },
  ];
}

export function photoUpdate(
  opts: MessageOpts &
    FileOpts & { width?: number; height?: number; caption?: string; mediaGroupId?: string },
): NewMessage<Message.PhotoMessage> {
  const message: Update.MessageUpdate<Message.PhotoMessage>['message'] = {
    ...envelope(opts),
    photo: photoSizes(fileFields(opts, 'photo'), opts.width, opts.height),
  };
  if (opts.caption !== undefined) message.caption = opts.caption;
  if (opts.mediaGroupId !== undefined) message.media_group_id = opts.mediaGroupId;
  return wrap(opts, message);
}

export function voiceUpdate(
  opts: MessageOpts & FileOpts & { duration?: number; mimeType?: string; caption?: string },
): NewMessage<Message.VoiceMessage> {
  const message: Update.MessageUpdate<Message.VoiceMessage>['message'] = {
    ...envelope(opts),
    voice: {
      file_size: 24_000,
      ...fileFields(opts, 'voice'),
      duration: opts.duration ?? 3,
      mime_type: opts.mimeType ?? 'audio/ogg',
    },
  };
  if (opts.caption !== undefined) message.caption = opts.caption;
  return wrap(opts, message);
}

export function documentUpdate(
  opts: MessageOpts &
    FileOpts & { fileName?: string; mimeType?: string; caption?: string; mediaGroupId?: string },
): NewMessage<Message.DocumentMessage> {
  const message: Update.MessageUpdate<Message.DocumentMessage>['message'] = {
    ...envelope(opts),
    document: {
      file_size: 48_000,
      ...fileFields(opts, 'document'),
      file_name: opts.fileName ?? 'siaran-pers.pdf',
      mime_type: opts.mimeType ?? 'application/pdf',
    },
  };
  if (opts.caption !== undefined) message.caption = opts.caption;
  if (opts.mediaGroupId !== undefined) message.media_group_id = opts.mediaGroupId;
  return wrap(opts, message);
}

export function stickerUpdate(
  opts: MessageOpts & FileOpts & { emoji?: string; setName?: string; isAnimated?: boolean; isVideo?: boolean },
): NewMessage<Message.StickerMessage> {
  const message: Update.MessageUpdate<Message.StickerMessage>['message'] = {
    ...envelope(opts),
    sticker: {
      file_size: 20_000,
      ...fileFields(opts, 'sticker'),
      type: 'regular',
      width: 512,
      height: 512,
      is_animated: opts.isAnimated ?? false,
      is_video: opts.isVideo ?? false,
      emoji: opts.emoji ?? '👍',
      ...(opts.setName !== undefined ? { set_name: opts.setName } : {}),
    },
  };
  return wrap(opts, message);
}

export function locationUpdate(
  opts: MessageOpts & { latitude: number; longitude: number; horizontalAccuracy?: number },
): NewMessage<Message.LocationMessage> {
  const location: Message.LocationMessage['location'] = {
    latitude: opts.latitude,
    longitude: opts.longitude,
  };
  if (opts.horizontalAccuracy !== undefined) location.horizontal_accuracy = opts.horizontalAccuracy;
  return wrap(opts, { ...envelope(opts), location });
}

/**
 * A shared contact. `userId` defaults to the sender, which is what a
 * `request_contact` keyboard button produces; pass `null` for someone else's
 * contact card without a Telegram account.
 */
export function contactUpdate(
  opts: MessageOpts & { phoneNumber?: string; firstName?: string; lastName?: string; userId?: number | null },
): NewMessage<Message.ContactMessage> {
  const contact: Message.ContactMessage['contact'] = {
    phone_number: opts.phoneNumber ?? '+6281234567890',
    first_name: opts.firstName ?? `User ${opts.fromId}`,
  };
  if (opts.lastName !== undefined) contact.last_name = opts.lastName;
  const userId = opts.userId === undefined ? opts.fromId : opts.userId;
  if (userId !== null) contact.user_id = userId;
  return wrap(opts, { ...envelope(opts), contact });
}

/**
 * A press on an inline button under a message the bot sent earlier. The
 * attached message is authored by the bot, as in real callback queries.
 */
export function callbackQueryUpdate(opts: {
  fromId: number;
  chatId?: number;
  messageId: number;
  data: string;
  /** Text of the message carrying the keyboard. */
  messageText?: string;
  updateId?: number;
  botId?: number;
  botUsername?: string;
  from?: Partial<User>;
}): Update.CallbackQueryUpdate<CallbackQuery.DataQuery> {
  const chat = chatFor(opts.chatId ?? opts.fromId);
  const updateId = opts.updateId ?? nextUpdateId();
  return {
    update_id: updateId,
    callback_query: {
      id: `cbq-${updateId}`,
      from: userFor(opts.fromId, opts.from),
      chat_instance: `ci-${chat.id}`,
      data: opts.data,
      message: {
        message_id: opts.messageId,
        date: nowSeconds(),
        chat,
        from: {
          id: opts.botId ?? DEFAULT_BOT_ID,
          is_bot: true,
          first_name: 'Warta Test Bot',
          username: opts.botUsername ?? DEFAULT_BOT_USERNAME,
        },
        text: opts.messageText ?? 'Pilih salah satu:',
      },
    },
  };
}
