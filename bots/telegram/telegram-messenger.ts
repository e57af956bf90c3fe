// ChatMessenger for Telegram, on telegraf's Telegram client.
//
// Every call goes through the send scheduler (Telegram's rate limits) and one
// retry policy:
//   - 429: wait exactly `retry_after`, pausing the chat (or the whole bot) so
//     queued sends wait too, then try again;
//   - 5xx, network failures, timeouts: exponential backoff, then UNAVAILABLE;
//   - the recipient blocked the bot or is gone: onBlocked once, FORBIDDEN;
//   - any other 400: VALIDATION, never retried.
// telegraf itself never retries: it turns `ok: false` answers into a
// TelegramError (code, description, parameters.retry_after) and HTTP 5xx into a
// TelegramError whose description is only the status text.
import { Telegram, TelegramError } from 'telegraf';
import type { ForceReply, InlineKeyboardMarkup, InputMediaPhoto, ReplyParameters } from 'telegraf/types';
import { AppError } from '../../src/domain/errors.js';
import type { Logger } from '../../src/logging/logger.js';
import type {
  ChatButton,
  ChatMessenger,
  OutboundPhoto,
  SendOptions,
} from '../../src/pipeline/ports/messenger.js';
import { createSendScheduler } from './rate-limiter.js';
import type { SendScheduler } from './rate-limiter.js';

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const CALLBACK_DATA_LIMIT = 64; // bytes
const ALBUM_LIMIT = 10;

export interface TelegramMessengerDeps {
  token: string;
  apiRoot: string;
  log: Logger;
  scheduler?: SendScheduler;
  /** Attempts per call, the first one included. Default 5. */
  maxAttempts?: number;
  /** Called once when a chat turns out to be unreachable (blocked, deactivated, kicked, gone). */
  onBlocked?: (chatId: string) => Promise<void> | void;
  /** First backoff delay after a 5xx or network error; doubles each time. Default 500 ms. */
  retryBaseDelayMs?: number;
  /**
   * A 429 asking for a longer pause is not waited out inside the call: the
   * chat is paused and the call fails UNAVAILABLE (details.retryAfterMs), so a
   * job can come back later instead of holding a worker. Default 60 s.
   */
  maxRetryAfterMs?: number;
  /** Gives up on a request Telegram does not answer (telegraf waits 500 s). Default 60 s. */
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type TelegramMessenger = ChatMessenger & { readonly telegram: Telegram };

// Telegram's descriptions for chats we can no longer write to.
const UNREACHABLE = [
  /bot was blocked by the user/i,
  /user is deactivated/i,
  /bot was kicked/i,
  /bot is not a member/i,
  /chat not found/i,
];

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

// telegraf types its signal with the `abort-controller` polyfill; Node's own
// AbortSignal works at runtime (node-fetch only listens for 'abort').
type CallApiOptions = NonNullable<Parameters<Telegram['callApi']>[2]>;

/** One Bot API request; `api.signal` aborts it after the request timeout. */
type Request<T> = (api: CallApiOptions) => Promise<T>;

interface Call<T> {
  method: string;
  /** The chat the call writes to; null for callback answers. */
  chatId: string | null;
  request: Request<T>;
}

export function createTelegramMessenger(deps: TelegramMessengerDeps): TelegramMessenger {
  const telegram = new Telegram(deps.token, { apiRoot: deps.apiRoot });
  const scheduler = deps.scheduler ?? createSendScheduler();
  const maxAttempts = Math.max(1, deps.maxAttempts ?? 5);
  const retryBaseDelayMs = deps.retryBaseDelayMs ?? 500;
  const maxRetryAfterMs = deps.maxRetryAfterMs ?? 60_000;
  const requestTimeoutMs = deps.requestTimeoutMs ?? 60_000;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log = deps.log;

  // telegraf redacts the token in fetch errors itself; this is a second lock.
  const scrub = (text: string) => text.split(deps.token).join('[token]');

  // Two chats hitting 429 within a second means the bot as a whole is flooding.
  let lastFlood = { chatId: '', at: -Infinity };

  function pauseForFlood(chatId: string | null, ms: number): void {
    const now = Date.now();
    const botWide = chatId === null || (lastFlood.chatId !== chatId && now - lastFlood.at < 1000);
    lastFlood = { chatId: chatId ?? '', at: now };
    if (botWide) scheduler.pauseAll(ms);
    else scheduler.pauseChat(chatId, ms);
  }

  async function notifyBlocked(chatId: string): Promise<void> {
    try {
      await deps.onBlocked?.(chatId);
    } catch (err) {
      log.error({ chatId, error: scrub(String(err)) }, 'telegram onBlocked handler failed');
    }
  }

  /** Runs one call with the retry policy; the first attempt already has its scheduler slot. */
  async function attempt<T>(call: Call<T>): Promise<T> {
    const { method, chatId } = call;
    const run = () =>
      call.request({ signal: AbortSignal.timeout(requestTimeoutMs) as unknown as CallApiOptions['signal'] });
    for (let n = 1; ; n++) {
      try {
        // Retries take a fresh slot from the global budget; the chat stays held
        // by this task, so later sends to it cannot overtake.
        return await (n === 1 ? run() : scheduler.schedule(null, run));
      } catch (err) {
        const failure = classify(err, scrub);
        const { code, description } = failure;
        const context = { method, chatId, attempt: n, maxAttempts, code, description };

        if (failure.kind === 'flood') {
          pauseForFlood(chatId, failure.retryAfterMs);
          if (failure.retryAfterMs > maxRetryAfterMs || n >= maxAttempts) {
            throw new AppError('UNAVAILABLE', `Telegram ${method} rate-limited: ${failure.description}`, {
              ...context,
              retryAfterMs: failure.retryAfterMs,
            });
          }
          log.warn({ ...context, retryInMs: failure.retryAfterMs }, 'telegram rate limit hit; waiting retry_after');
          await sleep(failure.retryAfterMs);
          continue;
        }

        if (failure.kind === 'transient') {
          if (n >= maxAttempts) {
            log.error(context, 'telegram call failed; giving up');
            const message = `Telegram ${method} failed after ${n} attempts: ${description}`;
            throw new AppError('UNAVAILABLE', message, context);
          }
          const retryInMs = retryBaseDelayMs * 2 ** (n - 1);
          log.warn({ ...context, retryInMs }, 'telegram call failed; retrying');
          await sleep(retryInMs);
          continue;
        }

        if (failure.kind === 'unreachable') {
          log.info(context, 'telegram chat is unreachable');
          if (chatId !== null) await notifyBlocked(chatId);
          throw new AppError('FORBIDDEN', `Telegram chat ${chatId} is unreachable: ${description}`, {
            ...context,
            blocked: true,
          });
        }
        throw failure.toAppError(context);
      }
    }
  }

  function perform<T>(call: Call<T>): Promise<T> {
    return scheduler.schedule(call.chatId, () => attempt(call));
  }

  /**
   * Queues several calls to one chat back to back (nothing else for the chat
   * slips in between); after a failure the rest are skipped and the first
   * error is thrown, so a blocked chat reports once.
   */
  async function performAll<T>(calls: Array<Call<T>>): Promise<T[]> {
    let failed: { error: unknown } | undefined;
    const results = await Promise.allSettled(
      calls.map((call) =>
        scheduler.schedule(call.chatId, async () => {
          if (failed) throw failed.error;
          try {
            return await attempt(call);
          } catch (error) {
            failed = { error };
            throw error;
          }
        }),
      ),
    );
    if (failed) throw failed.error;
    return results.map((result) => (result as PromiseFulfilledResult<T>).value);
  }

  const messenger: TelegramMessenger = {
    channel: 'telegram',
    telegram,

    async sendText(chatId, text, options = {}) {
      const markup = replyMarkup(options);
      const reply = options.replyToMessageId ? replyTo(options.replyToMessageId) : undefined;
      const parts = splitMessageText(text, TEXT_LIMIT, options.html ?? false);
      const sent = await performAll(
        parts.map((part, i) => ({
          method: 'sendMessage',
          chatId,
          request: (api: CallApiOptions) =>
            telegram.callApi(
              'sendMessage',
              {
                chat_id: toTelegramChatId(chatId),
                text: part,
                ...(options.html ? { parse_mode: 'HTML' as const } : {}),
                link_preview_options: { is_disabled: true },
                // The reply goes on the first part, the buttons on the last.
                ...(i === 0 && reply ? { reply_parameters: reply } : {}),
                ...(i === parts.length - 1 && markup ? { reply_markup: markup } : {}),
              },
              api,
            ),
        })),
      );
      return { messageId: String(sent[sent.length - 1]!.message_id), partIds: sent.map((message) => String(message.message_id)) };
    },

    async editText(chatId, messageId, text, options = {}) {
      if (text.length > TEXT_LIMIT) {
        throw new AppError('VALIDATION', `edited text is ${text.length} characters; Telegram allows ${TEXT_LIMIT}`, {
          chatId,
          messageId,
        });
      }
      const id = toMessageId(messageId);
      // No buttons: say so explicitly, which removes the card's old keyboard.
      const keyboard = inlineKeyboard(options.buttons ?? []) ?? { inline_keyboard: [] };
      await perform({
        method: 'editMessageText',
        chatId,
        request: (api) =>
          telegram
            .callApi(
              'editMessageText',
              {
                chat_id: toTelegramChatId(chatId),
                message_id: id,
                text,
                ...(options.html ? { parse_mode: 'HTML' as const } : {}),
                link_preview_options: { is_disabled: true },
                reply_markup: keyboard,
              },
              api,
            )
            // Same text and keyboard again (a double tap, a re-run job): already done.
            .catch(ignoreTelegramError(/message is not modified/i)),
      });
    },

    async sendPhotos(chatId, photos, options = {}) {
      const html = options.html ?? false;
      const parseMode = html ? { parse_mode: 'HTML' as const } : {};
      const caption = (photo: OutboundPhoto) =>
        photo.caption ? { caption: truncateCaption(photo.caption, html), ...parseMode } : {};

      const groups = albums(photos);
      const sent = await performAll(
        groups.map((group) => {
          const first = group[0]!;
          if (group.length === 1) {
            return {
              method: 'sendPhoto',
              chatId,
              request: async (api: CallApiOptions) => [
                await telegram.callApi(
                  'sendPhoto',
                  { chat_id: toTelegramChatId(chatId), photo: { source: first.path }, ...caption(first) },
                  api,
                ),
              ],
            };
          }
          return {
            method: 'sendMediaGroup',
            chatId,
            request: (api: CallApiOptions) =>
              telegram.callApi(
                'sendMediaGroup',
                {
                  chat_id: toTelegramChatId(chatId),
                  // Built per attempt: telegraf opens a fresh read stream for each path.
                  media: group.map(
                    (photo): InputMediaPhoto => ({ type: 'photo', media: { source: photo.path }, ...caption(photo) }),
                  ),
                },
                api,
              ),
          };
        }),
      );
      return sent.flat().map((message) => ({ messageId: String(message.message_id) }));
    },

    async deleteMessage(chatId, messageId) {
      const id = toMessageId(messageId);
      await perform({
        method: 'deleteMessage',
        chatId,
        request: (api) =>
          telegram
            .callApi(
              'deleteMessage',
              { chat_id: toTelegramChatId(chatId), message_id: id },
              api,
            )
            // Someone deleted it first: the goal is reached.
            .catch(ignoreTelegramError(/message to delete not found/i)),
      });
    },

    async answerCallback(callbackId, text, options = {}) {
      // chatId null: only the global budget, ahead of every queued chat send.
      await perform({
        method: 'answerCallbackQuery',
        chatId: null,
        request: (api) =>
          telegram
            .callApi(
              'answerCallbackQuery',
              {
                callback_query_id: callbackId,
                ...(text !== undefined ? { text } : {}),
                ...(options.alert ? { show_alert: true } : {}),
              },
              api,
            )
            // Too late to show anything; the tap itself was handled.
            .catch(ignoreTelegramError(/query is too old|query id is invalid/i)),
      });
    },
  };
  return messenger;
}

// ---------------------------------------------------------------------------
// Failures

type Failure =
  | { kind: 'flood'; code: number; description: string; retryAfterMs: number }
  | { kind: 'transient'; code: number | string; description: string }
  | { kind: 'unreachable'; code: number; description: string }
  | {
      kind: 'final';
      code: number | string;
      description: string;
      toAppError: (context: Record<string, unknown>) => AppError;
    };

/** Sorts an error thrown by telegraf (or the network under it) into what to do next. */
function classify(err: unknown, scrub: (text: string) => string): Failure {
  if (err instanceof AppError) {
    return { kind: 'final', code: err.code, description: err.message, toAppError: () => err };
  }
  if (err instanceof TelegramError) {
    const code = err.code;
    const description = scrub(err.description ?? '');
    if (code === 429) {
      // Telegram always sends retry_after with a 429; 1 s covers a proxy that drops it.
      const retryAfterMs = (err.parameters?.retry_after ?? 1) * 1000;
      return { kind: 'flood', code, description, retryAfterMs };
    }
    if (code >= 500) return { kind: 'transient', code, description };
    if ((code === 403 || code === 400) && UNREACHABLE.some((pattern) => pattern.test(description))) {
      return { kind: 'unreachable', code, description };
    }
    const migrateTo = err.parameters?.migrate_to_chat_id;
    const appCode = code === 400 ? 'VALIDATION' : code === 403 ? 'FORBIDDEN' : 'INTERNAL';
    return {
      kind: 'final',
      code,
      description,
      toAppError: (context) =>
        new AppError(appCode, `Telegram: ${description}`, {
          ...context,
          ...(appCode === 'FORBIDDEN' ? { blocked: false } : {}),
          // A group became a supergroup: the caller should store the new id.
          ...(migrateTo !== undefined ? { migrateToChatId: String(migrateTo) } : {}),
        }),
    };
  }

  const error = err as { name?: unknown; code?: unknown; message?: unknown };
  const message = scrub(typeof error.message === 'string' ? error.message : String(err));
  const code = typeof error.code === 'string' ? error.code : String(error.name ?? 'Error');
  // node-fetch: FetchError (socket errors, bad JSON from a proxy), AbortError (our timeout).
  const network = ['FetchError', 'AbortError', 'TimeoutError'].includes(String(error.name)) || NETWORK_CODES.has(code);
  if (network) return { kind: 'transient', code, description: message };
  // A photo path that does not exist (telegraf opens files while building the request).
  const appCode = code === 'ENOENT' ? 'NOT_FOUND' : 'INTERNAL';
  const toAppError = (context: Record<string, unknown>) => new AppError(appCode, message, context);
  return { kind: 'final', code, description: message, toAppError };
}

/** A .catch handler that turns the Telegram errors matching `pattern` into success. */
function ignoreTelegramError(pattern: RegExp): (err: unknown) => undefined {
  return (err) => {
    if (err instanceof TelegramError && pattern.test(err.description ?? '')) return undefined;
    throw err;
  };
}

// ---------------------------------------------------------------------------
// Payload pieces

/** Numeric ids go out as numbers; `@channel` usernames stay strings. */
function toTelegramChatId(chatId: string): number | string {
  return /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
}

function toMessageId(messageId: string): number {
  const id = Number(messageId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('VALIDATION', `not a Telegram message id: ${messageId}`);
  return id;
}

function replyTo(messageId: string): ReplyParameters {
  // The original may be gone by now; send anyway.
  return { message_id: toMessageId(messageId), allow_sending_without_reply: true };
}

function inlineKeyboard(rows: ChatButton[][]): InlineKeyboardMarkup | undefined {
  const keyboard = rows
    .filter((row) => row.length > 0)
    .map((row) =>
      row.map((button) => {
        if (Buffer.byteLength(button.data, 'utf8') > CALLBACK_DATA_LIMIT) {
          throw new AppError('VALIDATION', `callback data of "${button.label}" is over ${CALLBACK_DATA_LIMIT} bytes`, {
            data: button.data,
          });
        }
        return { text: button.label, callback_data: button.data };
      }),
    );
  return keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined;
}

/** A message carries one reply_markup: buttons win over force_reply. */
function replyMarkup(options: SendOptions): InlineKeyboardMarkup | ForceReply | undefined {
  const keyboard = inlineKeyboard(options.buttons ?? []);
  if (keyboard) return keyboard;
  return options.forceReply ? { force_reply: true } : undefined;
}

/** Fewest albums of at most 10, sized evenly so that none is a lone photo (11 → 6 + 5). */
function albums(photos: OutboundPhoto[]): OutboundPhoto[][] {
  const count = Math.ceil(photos.length / ALBUM_LIMIT);
  const groups: OutboundPhoto[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.ceil((photos.length - start) / (count - i));
    groups.push(photos.slice(start, start + size));
    start += size;
  }
  return groups;
}

function truncateCaption(caption: string, html: boolean): string {
  if (caption.length <= CAPTION_LIMIT) return caption;
  return `${splitMessageText(caption, CAPTION_LIMIT - 1, html)[0]}…`;
}

// ---------------------------------------------------------------------------
// Splitting long texts

const TAG = /<(\/?)([a-zA-Z][\w-]*)[^>]*>/g;

/** Tags still open at the end of an HTML fragment, outermost first. */
function openTags(html: string): Array<{ name: string; raw: string }> {
  const open: Array<{ name: string; raw: string }> = [];
  for (const match of html.matchAll(TAG)) {
    const name = match[2]!.toLowerCase();
    if (match[1]) {
      const index = open.map((tag) => tag.name).lastIndexOf(name);
      if (index >= 0) open.splice(index, 1);
    } else {
      open.push({ name, raw: match[0] });
    }
  }
  return open;
}

/** Where to cut `text` to keep at most `max` characters: a paragraph, line or word boundary if one is near. */
function cutIndex(text: string, max: number, html: boolean): number {
  const window = text.slice(0, max + 1); // a boundary right after `max` is fine too
  const notTooEarly = Math.floor(max / 2);
  let cut = max;
  for (const boundary of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(boundary, max);
    if (at >= notTooEarly) {
      cut = at;
      break;
    }
  }
  if (html) {
    // Never inside a tag or an entity such as &amp;.
    const tagStart = text.lastIndexOf('<', cut - 1);
    if (tagStart > text.lastIndexOf('>', cut - 1)) cut = tagStart;
    const entityStart = text.lastIndexOf('&', cut - 1);
    if (entityStart > text.lastIndexOf(';', cut - 1) && cut - entityStart <= 10) cut = entityStart;
  }
  // Never between the two halves of a surrogate pair (emoji).
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return cut > 0 ? cut : max;
}

/**
 * Splits a text over Telegram's limit into messages, at paragraph, then line,
 * then word boundaries. In HTML mode, tags open at a cut are closed at the end
 * of one part and opened again at the start of the next.
 */
export function splitMessageText(text: string, limit = TEXT_LIMIT, html = false): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let max = limit;
    for (;;) {
      const cut = cutIndex(rest, max, html);
      const part = rest.slice(0, cut).trimEnd();
      const open = html ? openTags(part) : [];
      const closing = open.map((tag) => `</${tag.name}>`).reverse().join('');
      if (part.length + closing.length <= limit || max <= 1) {
        if (part.length > 0) parts.push(part + closing);
        rest = open.map((tag) => tag.raw).join('') + rest.slice(cut).replace(/^\s+/, '');
        break;
      }
      max -= part.length + closing.length - limit; // leave room for the closing tags
    }
  }
  if (rest.trim().length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}
