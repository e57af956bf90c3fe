// A fake Telegram Bot API server for tests. It is a real HTTP server, so the
// real telegraf client (request building, multipart uploads, error handling,
// long polling) is exercised end to end:
//
//   const fake = await startFakeTelegram();
//   const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
//
// Every call is recorded; answers follow the Bot API's shapes closely enough
// for telegraf and our code; failures, slowness and blocked users can be
// injected per method or per chat.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Chat, Update } from 'telegraf/types';
import {
  DEFAULT_BOT_ID,
  DEFAULT_BOT_USERNAME,
  chatFor,
  nextFileIds,
  nextUpdateId,
  nowSeconds,
  photoSizes,
} from './telegram-updates.js';

export * from './telegram-updates.js';

/** Shaped like a real token (`<bot id>:<35 chars>`) so token parsing code works. */
export const DEFAULT_TOKEN = `${DEFAULT_BOT_ID}:AAFakeTokenForWartaTests0123456789x`;
/** Telegram's getFile limit for bots on the public Bot API server. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export interface FakeTelegramOptions {
  token?: string;
  botUsername?: string;
  /**
   * getUpdates honours the client's `timeout` but never holds a request longer
   * than this (telegraf asks for 50 s). Default 1000 ms.
   */
  longPollCapMs?: number;
}

/** One uploaded file part of a multipart request. */
export interface UploadedFile {
  /** Multipart field name: the parameter ('photo') or the `attach://` id. */
  field: string;
  filename: string | null;
  /** null when the part had no Content-Type header (telegraf never sends one). */
  contentType: string | null;
  size: number;
  data: Buffer;
  /** The upload is registered as a file, so getFile/download work on it. */
  fileId: string;
}

export type BodyKind = 'none' | 'json' | 'urlencoded' | 'multipart';

export type ApiResponse =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error_code: number;
      description: string;
      parameters?: { retry_after?: number; migrate_to_chat_id?: number };
    };

export interface RecordedCall {
  method: string;
  /**
   * Request parameters. Form and multipart values are normalised to what the
   * same call would look like as JSON (ids as numbers, reply_markup/media
   * parsed), and each uploaded file appears as `attach://<field>`.
   */
  params: Record<string, unknown>;
  files: UploadedFile[];
  bodyKind: BodyKind;
  /** Date.now() when the request arrived. */
  at: number;
  /** Set once the fake has answered. */
  response?: ApiResponse;
}

export interface FailureSpec {
  /** HTTP status; also the `error_code` unless `errorCode` is given. */
  status: number;
  description?: string;
  /** Adds `parameters.retry_after` (429 defaults to 1 s when omitted). */
  retryAfter?: number;
  errorCode?: number;
}

export interface RegisteredFile {
  file_id: string;
  file_unique_id: string;
  file_size: number;
  file_path: string;
}

export type PushableUpdate = Update | { update_id?: number; [field: string]: unknown };

export interface FakeTelegram {
  /** e.g. `http://127.0.0.1:40123`; pass as telegraf's `telegram.apiRoot`. */
  readonly apiRoot: string;
  readonly token: string;
  readonly botId: number;
  readonly botUsername: string;
  /** Every API call in arrival order (wrong-token requests are not recorded). */
  readonly calls: RecordedCall[];
  /** file_path of every successful download, in order. */
  readonly downloads: string[];

  callsOf(method: string): RecordedCall[];
  /**
   * Resolves with the first recorded call (already recorded or arriving later)
   * of `method` that satisfies `predicate`. Rejects after `timeoutMs`
   * (default 2000) listing what was called instead.
   */
  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Forgets calls, downloads, injected failures/delays, blocks, queued updates,
   *  webhook and commands. Registered files stay downloadable. */
  reset(): void;

  /** The next `times` calls of `method` fail with this error. */
  failNext(method: string, failure: FailureSpec, times?: number): void;
  /** The next `times` calls of `method` are answered `ms` later. */
  delayNext(method: string, ms: number, times?: number): void;
  /** Every send/forward/copy to this chat answers 403 "bot was blocked by the user". */
  blockChat(chatId: number | string): void;
  unblockChat(chatId: number | string): void;

  /** Registers downloadable content; `fileSize` can overstate it to test the 20 MB limit. */
  addFile(content: Buffer, opts?: { fileId?: string; filePath?: string; fileSize?: number }): RegisteredFile;

  /** Queues an update for getUpdates (assigning update_id if missing); returns its id. */
  pushUpdate(update: PushableUpdate): number;
  /** Updates not yet confirmed by a getUpdates offset. */
  pendingUpdates(): Array<Record<string, unknown> & { update_id: number }>;

  /** Ends pending long polls and delays, drops connections, stops listening. */
  close(): Promise<void>;
}

export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const fake = new FakeTelegramServer(opts);
  await fake.listen();
  return fake;
}

/** An error answer; handlers throw it and the dispatcher turns it into JSON. */
class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
    /** Telegram answers with HTTP status = error_code; failNext may differ. */
    readonly httpStatus = code,
  ) {
    super(description);
  }

  toResponse(): ApiResponse {
    return {
      ok: false,
      error_code: this.code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

const BLOCKED = 'Forbidden: bot was blocked by the user';

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: BLOCKED,
  404: 'Not Found',
  409: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

// Methods that deliver something to a chat, i.e. what a blocking user stops.
const SEND_METHOD = /^(send|forward|copy)/;

type Handler = (call: RecordedCall, res: ServerResponse) => unknown;
type Countdown<T> = { value: T; remaining: number };
type StoredUpdate = Record<string, unknown> & { update_id: number };
type Message = Record<string, unknown> & { message_id: number; chat: { id: number } };

class FakeTelegramServer implements FakeTelegram {
  readonly token: string;
  readonly botId: number;
  readonly botUsername: string;
  readonly calls: RecordedCall[] = [];
  readonly downloads: string[] = [];
  apiRoot = '';

  private readonly server: Server;
  private readonly longPollCapMs: number;
  private closed = false;
  // Aborts pending delayNext sleeps on close so no timer outlives the server.
  private readonly shutdown = new AbortController();

  private readonly failures = new Map<string, Array<Countdown<FailureSpec>>>();
  private readonly delays = new Map<string, Array<Countdown<number>>>();
  private readonly blocked = new Set<number>();
  private readonly callWaiters = new Set<(call: RecordedCall) => boolean>();

  private readonly filesById = new Map<string, RegisteredFile & { content: Buffer }>();
  private readonly filesByPath = new Map<string, Buffer>();
  private fileCounter = 0;

  private pending: StoredUpdate[] = [];
  // Long polls waiting for pushUpdate; called on push, timeout or close.
  private readonly pollWakers = new Set<() => void>();

  // Messages the bot sent, so edits can be checked like Telegram does.
  private readonly messages = new Map<string, Message>();
  private readonly lastMessageId = new Map<number, number>();
  private webhookUrl = '';
  private commands: unknown[] = [];

  constructor(opts: FakeTelegramOptions) {
    this.token = opts.token ?? DEFAULT_TOKEN;
    const idFromToken = Number.parseInt(this.token.split(':')[0] ?? '', 10);
    this.botId = Number.isSafeInteger(idFromToken) ? idFromToken : DEFAULT_BOT_ID;
    this.botUsername = opts.botUsername ?? DEFAULT_BOT_USERNAME;
    this.longPollCapMs = opts.longPollCapMs ?? 1000;
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        // A bug in the fake itself: answer loudly instead of hanging the client.
        const description = `Internal Server Error: fake-telegram crashed: ${String(err)}`;
        sendJson(res, 500, { ok: false, error_code: 500, description });
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.shutdown.abort();
    for (const wake of [...this.pollWakers]) wake();
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // telegraf uses keep-alive; without this close() waits for idle sockets.
    this.server.closeAllConnections();
    await stopped;
  }

  // ---- recording -------------------------------------------------------

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 2000,
  ): Promise<RecordedCall> {
    const matches = (call: RecordedCall) => call.method === method && predicate(call);
    return new Promise((resolve, reject) => {
      try {
        const existing = this.calls.find(matches);
        if (existing) return resolve(existing);
      } catch (err) {
        return reject(err);
      }
      // Called from record(); a throwing predicate fails this wait, not the request.
      const waiter = (call: RecordedCall) => {
        let matched: boolean;
        try {
          matched = matches(call);
        } catch (err) {
          clearTimeout(timer);
          reject(err);
          return true;
        }
        if (!matched) return false;
        clearTimeout(timer);
        resolve(call);
        return true;
      };
      const timer = setTimeout(() => {
        this.callWaiters.delete(waiter);
        const seen = this.callsOf(method).length;
        reject(
          new Error(
            `fake-telegram: no matching ${method} call within ${timeoutMs} ms ` +
              `(${seen} ${method} call(s) did not match). Recorded: ${this.summary()}`,
          ),
        );
      }, timeoutMs);
      this.callWaiters.add(waiter);
    });
  }

  reset(): void {
    this.calls.length = 0;
    this.downloads.length = 0;
    this.failures.clear();
    this.delays.clear();
    this.blocked.clear();
    this.pending = [];
    this.messages.clear();
    this.lastMessageId.clear();
    this.webhookUrl = '';
    this.commands = [];
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const waiter of [...this.callWaiters]) {
      if (waiter(call)) this.callWaiters.delete(waiter);
    }
  }

  /** "getMe×1, sendMessage×2" — for timeout messages. */
  private summary(): string {
    if (this.calls.length === 0) return '(no calls)';
    const counts = new Map<string, number>();
    for (const call of this.calls) counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
    return [...counts].map(([method, n]) => `${method}×${n}`).join(', ');
  }

  // ---- injection -------------------------------------------------------

  failNext(method: string, failure: FailureSpec, times = 1): void {
    if (!Number.isInteger(failure.status) || failure.status < 100 || failure.status > 599) {
      throw new Error(`failNext: status must be an HTTP status code, got ${failure.status}`);
    }
    queueCountdown(this.failures, method, failure, times);
  }

  delayNext(method: string, ms: number, times = 1): void {
    queueCountdown(this.delays, method, ms, times);
  }

  blockChat(chatId: number | string): void {
    this.blocked.add(chatFromParam(chatId).id);
  }

  unblockChat(chatId: number | string): void {
    this.blocked.delete(chatFromParam(chatId).id);
  }

  // ---- files -----------------------------------------------------------

  addFile(
    content: Buffer,
    opts: { fileId?: string; filePath?: string; fileSize?: number } = {},
  ): RegisteredFile {
    const n = ++this.fileCounter;
    const ids = nextFileIds(fileKind(content));
    const file: RegisteredFile = {
      file_id: opts.fileId ?? ids.file_id,
      file_unique_id: opts.fileId ? `${opts.fileId}-uid` : ids.file_unique_id,
      file_size: opts.fileSize ?? content.length,
      file_path: opts.filePath ?? defaultFilePath(content, n),
    };
    this.filesById.set(file.file_id, { ...file, content });
    this.filesByPath.set(file.file_path, content);
    return file;
  }

  // ---- updates ---------------------------------------------------------

  pushUpdate(update: PushableUpdate): number {
    const update_id = typeof update.update_id === 'number' ? update.update_id : nextUpdateId();
    this.pending.push({ ...(update as Record<string, unknown>), update_id });
    for (const wake of [...this.pollWakers]) wake();
    return update_id;
  }

  pendingUpdates(): StoredUpdate[] {
    return [...this.pending];
  }

  // ---- HTTP ------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');

    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) return this.serveFile(res, download[1]!, decodeURIComponent(download[2]!));

    const api = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!api) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (api[1] !== this.token) {
      return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }

    let parsed: ParsedRequest;
    try {
      parsed = parseRequest(req.headers['content-type'], await readBody(req), url.searchParams);
    } catch (err) {
      const description = `Bad Request: ${err instanceof Error ? err.message : String(err)}`;
      return sendJson(res, 400, { ok: false, error_code: 400, description });
    }

    const call: RecordedCall = {
      method: api[2]!,
      params: parsed.params,
      files: parsed.parts.map((part) => this.registerUpload(part)),
      bodyKind: parsed.bodyKind,
      at: Date.now(),
    };
    for (const file of call.files) {
      // A file part that no `attach://` points at is the parameter itself.
      if (!parsed.attachRefs.has(file.field)) call.params[file.field] = `attach://${file.field}`;
    }
    this.record(call);

    const delay = takeCountdown(this.delays, call.method);
    if (delay !== undefined) await sleep(delay, this.shutdown.signal);

    const { status, response } = await this.answer(call, res);
    call.response = response;
    sendJson(res, status, response);
  }

  private async answer(call: RecordedCall, res: ServerResponse): Promise<{ status: number; response: ApiResponse }> {
    try {
      const failure = takeCountdown(this.failures, call.method);
      if (failure) throw injectedError(failure);
      if (SEND_METHOD.test(call.method) && call.params.chat_id !== undefined) {
        if (this.blocked.has(chatFromParam(call.params.chat_id).id)) throw new ApiError(403, BLOCKED);
      }
      checkHtmlParams(call.params);
      const handler = this.handlers[call.method];
      // Unknown methods succeed quietly; the call is still recorded.
      const result = handler ? await handler(call, res) : true;
      return { status: 200, response: { ok: true, result } };
    } catch (err) {
      if (err instanceof ApiError) return { status: err.httpStatus, response: err.toResponse() };
      throw err;
    }
  }

  private serveFile(res: ServerResponse, token: string, filePath: string): void {
    if (token !== this.token) {
      return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    const content = this.filesByPath.get(filePath);
    if (!content) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    this.downloads.push(filePath);
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': content.length,
    });
    res.end(content);
  }

  private registerUpload(part: MultipartPart): UploadedFile {
    const file = this.addFile(part.data);
    return {
      field: part.name,
      filename: part.filename,
      contentType: part.contentType,
      size: part.data.length,
      data: part.data,
      fileId: file.file_id,
    };
  }

  // ---- Bot API methods -------------------------------------------------

  private botUser() {
    return { id: this.botId, is_bot: true, first_name: 'Warta Test Bot', username: this.botUsername };
  }

  /** A message "sent by the bot" into params.chat_id, stored for later edits. */
  private newMessage(call: RecordedCall, content: Record<string, unknown>): Message {
    const chat = requireChat(call.params.chat_id);
    const message_id = (this.lastMessageId.get(chat.id) ?? 0) + 1;
    this.lastMessageId.set(chat.id, message_id);
    const message: Message = {
      message_id,
      // Channel posts have no `from`; Telegram puts the channel in sender_chat.
      ...(chat.type === 'channel' ? { sender_chat: chat } : { from: this.botUser() }),
      chat,
      date: nowSeconds(),
      ...content,
    };
    const markup = inlineMarkup(call.params.reply_markup);
    if (markup) message.reply_markup = markup;
    this.messages.set(`${chat.id}:${message_id}`, message);
    return message;
  }

  /**
   * Edits a stored message (or one the fake never saw, leniently). Telegram
   * rejects edits that change nothing, which bots hit easily, so we do too.
   */
  private editMessage(call: RecordedCall, changes: Record<string, unknown>): Message | true {
    if (call.params.inline_message_id !== undefined) return true;
    const chat = requireChat(call.params.chat_id);
    const message_id = toInteger(call.params.message_id);
    if (message_id === undefined) throw new ApiError(400, 'Bad Request: message identifier is not specified');
    const key = `${chat.id}:${message_id}`;
    const before: Message = this.messages.get(key) ?? { message_id, from: this.botUser(), chat, date: nowSeconds() };
    const after: Message = { ...before, ...changes, edit_date: nowSeconds() };
    const markup = inlineMarkup(call.params.reply_markup);
    if (markup) after.reply_markup = markup;
    else delete after.reply_markup; // omitting reply_markup removes the keyboard
    if (this.messages.has(key) && sameContent(before, after)) {
      throw new ApiError(
        400,
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    this.messages.set(key, after);
    return after;
  }

  /** The file a media parameter refers to: an upload, a known file_id, or a URL. */
  private mediaFile(call: RecordedCall, value: unknown, field: string): MediaFile {
    if (typeof value !== 'string' || value === '') {
      throw new ApiError(400, `Bad Request: there is no ${field} in the request`);
    }
    if (value.startsWith('attach://')) {
      const upload = call.files.find((file) => file.field === value.slice('attach://'.length));
      if (!upload) throw new ApiError(400, 'Bad Request: wrong file identifier/HTTP URL specified');
      if (upload.size === 0) throw new ApiError(400, 'Bad Request: file must be non-empty');
      const registered = this.filesById.get(upload.fileId)!;
      return {
        file_id: registered.file_id,
        file_unique_id: registered.file_unique_id,
        file_size: registered.file_size,
        file_name: upload.filename ?? undefined,
      };
    }
    const known = this.filesById.get(value);
    if (known) return { file_id: known.file_id, file_unique_id: known.file_unique_id, file_size: known.file_size };
    // A URL or a file_id from elsewhere: Telegram would fetch/resolve it.
    return /^https?:\/\//.test(value) ? nextFileIds('url') : { file_id: value, file_unique_id: `${value}-uid` };
  }

  /** The message body for one media item of a given type. */
  private mediaContent(call: RecordedCall, type: string, value: unknown, item: Record<string, unknown>) {
    const file = this.mediaFile(call, value, type);
    const content: Record<string, unknown> = {};
    switch (type) {
      case 'photo':
        content.photo = photoSizes(withoutName(file));
        break;
      case 'voice':
        content.voice = { ...withoutName(file), duration: toInteger(item.duration) ?? 1, mime_type: 'audio/ogg' };
        break;
      case 'video':
        content.video = {
          ...withoutName(file),
          width: toInteger(item.width) ?? 1280,
          height: toInteger(item.height) ?? 720,
          duration: toInteger(item.duration) ?? 1,
        };
        break;
      case 'audio':
        content.audio = { ...withoutName(file), duration: toInteger(item.duration) ?? 1 };
        break;
      default:
        content[type] = { ...file, file_name: file.file_name ?? 'document' };
    }
    const caption = item.caption;
    if (typeof caption === 'string') {
      if (caption.length > 1024) throw new ApiError(400, 'Bad Request: message caption is too long');
      content.caption = caption;
      if (Array.isArray(item.caption_entities)) content.caption_entities = item.caption_entities;
    }
    return content;
  }

  private sendMedia(type: string): Handler {
    return (call) => this.newMessage(call, this.mediaContent(call, type, call.params[type], call.params));
  }

  private readonly handlers: Record<string, Handler> = {
    getMe: () => ({
      ...this.botUser(),
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    }),

    sendMessage: (call) => {
      const text = requireText(call.params.text);
      return this.newMessage(call, {
        text,
        ...(Array.isArray(call.params.entities) ? { entities: call.params.entities } : {}),
      });
    },
    sendPhoto: this.sendMedia('photo'),
    sendVoice: this.sendMedia('voice'),
    sendDocument: this.sendMedia('document'),
    sendVideo: this.sendMedia('video'),
    sendAudio: this.sendMedia('audio'),
    sendMediaGroup: (call) => {
      const media = call.params.media;
      if (!Array.isArray(media) || media.length === 0) {
        throw new ApiError(400, 'Bad Request: there is no media in the request');
      }
      const media_group_id = String(Date.now()) + String(this.calls.length);
      // Validate every item before "sending" any, like the real API.
      const contents = media.map((item: Record<string, unknown>) =>
        this.mediaContent(call, String(item.type), item.media, item),
      );
      return contents.map((content) => this.newMessage(call, { media_group_id, ...content }));
    },
    sendChatAction: () => true,

    editMessageText: (call) => this.editMessage(call, { text: requireText(call.params.text) }),
    // Omitting the caption removes it, as in the real API.
    editMessageCaption: (call) =>
      this.editMessage(call, { caption: typeof call.params.caption === 'string' ? call.params.caption : undefined }),
    editMessageReplyMarkup: (call) => this.editMessage(call, {}),
    deleteMessage: (call) => {
      const chat = requireChat(call.params.chat_id);
      this.messages.delete(`${chat.id}:${toInteger(call.params.message_id)}`);
      return true;
    },
    answerCallbackQuery: () => true,

    setWebhook: (call) => {
      if (typeof call.params.url !== 'string') throw new ApiError(400, 'Bad Request: bad webhook: URL is empty');
      this.webhookUrl = call.params.url;
      if (call.params.drop_pending_updates === true) this.pending = [];
      return true;
    },
    deleteWebhook: (call) => {
      this.webhookUrl = '';
      if (call.params.drop_pending_updates === true) this.pending = [];
      return true;
    },
    getWebhookInfo: () => ({
      url: this.webhookUrl,
      has_custom_certificate: false,
      pending_update_count: this.pending.length,
    }),
    setMyCommands: (call) => {
      this.commands = Array.isArray(call.params.commands) ? call.params.commands : [];
      return true;
    },
    getMyCommands: () => this.commands,
    deleteMyCommands: () => {
      this.commands = [];
      return true;
    },

    getFile: (call) => {
      const file = this.filesById.get(String(call.params.file_id));
      if (!file) throw new ApiError(400, 'Bad Request: invalid file_id');
      if (file.file_size > MAX_DOWNLOAD_BYTES) throw new ApiError(400, 'Bad Request: file is too big');
      const { content: _content, ...info } = file;
      return info;
    },

    getUpdates: (call, res) => this.getUpdates(call, res),
  };

  private async getUpdates(call: RecordedCall, res: ServerResponse): Promise<StoredUpdate[]> {
    if (this.webhookUrl) {
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = toInteger(call.params.offset) ?? 0;
    const limit = Math.min(Math.max(toInteger(call.params.limit) ?? 100, 1), 100);
    const timeoutS = toInteger(call.params.timeout) ?? 0;
    // A positive offset confirms (forgets) every update before it.
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
    const ready = () =>
      (offset < 0 ? this.pending.slice(offset) : this.pending.filter((u) => u.update_id >= offset)).slice(0, limit);

    if (ready().length === 0 && timeoutS > 0 && !this.closed) {
      await this.waitForPush(Math.min(timeoutS * 1000, this.longPollCapMs), res);
    }
    return ready();
  }

  private waitForPush(ms: number, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.pollWakers.delete(wake);
        res.off('close', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pollWakers.add(wake);
      res.on('close', wake); // the client gave up (telegraf aborts on bot.stop())
    });
  }
}

// ---- request parsing ------------------------------------------------------

interface MultipartPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

interface ParsedRequest {
  params: Record<string, unknown>;
  parts: MultipartPart[];
  bodyKind: BodyKind;
  /** Field names referenced as `attach://name` inside other parameters. */
  attachRefs: Set<string>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseRequest(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): ParsedRequest {
  const params: Record<string, unknown> = {};
  // The Bot API also takes parameters in the query string.
  for (const [key, value] of query) params[key] = normaliseFormValue(key, value);

  const type = (contentType ?? '').toLowerCase();
  let bodyKind: BodyKind = 'none';
  const parts: MultipartPart[] = [];

  if (body.length > 0 && type.startsWith('application/json')) {
    bodyKind = 'json';
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new Error("can't parse JSON object");
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error("can't parse JSON object");
    Object.assign(params, json);
  } else if (body.length > 0 && type.startsWith('application/x-www-form-urlencoded')) {
    bodyKind = 'urlencoded';
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
      params[key] = normaliseFormValue(key, value);
    }
  } else if (type.startsWith('multipart/form-data')) {
    bodyKind = 'multipart';
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
    if (!boundary) throw new Error('multipart request without boundary');
    for (const part of parseMultipart(body, boundary[1] ?? boundary[2]!)) {
      if (part.filename !== null) parts.push(part);
      else params[part.name] = normaliseFormValue(part.name, part.data.toString('utf8'));
    }
    // telegraf adds the method name as a form field; the URL already says it.
    delete params.method;
  }

  const attachRefs = new Set<string>();
  for (const match of JSON.stringify(params).matchAll(/attach:\/\/([^"\\]+)/g)) attachRefs.add(match[1]!);
  return { params, parts, bodyKind, attachRefs };
}

/** Splits a multipart/form-data body into parts (RFC 7578, no nesting). */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart boundary not found in body');
  pos += delimiter.length;
  // After each delimiter: "--" closes the body, otherwise CRLF and a part.
  while (!(body[pos] === 0x2d && body[pos + 1] === 0x2d)) {
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const end = body.indexOf(nextDelimiter, pos);
    if (end < 0) throw new Error('multipart body is truncated');
    const raw = body.subarray(pos, end);
    const headerEnd = raw.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new Error('multipart part without headers');
    const headers = new Map<string, string>();
    for (const line of raw.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw new Error('multipart part without a name');
    const filename = /(?:^|;)\s*filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
    parts.push({
      name,
      filename,
      contentType: headers.get('content-type') ?? null,
      data: Buffer.from(raw.subarray(headerEnd + 4)), // copy: don't pin the whole body
    });
    pos = end + nextDelimiter.length;
  }
  return parts;
}

// Form fields are strings on the wire; map them to the JSON shapes so tests
// can assert on params the same way whatever encoding telegraf chose.
const JSON_FIELDS = new Set([
  'reply_markup',
  'media',
  'entities',
  'caption_entities',
  'allowed_updates',
  'commands',
  'scope',
  'results',
  'link_preview_options',
  'reply_parameters',
  'message_ids',
]);
const INTEGER_FIELDS = new Set([
  'chat_id',
  'from_chat_id',
  'message_id',
  'message_thread_id',
  'reply_to_message_id',
  'user_id',
  'offset',
  'limit',
  'timeout',
  'duration',
  'width',
  'height',
  'length',
  'cache_time',
  'max_connections',
]);
const FLOAT_FIELDS = new Set(['latitude', 'longitude', 'horizontal_accuracy']);
const BOOLEAN_FIELD = /^(disable_|protect_|show_|is_|has_|drop_|allow_|supports_|need_|only_)/;

function normaliseFormValue(key: string, value: string): unknown {
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  if (INTEGER_FIELDS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (FLOAT_FIELDS.has(key) && value !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (BOOLEAN_FIELD.test(key) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

// ---- small helpers --------------------------------------------------------

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

function queueCountdown<T>(map: Map<string, Array<Countdown<T>>>, method: string, value: T, times: number): void {
  if (!Number.isInteger(times) || times < 1) throw new Error(`times must be a positive integer, got ${times}`);
  const queue = map.get(method) ?? [];
  queue.push({ value, remaining: times });
  map.set(method, queue);
}

function takeCountdown<T>(map: Map<string, Array<Countdown<T>>>, method: string): T | undefined {
  const queue = map.get(method);
  const head = queue?.[0];
  if (!queue || !head) return undefined;
  head.remaining -= 1;
  if (head.remaining === 0) queue.shift();
  return head.value;
}

function injectedError(spec: FailureSpec): ApiError {
  const code = spec.errorCode ?? spec.status;
  const retryAfter = spec.retryAfter ?? (code === 429 ? 1 : undefined);
  const description =
    spec.description ??
    (code === 429 ? `Too Many Requests: retry after ${retryAfter}` : (DEFAULT_DESCRIPTIONS[code] ?? 'Error'));
  const parameters = retryAfter === undefined ? undefined : { retry_after: retryAfter };
  return new ApiError(code, description, parameters, spec.status);
}

type MediaFile = { file_id: string; file_unique_id: string; file_size?: number; file_name?: string };

/** The chat Telegram would resolve a chat_id parameter to. */
function chatFromParam(chatId: unknown): Chat {
  if (typeof chatId === 'number' && Number.isSafeInteger(chatId)) return chatFor(chatId);
  if (typeof chatId === 'string' && /^-?\d+$/.test(chatId)) return chatFor(Number(chatId));
  if (typeof chatId === 'string' && /^@\w+$/.test(chatId)) {
    const username = chatId.slice(1);
    // Stable fake id for a public channel, in the -100… range.
    let hash = 0;
    for (const ch of username) hash = (hash * 31 + ch.charCodeAt(0)) % 1_000_000_000;
    return { id: -1_000_000_000_000 - hash, type: 'channel', title: username, username };
  }
  throw new ApiError(400, 'Bad Request: chat not found');
}

function requireChat(chatId: unknown): Chat {
  if (chatId === undefined || chatId === '') throw new ApiError(400, 'Bad Request: chat_id is empty');
  return chatFromParam(chatId);
}

// The tags Telegram's HTML parse mode accepts; anything else is refused.
const TELEGRAM_HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);

/**
 * Parses text the way Telegram does in HTML mode: a bare `<`, `>` or `&`, an
 * unknown entity, an unsupported tag or an unclosed tag is refused with
 * "can't parse entities", so unescaped draft text fails loudly in tests.
 */
export function telegramHtmlError(text: string): string | null {
  const open: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(text.slice(i));
      if (!entity) return `Bad Request: can't parse entities: unsupported entity at byte offset ${i}`;
      i += entity[0].length;
      continue;
    }
    if (ch === '>') return `Bad Request: can't parse entities: unexpected '>' at byte offset ${i}`;
    if (ch === '<') {
      const tag = /^<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/i.exec(text.slice(i));
      if (!tag || !TELEGRAM_HTML_TAGS.has(tag[2]!.toLowerCase())) {
        return `Bad Request: can't parse entities: unsupported start tag at byte offset ${i}`;
      }
      const name = tag[2]!.toLowerCase();
      if (tag[1]) {
        if (open.pop() !== name) return `Bad Request: can't parse entities: unexpected end tag at byte offset ${i}`;
      } else {
        open.push(name);
      }
      i += tag[0].length;
      continue;
    }
    i += 1;
  }
  return open.length > 0 ? `Bad Request: can't parse entities: can't find end tag corresponding to start tag "${open.at(-1)}"` : null;
}

function checkHtmlParams(params: Record<string, unknown>): void {
  const texts: unknown[] = [];
  if (params.parse_mode === 'HTML') texts.push(params.text, params.caption);
  if (Array.isArray(params.media)) {
    for (const item of params.media as Array<Record<string, unknown>>) if (item?.parse_mode === 'HTML') texts.push(item.caption);
  }
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const error = telegramHtmlError(text);
    if (error) throw new ApiError(400, error);
  }
}

function requireText(text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '') throw new ApiError(400, 'Bad Request: message text is empty');
  if (text.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
  return text;
}

function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Messages only carry inline keyboards; reply keyboards are not echoed. */
function inlineMarkup(markup: unknown): Record<string, unknown> | undefined {
  if (typeof markup === 'object' && markup !== null && 'inline_keyboard' in markup) {
    return markup as Record<string, unknown>;
  }
  return undefined;
}

function sameContent(a: Message, b: Message): boolean {
  const strip = ({ edit_date: _e, date: _d, ...rest }: Message) => rest;
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

function withoutName<T extends { file_name?: string }>(file: T): Omit<T, 'file_name'> {
  const { file_name: _name, ...rest } = file;
  return rest;
}

function fileKind(content: Buffer): string {
  return defaultFilePath(content, 0).split('/')[0]!;
}

/** Telegram-like file_path by content sniffing: photos/file_3.jpg, voice/file_4.oga, … */
function defaultFilePath(content: Buffer, n: number): string {
  const head = content.subarray(0, 4).toString('latin1');
  if (content[0] === 0xff && content[1] === 0xd8) return `photos/file_${n}.jpg`;
  if (head === '\x89PNG') return `photos/file_${n}.png`;
  if (head === 'OggS') return `voice/file_${n}.oga`;
  if (head === '%PDF') return `documents/file_${n}.pdf`;
  return `documents/file_${n}.bin`;
}
