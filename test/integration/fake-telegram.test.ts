// Drives the real telegraf client against the fake Bot API server, so the fake
// is known to speak telegraf's dialect (JSON, multipart, errors, long polling).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Input, Markup, Telegraf, TelegramError } from 'telegraf';
import { message } from 'telegraf/filters';
import {
  callbackQueryUpdate,
  commandUpdate,
  contactUpdate,
  documentUpdate,
  locationUpdate,
  photoUpdate,
  startFakeTelegram,
  stickerUpdate,
  textUpdate,
  voiceUpdate,
} from '../fakes/fake-telegram.js';
import type { FakeTelegram } from '../fakes/fake-telegram.js';

// Smallest byte strings that the fake's sniffing recognises as JPEG / Ogg.
const JPEG_A = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1500, 1)]);
const JPEG_B = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2700, 2)]);
const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(800, 3)]);

/** Runs `fn` and returns the TelegramError it must throw. */
async function telegramError(fn: () => Promise<unknown>): Promise<TelegramError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof TelegramError) return err;
    throw err;
  }
  throw new Error('expected a TelegramError, but the call succeeded');
}

describe('fake Telegram Bot API with the real telegraf client', () => {
  let fake: FakeTelegram;
  let bot: Telegraf;

  beforeEach(async () => {
    fake = await startFakeTelegram();
    bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('answers getMe with the bot user derived from the token', async () => {
    const me = await bot.telegram.getMe();
    expect(me).toMatchObject({ id: fake.botId, is_bot: true, username: 'warta_test_bot', can_join_groups: true });
    expect(fake.callsOf('getMe')).toHaveLength(1);
  });

  it('records sendMessage with its inline keyboard and numbers messages per chat', async () => {
    const keyboard = Markup.inlineKeyboard([
      Markup.button.callback('Terbitkan', 'publish:1'),
      Markup.button.callback('Tolak', 'reject:1'),
    ]);
    const first = await bot.telegram.sendMessage(42, 'Draf siap ditinjau', keyboard);
    const second = await bot.telegram.sendMessage(42, 'Kedua');
    const elsewhere = await bot.telegram.sendMessage(-1001234567890, 'Grup');

    expect([first.message_id, second.message_id, elsewhere.message_id]).toEqual([1, 2, 1]);
    expect(first.chat).toMatchObject({ id: 42, type: 'private' });
    expect(elsewhere.chat).toMatchObject({ id: -1001234567890, type: 'supergroup' });
    expect(first.reply_markup).toEqual(keyboard.reply_markup);

    const call = await fake.waitForCall('sendMessage', (c) => c.params.text === 'Draf siap ditinjau');
    expect(call.bodyKind).toBe('json');
    expect(call.params).toMatchObject({ chat_id: 42, reply_markup: keyboard.reply_markup });
  });

  it('parses multipart uploads: sendMediaGroup with Buffer photos', async () => {
    const sent = await bot.telegram.sendMediaGroup(42, [
      { type: 'photo', media: Input.fromBuffer(JPEG_A, 'a.jpg'), caption: 'Banjir di Jalan Merdeka' },
      { type: 'photo', media: Input.fromBuffer(JPEG_B) },
    ]);

    const call = fake.callsOf('sendMediaGroup')[0]!;
    expect(call.bodyKind).toBe('multipart');
    expect(call.params.chat_id).toBe(42); // a string on the wire, normalised
    expect(call.params).not.toHaveProperty('method');
    expect(call.files).toHaveLength(2);
    // Each media item points at its file part via attach://<field>.
    const media = call.params.media as Array<{ type: string; media: string; caption?: string }>;
    expect(media.map((m) => m.media)).toEqual(call.files.map((f) => `attach://${f.field}`));
    expect(call.files.map((f) => f.size)).toEqual([JPEG_A.length, JPEG_B.length]);
    expect(call.files[0]!.filename).toBe('a.jpg');
    expect(call.files[0]!.data.equals(JPEG_A)).toBe(true);
    expect(call.files[0]!.contentType).toBeNull(); // telegraf sends no part Content-Type

    expect(sent).toHaveLength(2);
    const [one, two] = sent as Array<(typeof sent)[number] & { photo: Array<{ file_id: string }> }>;
    expect(one!.media_group_id).toBeDefined();
    expect(two!.media_group_id).toBe(one!.media_group_id);
    expect(one!.caption).toBe('Banjir di Jalan Merdeka');
    expect(one!.photo).toHaveLength(3);
    // The largest size is the upload itself, registered with the fake.
    expect(one!.photo.at(-1)!.file_id).toBe(call.files[0]!.fileId);
  });

  it('uploads a single photo with caption and keyboard as multipart', async () => {
    const keyboard = Markup.inlineKeyboard([Markup.button.callback('OK', 'ok')]);
    const sent = await bot.telegram.sendPhoto(7, Input.fromBuffer(JPEG_A), { caption: 'Foto', ...keyboard });

    const call = fake.callsOf('sendPhoto')[0]!;
    expect(call.params).toMatchObject({ chat_id: 7, caption: 'Foto', photo: 'attach://photo' });
    expect(call.params.reply_markup).toEqual(keyboard.reply_markup);
    expect(call.files).toMatchObject([{ field: 'photo', filename: 'photo.jpg', size: JPEG_A.length }]);
    expect(sent.photo.at(-1)!.file_id).toBe(call.files[0]!.fileId);
    expect(sent.reply_markup).toEqual(keyboard.reply_markup);
  });

  // Pinned telegraf 4.16 quirk: in multipart requests it only serialises
  // reply_markup (and a few others) and arrays; other object parameters such as
  // reply_parameters are silently dropped. JSON requests keep them.
  it('telegraf drops reply_parameters when it has to upload (multipart)', async () => {
    await bot.telegram.sendPhoto(7, Input.fromBuffer(JPEG_A), { reply_parameters: { message_id: 5 } });
    await bot.telegram.sendPhoto(7, 'known-file-id', { reply_parameters: { message_id: 5 } });
    const [upload, byId] = fake.callsOf('sendPhoto');
    expect(upload!.bodyKind).toBe('multipart');
    expect(upload!.params).not.toHaveProperty('reply_parameters');
    expect(byId!.bodyKind).toBe('json');
    expect(byId!.params.reply_parameters).toEqual({ message_id: 5 });
  });

  it('serves registered files through getFile and getFileLink', async () => {
    const file = fake.addFile(OGG);
    expect(file.file_path).toMatch(/^voice\/file_\d+\.oga$/);

    const link = await bot.telegram.getFileLink(file.file_id);
    expect(link.href).toBe(`${fake.apiRoot}/file/bot${fake.token}/${file.file_path}`);
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(OGG)).toBe(true);
    expect(fake.downloads).toEqual([file.file_path]);

    const missing = await fetch(`${fake.apiRoot}/file/bot${fake.token}/voice/nope.oga`);
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
  });

  it('refuses getFile for files over 20 MB and unknown file ids', async () => {
    const big = fake.addFile(JPEG_A, { fileSize: 20 * 1024 * 1024 + 1 });
    const tooBig = await telegramError(() => bot.telegram.getFile(big.file_id));
    expect(tooBig.code).toBe(400);
    expect(tooBig.description).toBe('Bad Request: file is too big');

    const unknown = await telegramError(() => bot.telegram.getFile('nope'));
    expect(unknown.description).toBe('Bad Request: invalid file_id');
  });

  it('surfaces an injected 429 as a TelegramError with retry_after, once', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 7 });

    const err = await telegramError(() => bot.telegram.sendMessage(42, 'terlalu cepat'));
    expect(err.code).toBe(429);
    expect(err.description).toBe('Too Many Requests: retry after 7');
    expect(err.parameters?.retry_after).toBe(7);

    await expect(bot.telegram.sendMessage(42, 'lagi')).resolves.toMatchObject({ text: 'lagi' });
    expect(fake.callsOf('sendMessage').map((c) => c.response?.ok)).toEqual([false, true]);
  });

  it('answers 403 for a chat that blocked the bot, and only that chat', async () => {
    fake.blockChat(99);

    const err = await telegramError(() => bot.telegram.sendMessage(99, 'halo'));
    expect(err.code).toBe(403);
    expect(err.description).toBe('Forbidden: bot was blocked by the user');
    await expect(bot.telegram.sendChatAction(99, 'typing')).rejects.toThrow(/blocked/);
    await expect(bot.telegram.sendMessage(100, 'halo')).resolves.toBeDefined();
  });

  it('5xx errors reach telegraf as the HTTP status text (the body is ignored)', async () => {
    fake.failNext('sendMessage', { status: 500, description: 'ignored by telegraf' });
    const err = await telegramError(() => bot.telegram.sendMessage(1, 'x'));
    expect(err.code).toBe(500);
    expect(err.description).toBe('Internal Server Error');
  });

  it('delays answers on request', async () => {
    fake.delayNext('sendChatAction', 150);
    const started = Date.now();
    await bot.telegram.sendChatAction(1, 'typing');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('rejects a wrong token with 401 Unauthorized', async () => {
    const stranger = new Telegraf('1:wrong', { telegram: { apiRoot: fake.apiRoot } });
    const err = await telegramError(() => stranger.telegram.getMe());
    expect(err.code).toBe(401);
    expect(err.description).toBe('Unauthorized');
    expect(fake.calls).toHaveLength(0);
  });

  it('rejects edits that change nothing, like Telegram', async () => {
    const sent = await bot.telegram.sendMessage(5, 'Status: menunggu');
    await bot.telegram.editMessageText(5, sent.message_id, undefined, 'Status: terbit');
    const err = await telegramError(() =>
      bot.telegram.editMessageText(5, sent.message_id, undefined, 'Status: terbit'),
    );
    expect(err.description).toMatch(/^Bad Request: message is not modified/);
  });

  it('explains a waitForCall timeout with the calls it did see', async () => {
    await bot.telegram.getMe();
    await expect(fake.waitForCall('sendMessage', undefined, 50)).rejects.toThrow(/sendMessage.*getMe×1/);
  });

  it('long polling: bot.launch() receives a pushed update and the handler replies', async () => {
    bot.on(message('text'), (ctx) => ctx.reply(`Diterima: ${ctx.message.text}`));
    // launch() only resolves once polling stops, so keep the promise.
    const running = bot.launch({ dropPendingUpdates: false });

    fake.pushUpdate(textUpdate({ fromId: 501, text: 'Ada kebakaran di pasar' }));
    const reply = await fake.waitForCall('sendMessage', undefined, 5000);
    expect(reply.params).toMatchObject({ chat_id: 501, text: 'Diterima: Ada kebakaran di pasar' });

    // A second update proves the offset advanced (no redelivery of the first).
    fake.pushUpdate(textUpdate({ fromId: 501, text: 'Update kedua' }));
    await fake.waitForCall('sendMessage', (c) => c.params.text === 'Diterima: Update kedua', 5000);
    expect(fake.callsOf('sendMessage')).toHaveLength(2);
    expect(fake.callsOf('deleteWebhook')[0]!.params).toEqual({ drop_pending_updates: false });

    bot.stop('test done');
    await running;
    expect(fake.pendingUpdates()).toEqual([]);
  });

  it('dropPendingUpdates on launch discards queued updates', async () => {
    const seen: string[] = [];
    bot.on(message('text'), (ctx) => void seen.push(ctx.message.text));
    fake.pushUpdate(textUpdate({ fromId: 1, text: 'basi' }));
    const running = bot.launch({ dropPendingUpdates: true });

    await fake.waitForCall('getUpdates');
    expect(fake.callsOf('deleteWebhook')[0]!.params).toEqual({ drop_pending_updates: true });
    expect(fake.pendingUpdates()).toEqual([]);
    // Polling still works for what arrives afterwards.
    fake.pushUpdate(textUpdate({ fromId: 1, text: 'segar' }));
    await expect.poll(() => seen, { timeout: 5000 }).toEqual(['segar']);

    bot.stop();
    await running;
  });

  it('close() ends a pending long poll promptly', async () => {
    const poll = fetch(`${fake.apiRoot}/bot${fake.token}/getUpdates?timeout=30`).then(
      (res) => res.json(),
      (err: unknown) => err,
    );
    await fake.waitForCall('getUpdates');
    await fake.close();
    // The poll asked to wait 30 s; closing ends it long before (a generous bound, not a timing target).
    const outcome = await Promise.race([poll.then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 15_000))]);
    expect(outcome).toBe('ended');
  });

  it('handleUpdate works with the update builders', async () => {
    const photo = fake.addFile(JPEG_B);
    const downloaded: Buffer[] = [];
    const seen: string[] = [];

    bot.command('start', (ctx) => ctx.reply(`Halo ${ctx.from.first_name}, args=${ctx.payload}`));
    bot.on(message('photo'), async (ctx) => {
      const largest = ctx.message.photo.at(-1)!;
      const res = await fetch(await ctx.telegram.getFileLink(largest.file_id));
      downloaded.push(Buffer.from(await res.arrayBuffer()));
      seen.push(`photo:${ctx.message.caption}:${ctx.message.media_group_id}`);
    });
    bot.on(message('voice'), (ctx) => void seen.push(`voice:${ctx.message.voice.mime_type}`));
    bot.on(message('document'), (ctx) => void seen.push(`document:${ctx.message.document.file_name}`));
    bot.on(message('sticker'), (ctx) => void seen.push(`sticker:${ctx.message.sticker.emoji}`));
    bot.on(message('location'), (ctx) => void seen.push(`location:${ctx.message.location.latitude}`));
    bot.on(message('contact'), (ctx) => void seen.push(`contact:${ctx.message.contact.user_id}`));
    bot.action(/^publish:(\d+)$/, async (ctx) => {
      await ctx.answerCbQuery('Diterbitkan');
      await ctx.editMessageText(`Terbit #${ctx.match[1]}`);
    });

    await bot.handleUpdate(commandUpdate({ fromId: 11, command: 'start', args: 'kode-123' }));
    const hello = await fake.waitForCall('sendMessage');
    expect(hello.params).toMatchObject({ chat_id: 11, text: 'Halo User 11, args=kode-123' });

    await bot.handleUpdate(photoUpdate({ fromId: 11, file: photo, caption: 'Banjir', mediaGroupId: 'g1' }));
    expect(downloaded[0]?.equals(JPEG_B)).toBe(true);

    await bot.handleUpdate(voiceUpdate({ fromId: 11, duration: 4 }));
    await bot.handleUpdate(documentUpdate({ fromId: 11, fileName: 'rilis.pdf' }));
    await bot.handleUpdate(stickerUpdate({ fromId: 11 }));
    await bot.handleUpdate(locationUpdate({ fromId: 11, latitude: -6.2, longitude: 106.8 }));
    await bot.handleUpdate(contactUpdate({ fromId: 11 }));
    expect(seen).toEqual([
      'photo:Banjir:g1',
      'voice:audio/ogg',
      'document:rilis.pdf',
      'sticker:👍',
      'location:-6.2',
      'contact:11',
    ]);

    await bot.handleUpdate(callbackQueryUpdate({ fromId: 11, chatId: 11, messageId: 3, data: 'publish:3' }));
    expect((await fake.waitForCall('answerCallbackQuery')).params).toMatchObject({ text: 'Diterbitkan' });
    expect((await fake.waitForCall('editMessageText')).params).toMatchObject({
      chat_id: 11,
      message_id: 3,
      text: 'Terbit #3',
    });
  });

  it('builds group commands with a bot_command entity covering only the command', () => {
    const update = commandUpdate({ fromId: 3, chatId: -55, command: '/lapor', args: 'jalan rusak', botUsername: 'warta_test_bot' });
    expect(update.message.text).toBe('/lapor@warta_test_bot jalan rusak');
    expect(update.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: '/lapor@warta_test_bot'.length }]);
    expect(update.message.chat).toMatchObject({ id: -55, type: 'group' });
    expect(textUpdate({ fromId: 3, text: 'a' }).update_id).toBeLessThan(textUpdate({ fromId: 3, text: 'b' }).update_id);
  });
});
