// Drives the Telegram messenger, and through it the real telegraf client,
// against the fake Bot API server: payload shapes, uploads, and the retry
// policy as seen on the wire.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSendScheduler } from '../../bots/telegram/rate-limiter.js';
import { createTelegramMessenger, splitMessageText } from '../../bots/telegram/telegram-messenger.js';
import type { TelegramMessengerDeps } from '../../bots/telegram/telegram-messenger.js';
import { AppError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/logging/logger.js';
import { startFakeTelegram } from '../fakes/fake-telegram.js';
import type { FakeTelegram, RecordedCall } from '../fakes/fake-telegram.js';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600, 7)]);

/** Writes `count` small JPEG files and returns their paths. */
function photoFiles(count: number): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'warta-tg-photos-'));
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, `photo-${i + 1}.jpg`);
    writeFileSync(path, JPEG);
    return path;
  });
}

/** A real pino logger whose JSON lines are kept for assertions. */
function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = createLogger({ level: 'debug', destination });
  return { log, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError, but the call succeeded');
}

const resultOf = (call: RecordedCall | undefined) => call?.response as { ok: boolean; result?: unknown } | undefined;

describe('Telegram messenger against the fake Bot API', () => {
  let fake: FakeTelegram;
  let logs: ReturnType<typeof capturingLogger>;

  beforeEach(async () => {
    fake = await startFakeTelegram();
    logs = capturingLogger();
  });

  afterEach(async () => {
    await fake.close();
  });

  /** Fast backoff and per-chat spacing unless a test asks for the real ones. */
  function messenger(overrides: Partial<TelegramMessengerDeps> = {}) {
    return createTelegramMessenger({
      token: fake.token,
      apiRoot: fake.apiRoot,
      log: logs.log,
      retryBaseDelayMs: 20,
      scheduler: createSendScheduler({ perChatIntervalMs: 10 }),
      ...overrides,
    });
  }

  it('sends HTML text with an inline keyboard, no link preview, as a reply', async () => {
    const sent = await messenger().sendText('42', '<b>Draf siap</b> ditinjau', {
      html: true,
      replyToMessageId: '7',
      buttons: [
        [
          { label: 'Terbitkan', data: 'ap:1' },
          { label: 'Tolak', data: 'rj:1' },
        ],
        [{ label: 'Revisi', data: 'rv:1' }],
      ],
    });

    const [call] = fake.callsOf('sendMessage');
    expect(call?.params).toMatchObject({
      chat_id: 42,
      text: '<b>Draf siap</b> ditinjau',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_parameters: { message_id: 7, allow_sending_without_reply: true },
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Terbitkan', callback_data: 'ap:1' },
            { text: 'Tolak', callback_data: 'rj:1' },
          ],
          [{ text: 'Revisi', callback_data: 'rv:1' }],
        ],
      },
    });
    expect(sent.messageId).toBe(String((resultOf(call)?.result as { message_id: number }).message_id));
  });

  it('sends plain text without parse_mode, and force_reply when asked', async () => {
    await messenger().sendText('42', 'Tulis alasan revisi:', { forceReply: true });
    const [call] = fake.callsOf('sendMessage');
    expect(call?.params.parse_mode).toBeUndefined();
    expect(call?.params.reply_markup).toEqual({ force_reply: true });
  });

  it('rejects callback data over 64 bytes before calling Telegram', async () => {
    const error = await rejection(
      messenger().sendText('42', 'x', { buttons: [[{ label: 'Too long', data: 'x'.repeat(65) }]] }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(fake.calls).toHaveLength(0);
  });

  it('waits retry_after after a 429, keeps the chat paused, and still delivers in order', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const m = messenger();

    const first = m.sendText('42', 'pertama');
    const second = m.sendText('42', 'kedua'); // queued behind the first: must not overtake
    await Promise.all([first, second]);

    const calls = fake.callsOf('sendMessage');
    expect(calls.map((call) => [call.params.text, resultOf(call)?.ok])).toEqual([
      ['pertama', false],
      ['pertama', true],
      ['kedua', true],
    ]);
    expect(calls[0]?.response).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
    expect(logs.entries().some((entry) => entry.code === 429 && entry.method === 'sendMessage')).toBe(true);
  });

  it('gives up on a long flood wait without holding the call, as UNAVAILABLE with retryAfterMs', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 120 });
    const error = await rejection(messenger().sendText('42', 'x'));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.details).toMatchObject({ retryAfterMs: 120_000, method: 'sendMessage' });
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
  });

  it('reports a chat that blocked the bot once, as FORBIDDEN, without retrying', async () => {
    fake.blockChat(77);
    const onBlocked = vi.fn();
    const m = messenger({ onBlocked });

    const error = await rejection(m.sendText('77', 'Halo'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details).toMatchObject({ blocked: true, chatId: '77' });
    expect(onBlocked).toHaveBeenCalledTimes(1);
    expect(onBlocked).toHaveBeenCalledWith('77');
    expect(fake.callsOf('sendMessage')).toHaveLength(1);

    // A long text to the same chat: the later parts are not even tried.
    onBlocked.mockClear();
    const long = await rejection(m.sendText('77', `${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}`));
    expect(long.code).toBe('FORBIDDEN');
    expect(onBlocked).toHaveBeenCalledTimes(1);
    expect(fake.callsOf('sendMessage')).toHaveLength(2);
  });

  it('treats "chat not found" as an unreachable chat too', async () => {
    fake.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
    const onBlocked = vi.fn();
    const error = await rejection(messenger({ onBlocked }).sendText('99', 'x'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details.blocked).toBe(true);
    expect(onBlocked).toHaveBeenCalledOnce();
  });

  it('retries 5xx with backoff until the message arrives', async () => {
    fake.failNext('sendMessage', { status: 500 }, 2);
    await messenger().sendText('42', 'akhirnya');

    const calls = fake.callsOf('sendMessage');
    expect(calls.map((call) => resultOf(call)?.ok)).toEqual([false, false, true]);
    // Backoff doubles: 20 ms, then 40 ms. A wait is never shorter than asked, whatever the load.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(20 - 2);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(40 - 2);
    const retries = logs.entries().filter((entry) => entry.msg === 'telegram call failed; retrying');
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatchObject({ method: 'sendMessage', code: 500, attempt: 1, retryInMs: 20 });
    expect(retries[1]).toMatchObject({ attempt: 2, retryInMs: 40 });
  });

  it('gives up after maxAttempts of 5xx with UNAVAILABLE', async () => {
    fake.failNext('sendMessage', { status: 502 }, 10);
    const error = await rejection(messenger({ maxAttempts: 3 }).sendText('42', 'x'));
    expect(error.code).toBe('UNAVAILABLE');
    expect(fake.callsOf('sendMessage')).toHaveLength(3);
  });

  it('retries network failures and never logs the token', async () => {
    const unreachable = createTelegramMessenger({
      token: fake.token,
      apiRoot: 'http://127.0.0.1:1', // nothing listens on port 1
      log: logs.log,
      maxAttempts: 2,
      retryBaseDelayMs: 10,
    });
    const error = await rejection(unreachable.sendText('42', 'x'));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.details).toMatchObject({ code: 'ECONNREFUSED', attempt: 2 });
    expect(logs.lines.length).toBeGreaterThan(0);
    const secret = fake.token.split(':')[1]!;
    expect(logs.lines.join('\n')).not.toContain(secret);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.details)).not.toContain(secret);
  });

  it('retries a request that Telegram does not answer in time', async () => {
    fake.delayNext('sendMessage', 3000);
    await messenger({ requestTimeoutMs: 300 }).sendText('42', 'lambat');
    expect(fake.callsOf('sendMessage')).toHaveLength(2);
  });

  it('turns other 400s into VALIDATION without retrying', async () => {
    const error = await rejection(messenger().sendText('42', ''));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('message text is empty');
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
  });

  it('sends one photo with sendPhoto and a file upload', async () => {
    const [path] = photoFiles(1);
    const sent = await messenger().sendPhotos('42', [{ path: path!, caption: 'Rapat koordinasi' }]);

    const [call] = fake.callsOf('sendPhoto');
    expect(call?.files).toHaveLength(1);
    expect(call?.files[0]?.size).toBe(JPEG.length);
    expect(call?.params).toMatchObject({ chat_id: 42, photo: 'attach://photo', caption: 'Rapat koordinasi' });
    expect(sent).toHaveLength(1);
  });

  it('sends 3 photos as one album with three file parts and the caption on the first', async () => {
    const paths = photoFiles(3);
    const sent = await messenger().sendPhotos(
      '42',
      paths.map((path, i) => (i === 0 ? { path, caption: '<b>Banjir</b> di Desa Sukamaju' } : { path })),
      { html: true },
    );

    const albums = fake.callsOf('sendMediaGroup');
    expect(albums).toHaveLength(1);
    const album = albums[0]!;
    expect(album.files).toHaveLength(3);
    const media = album.params.media as Array<Record<string, unknown>>;
    expect(media).toHaveLength(3);
    expect(media.every((item) => item.type === 'photo' && String(item.media).startsWith('attach://'))).toBe(true);
    expect(media[0]).toMatchObject({ caption: '<b>Banjir</b> di Desa Sukamaju', parse_mode: 'HTML' });
    expect(media[1]?.caption).toBeUndefined();
    expect(media[2]?.caption).toBeUndefined();
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((message) => message.messageId)).size).toBe(3);
  });

  it('splits 12 photos into two albums, in order', async () => {
    const paths = photoFiles(12);
    const sent = await messenger().sendPhotos('42', paths.map((path) => ({ path })));

    const albums = fake.callsOf('sendMediaGroup');
    expect(albums).toHaveLength(2);
    expect(albums.map((album) => album.files.length)).toEqual([6, 6]);
    expect(fake.callsOf('sendPhoto')).toHaveLength(0);
    expect(sent).toHaveLength(12);
  });

  it('cuts captions over 1024 characters with an ellipsis', async () => {
    const [path] = photoFiles(1);
    await messenger().sendPhotos('42', [{ path: path!, caption: 'kata '.repeat(400) }]);
    const caption = String(fake.callsOf('sendPhoto')[0]?.params.caption);
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(caption.endsWith('…')).toBe(true);
  });

  it('reports a photo file that is not on disk as NOT_FOUND, without calling Telegram', async () => {
    const error = await rejection(messenger().sendPhotos('42', [{ path: '/nonexistent/warta/photo.jpg' }]));
    expect(error.code).toBe('NOT_FOUND');
    expect(fake.calls).toHaveLength(0);
  });

  it('retries an upload after a 5xx with the file sent again', async () => {
    fake.failNext('sendMediaGroup', { status: 500 });
    await messenger().sendPhotos('42', photoFiles(2).map((path) => ({ path })));
    const albums = fake.callsOf('sendMediaGroup');
    expect(albums).toHaveLength(2);
    expect(albums[1]?.files.map((file) => file.size)).toEqual([JPEG.length, JPEG.length]);
  });

  it('edits text, replacing or removing the keyboard; "message is not modified" is not an error', async () => {
    const m = messenger();
    const buttons = [[{ label: 'Terbitkan', data: 'ap:9' }]];
    const { messageId } = await m.sendText('42', 'Kartu', { buttons });

    await m.editText('42', messageId, 'Kartu', { buttons }); // the same again: Telegram says 400
    const [sameAgain] = fake.callsOf('editMessageText');
    expect(sameAgain?.response).toMatchObject({ ok: false, error_code: 400 });

    await m.editText('42', messageId, 'Diterbitkan');
    const removed = fake.callsOf('editMessageText')[1];
    expect(removed?.params).toMatchObject({
      chat_id: 42,
      message_id: Number(messageId),
      text: 'Diterbitkan',
      reply_markup: { inline_keyboard: [] },
    });
    expect(resultOf(removed)?.ok).toBe(true);
  });

  it('splits a 5000-character text into two messages with the buttons on the last', async () => {
    const paragraph = (char: string, length: number) => char.repeat(length);
    const text = `${paragraph('a', 3000)}\n\n${paragraph('b', 1000)}\n\n${paragraph('c', 996)}`;
    expect(text.length).toBe(5000);

    const sent = await messenger().sendText('42', text, { buttons: [[{ label: 'OK', data: 'ok' }]] });

    const calls = fake.callsOf('sendMessage');
    expect(calls).toHaveLength(2);
    expect(calls[0]?.params.text).toBe(`${paragraph('a', 3000)}\n\n${paragraph('b', 1000)}`);
    expect(calls[1]?.params.text).toBe(paragraph('c', 996));
    expect(calls[0]?.params.reply_markup).toBeUndefined();
    expect(calls[1]?.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] });
    expect(sent.messageId).toBe(String((resultOf(calls[1])?.result as { message_id: number }).message_id));
  });

  it('ignores "message to delete not found"', async () => {
    fake.failNext('deleteMessage', { status: 400, description: 'Bad Request: message to delete not found' });
    await messenger().deleteMessage('42', '5');
    expect(fake.callsOf('deleteMessage')[0]?.params).toMatchObject({ chat_id: 42, message_id: 5 });
  });

  it('answers a callback at once, not queued behind a chat\'s sends', async () => {
    const m = messenger({ scheduler: createSendScheduler() });
    fake.delayNext('sendMessage', 3000); // the chat's first send is slow; two more wait behind it
    let sendsDone = false;
    const sends = Promise.all(['1', '2', '3'].map((text) => m.sendText('42', text))).then(() => {
      sendsDone = true;
    });
    await fake.waitForCall('sendMessage');

    await m.answerCallback('cbq-1', 'Sudah diterbitkan', { alert: true });

    expect(sendsDone).toBe(false);
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
    expect(fake.callsOf('answerCallbackQuery')[0]?.params).toEqual({
      callback_query_id: 'cbq-1',
      text: 'Sudah diterbitkan',
      show_alert: true,
    });
    await sends;
    expect(fake.callsOf('sendMessage').map((call) => call.params.text)).toEqual(['1', '2', '3']);
  });

  it('ignores "query is too old"', async () => {
    fake.failNext('answerCallbackQuery', {
      status: 400,
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    await messenger().answerCallback('cbq-old');
    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(1);
  });
});

describe('splitMessageText', () => {
  it('keeps short texts whole', () => {
    expect(splitMessageText('halo', 10)).toEqual(['halo']);
  });

  it('prefers paragraph, then line, then word boundaries', () => {
    expect(splitMessageText('aaaa bbbb\n\ncccc', 12)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitMessageText('aaaa\nbbbb cccc', 12)).toEqual(['aaaa\nbbbb', 'cccc']);
    expect(splitMessageText('aaaaaa bbbbbb', 8)).toEqual(['aaaaaa', 'bbbbbb']);
    expect(splitMessageText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('closes and reopens HTML tags across a cut and never cuts inside a tag or entity', () => {
    const parts = splitMessageText('<b>satu dua tiga empat lima enam</b> &amp; tujuh', 30, true);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(30);
      expect(part.split('<b>').length).toBe(part.split('</b>').length);
      expect(part).not.toMatch(/&(?!amp;)/);
    }
    expect(parts.join(' ').replace(/<\/?b>/g, '')).toBe('satu dua tiga empat lima enam &amp; tujuh');
  });
});
