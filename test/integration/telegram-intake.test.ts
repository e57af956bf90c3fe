import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { addAgency } from '../../src/pipeline/add-agency.js';
import { createAgencyStore } from '../../src/adapters/prisma/agency-store.js';
import { createAuditLog } from '../../src/adapters/prisma/audit-log.js';
import { commandUpdate, photoUpdate, stickerUpdate, textUpdate, voiceUpdate, callbackQueryUpdate } from '../fakes/fake-telegram.js';
import { eventually, startTestWarta, type TestWarta } from '../helpers/warta.js';

let t: TestWarta;
let inviteCode: string;
let jpeg: Buffer;
let nextUser = 5_000;

async function joinedContributor(): Promise<number> {
  const userId = (nextUser += 1);
  await t.deliver(commandUpdate({ fromId: userId, command: 'start', args: inviteCode }));
  await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === userId), 'welcome message');
  return userId;
}

const sentTo = (chatId: number) => t.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === chatId);

beforeAll(async () => {
  t = await startTestWarta({ BUNDLE_IDLE_SECONDS: '5' });
  const agency = await addAgency({ agencies: createAgencyStore(t.warta.db), audit: createAuditLog(t.warta.db) }, { name: 'Dinas Kesehatan' });
  inviteCode = agency.inviteCode;
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366aa' } }).jpeg().toBuffer();
});

afterAll(async () => {
  await t?.close();
});

beforeEach(() => {
  t.telegram.reset();
});

describe('joining with an invite link', () => {
  it('greets a contributor with a valid code by the agency name and registers them', async () => {
    const userId = (nextUser += 1);
    const response = await t.deliver(commandUpdate({ fromId: userId, command: 'start', args: inviteCode }));
    expect(response.status).toBe(200);
    const welcome = await eventually(() => sentTo(userId)[0], 'welcome');
    expect(welcome.params.text).toContain('Dinas Kesehatan');
    expect(welcome.params.text).toContain('/kirim');
    const identity = await t.warta.db.contributorIdentity.findFirst({ where: { externalId: String(userId) } });
    expect(identity).not.toBeNull();
  });

  it('explains an unknown code and registers nobody', async () => {
    const userId = (nextUser += 1);
    await t.deliver(commandUpdate({ fromId: userId, command: 'start', args: 'ZZZZZZ' }));
    const reply = await eventually(() => sentTo(userId)[0], 'reply');
    expect(reply.params.text).toContain('tidak dikenal');
    expect(await t.warta.db.contributorIdentity.count({ where: { externalId: String(userId) } })).toBe(0);
  });

  it('asks for the code when /start comes without one', async () => {
    const userId = (nextUser += 1);
    await t.deliver(commandUpdate({ fromId: userId, command: 'start' }));
    const reply = await eventually(() => sentTo(userId)[0], 'reply');
    expect(reply.params.text).toContain('kode undangan');
    expect(await t.warta.db.contributorIdentity.count({ where: { externalId: String(userId) } })).toBe(0);
  });
});

describe('someone who is not registered', () => {
  it('gets the join explanation and nothing of theirs is kept', async () => {
    const userId = (nextUser += 1);
    const update = textUpdate({ fromId: userId, text: 'Halo, ini kegiatan kami hari ini' });
    await t.deliver(update);
    const reply = await eventually(() => sentTo(userId)[0], 'join explanation');
    expect(reply.params.text).toContain('belum terdaftar');
    await eventually(
      async () => (await t.warta.db.inboundUpdate.findFirst({ where: { updateId: String(update.update_id), status: 'processed' } })) ?? undefined,
      'processed update',
    );
    const stored = await t.warta.db.inboundUpdate.findFirst({ where: { updateId: String(update.update_id) } });
    expect(stored?.payload).toEqual({});
    expect(await t.warta.db.inboundMessage.count({ where: { externalId: { startsWith: `${userId}:` } } })).toBe(0);
    expect(await t.warta.db.bundle.count({ where: { chatId: String(userId) } })).toBe(0);
  });
});

describe('webhook security and robustness', () => {
  it('answers 401 without the secret or with a wrong one, and stores nothing', async () => {
    const update = textUpdate({ fromId: 42, text: 'rahasia' });
    expect((await t.deliver(update, null)).status).toBe(401);
    expect((await t.deliver(update, 'wrong-secret')).status).toBe(401);
    expect(await t.warta.db.inboundUpdate.count({ where: { updateId: String(update.update_id) } })).toBe(0);
  });

  it('answers 4xx to a body that is not JSON and keeps running', async () => {
    const response = await fetch(`${t.baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'test-webhook-secret_123' },
      body: '{not json',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const huge = await fetch(`${t.baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'test-webhook-secret_123' },
      body: JSON.stringify({ update_id: 1, filler: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });

  it('answers 500 when the update cannot be stored, so Telegram sends it again, and 200 once it is stored', async () => {
    const userId = await joinedContributor();
    t.telegram.reset();
    const update = textUpdate({ fromId: userId, text: 'Dikirim saat basis data menolak.' });
    // A real database error for this one update only: the rest of the file carries on.
    await t.warta.db.$executeRawUnsafe(`ALTER TABLE inbound_updates ADD CONSTRAINT refuse_one CHECK (update_id <> '${update.update_id}') NOT VALID`);
    try {
      const refused = await t.deliver(update);
      expect(refused.status).toBe(500);
      expect(await refused.json()).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    } finally {
      await t.warta.db.$executeRawUnsafe('ALTER TABLE inbound_updates DROP CONSTRAINT refuse_one');
    }
    expect(await t.warta.db.inboundUpdate.count({ where: { updateId: String(update.update_id) } })).toBe(0);
    expect((await t.deliver(update)).status).toBe(200);
    await eventually(() => sentTo(userId)[0], 'acknowledgement of the redelivered update');
    expect((await fetch(`${t.baseUrl}/telegram/webhook`)).status).toBe(404);
  });

  it('stores and answers the same update once when it is delivered twice', async () => {
    const userId = await joinedContributor();
    t.telegram.reset();
    const update = textUpdate({ fromId: userId, text: 'Kegiatan posyandu di Desa Kuang.' });
    const [first, second] = await Promise.all([t.deliver(update), t.deliver(update)]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    await eventually(() => sentTo(userId)[0], 'acknowledgement');
    await new Promise((resolve) => setTimeout(resolve, 800)); // give a duplicate every chance to show up
    expect(sentTo(userId)).toHaveLength(1);
    expect(await t.warta.db.inboundUpdate.count({ where: { updateId: String(update.update_id) } })).toBe(1);
    expect(await t.warta.db.inboundMessage.count({ where: { externalId: `${userId}:${update.message.message_id}` } })).toBe(1);
  });
});

describe('collecting a bundle', () => {
  it('makes one bundle with 3 photos and the caption of an album, acknowledged once', async () => {
    const userId = await joinedContributor();
    t.telegram.reset();
    const album = 'album-1';
    const updates = [0, 1, 2].map((i) =>
      photoUpdate({ fromId: userId, file: t.telegram.addFile(Buffer.concat([jpeg, Buffer.from([i])])), mediaGroupId: album, ...(i === 1 ? { caption: 'Vaksinasi anak di Puskesmas Taliwang' } : {}) }),
    );
    for (const update of updates) expect((await t.deliver(update)).status).toBe(200);

    const bundle = await eventually(async () => {
      const b = await t.warta.db.bundle.findFirst({ where: { chatId: String(userId) }, include: { messages: true } });
      return b && b.messages.length === 3 && b.messages.every((m) => m.mediaAssetId !== null) ? b : undefined;
    }, 'three stored photos');
    expect(bundle.messages.filter((m) => m.caption === 'Vaksinasi anak di Puskesmas Taliwang')).toHaveLength(1);
    const ack = await eventually(() => sentTo(userId).find((c) => String(c.params.text).includes('3 foto')) ?? t.telegram.callsOf('editMessageText').find((c) => String(c.params.text).includes('3 foto')), 'summary with 3 photos');
    expect(ack).toBeDefined();
    expect(sentTo(userId)).toHaveLength(1); // one acknowledgement, kept up to date by edits
    const markup = JSON.stringify(sentTo(userId)[0]!.params.reply_markup);
    expect(markup).toContain('Kirim ke redaksi');
    expect(markup).toContain('Batal');
    expect(t.warta.db).toBeDefined();
    const assets = await t.warta.db.mediaAsset.findMany({ where: { id: { in: bundle.messages.map((m) => m.mediaAssetId!) } } });
    expect(assets.every((a) => a.mime === 'image/jpeg' && a.webPath)).toBe(true);
  });

  it('counts notes and voice notes in the summary and submits with /kirim', async () => {
    const userId = await joinedContributor();
    t.telegram.reset();
    const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60, 1)]);
    await t.deliver(textUpdate({ fromId: userId, text: 'Rapat koordinasi stunting.' }));
    await t.deliver(voiceUpdate({ fromId: userId, file: t.telegram.addFile(ogg) }));
    await eventually(
      () => [...sentTo(userId), ...t.telegram.callsOf('editMessageText')].find((c) => String(c.params.text).includes('1 pesan suara, 1 catatan')),
      'summary with the voice note',
    );
    await t.deliver(commandUpdate({ fromId: userId, command: 'kirim' }));
    await eventually(() => sentTo(userId).find((c) => String(c.params.text).includes('diteruskan ke redaksi')), 'submitted message');
    const bundle = await t.warta.db.bundle.findFirst({ where: { chatId: String(userId) } });
    expect(['submitted', 'drafting', 'in_review']).toContain(bundle?.status);
  });

  it('submits through the "Kirim ke redaksi" button, and cancels through /batal', async () => {
    const userId = await joinedContributor();
    t.telegram.reset();
    await t.deliver(textUpdate({ fromId: userId, text: 'Sosialisasi PHBS di SDN 1 Taliwang.' }));
    const ack = await eventually(() => sentTo(userId)[0], 'acknowledgement');
    const submit = (ack.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!.callback_data;
    await t.deliver(callbackQueryUpdate({ fromId: userId, chatId: userId, messageId: Number(ack.response && 'result' in ack.response ? (ack.response.result as { message_id: number }).message_id : 1), data: submit }));
    await eventually(() => t.telegram.callsOf('answerCallbackQuery')[0], 'callback answered');
    await eventually(() => sentTo(userId).find((c) => String(c.params.text).includes('diteruskan ke redaksi')), 'submitted');

    await t.deliver(textUpdate({ fromId: userId, text: 'Catatan yang tidak jadi dikirim.' }));
    await eventually(async () => (await t.warta.db.bundle.count({ where: { chatId: String(userId), status: 'open' } })) === 1, 'new open bundle');
    await t.deliver(commandUpdate({ fromId: userId, command: 'batal' }));
    await eventually(() => sentTo(userId).find((c) => String(c.params.text).includes('dibatalkan')), 'cancelled');
    expect(await t.warta.db.bundle.count({ where: { chatId: String(userId), status: 'cancelled' } })).toBe(1);
  });

  it('submits a bundle by itself after BUNDLE_IDLE_SECONDS of silence', async () => {
    const userId = await joinedContributor();
    t.telegram.reset();
    await t.deliver(textUpdate({ fromId: userId, text: 'Gotong royong membersihkan pasar.' }));
    const submitted = await eventually(
      () => sentTo(userId).find((c) => String(c.params.text).includes('otomatis diteruskan')),
      'automatic submission',
      20_000,
    );
    expect(submitted).toBeDefined();
    const bundle = await t.warta.db.bundle.findFirst({ where: { chatId: String(userId) } });
    expect(bundle?.submittedAt).not.toBeNull();
  });
});

describe('what Warta does not take', () => {
  it('explains the 20 MB limit for a 30 MB photo', async () => {
    const userId = await joinedContributor();
    t.telegram.reset();
    await t.deliver(photoUpdate({ fromId: userId, fileSize: 30 * 1024 * 1024 }));
    const reply = await eventually(() => sentTo(userId).find((c) => String(c.params.text).includes('MB')), 'size reply');
    expect(reply.params.text).toContain('20 MB');
  });

  it('answers a sticker with what Warta accepts', async () => {
    const userId = await joinedContributor();
    t.telegram.reset();
    await t.deliver(stickerUpdate({ fromId: userId }));
    const reply = await eventually(() => sentTo(userId)[0], 'sticker reply');
    expect(reply.params.text).toContain('stiker');
    expect(reply.params.text).toContain('foto');
  });

  it('shows /status and /bantuan', async () => {
    const userId = await joinedContributor();
    t.telegram.reset();
    await t.deliver(commandUpdate({ fromId: userId, command: 'bantuan' }));
    await eventually(() => sentTo(userId).find((c) => String(c.params.text).includes('/kirim')), 'help');
    await t.deliver(commandUpdate({ fromId: userId, command: 'status' }));
    await eventually(() => sentTo(userId).find((c) => String(c.params.text).includes('belum pernah')), 'status');
  });
});

describe('Telegram rate limits', () => {
  it('waits retry_after on a 429 and still delivers the message', async () => {
    const userId = (nextUser += 1);
    t.telegram.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await t.deliver(commandUpdate({ fromId: userId, command: 'start', args: inviteCode }));
    const welcome = await eventually(() => sentTo(userId).find((c) => c.response && 'ok' in c.response && c.response.ok), 'welcome after 429', 15_000);
    expect(welcome.at - started).toBeGreaterThanOrEqual(900);
  });
});
