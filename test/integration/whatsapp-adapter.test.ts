// The WhatsApp adapter through a fake whatsapp-web.js client: pairing and
// reconnection (with the admins told on Telegram), sender ids in both forms,
// media downloads that fail, what is not taken, decisions and publication
// notices coming back on WhatsApp, editors deciding on WhatsApp, and the
// daily reminder cap. No network, no browser.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { addAgency } from '../../src/pipeline/add-agency.js';
import { addEditor } from '../../src/pipeline/add-editor.js';
import { importContributors } from '../../src/pipeline/import-contributors.js';
import { createAgencyStore } from '../../src/adapters/prisma/agency-store.js';
import { createAuditLog } from '../../src/adapters/prisma/audit-log.js';
import { createContributorStore } from '../../src/adapters/prisma/contributor-store.js';
import { createEditorStore } from '../../src/adapters/prisma/editor-store.js';
import { isAppError } from '../../src/domain/errors.js';
import { updateIdOf } from '../../bots/whatsapp/payload.js';
import { callbackQueryUpdate } from '../fakes/fake-telegram.js';
import { createFakeWhatsApp } from '../fakes/fake-whatsapp-client.js';
import { buttonData, sentMessageId } from '../helpers/stories.js';
import { eventually } from '../helpers/warta.js';
import { adminChatId, nextWhatsAppNumber, startTestWartaWithWhatsApp, type TestWartaWithWhatsApp } from '../helpers/whatsapp.js';

const wa = createFakeWhatsApp();
let t: TestWartaWithWhatsApp;
let inviteCode: string;
let jpeg: Buffer;
const telegramEditor = 910_001;
const whatsappEditor = nextWhatsAppNumber();
const agencyName = 'Dinas Kesehatan';

const adminTexts = () => t.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === adminChatId).map((c) => String(c.params.text));
const replyContaining = (chatId: string, text: string, timeoutMs = 15_000) =>
  eventually(() => wa.textsTo(chatId).find((reply) => reply.includes(text)), `a WhatsApp reply containing "${text}"`, timeoutMs);

async function joined(): Promise<string> {
  const { wid } = nextWhatsAppNumber();
  wa.receive(wa.text({ from: wid, body: `DAFTAR ${inviteCode}`, pushName: 'Siti Aminah' }));
  await replyContaining(wid, 'Selamat datang');
  return wid;
}

beforeAll(async () => {
  // The first start finds no session: the number has to be paired.
  wa.nextStarts({ kind: 'qr', codes: ['2@first-qr,abc', '2@second-qr,def'] });
  t = await startTestWartaWithWhatsApp({ BUNDLE_IDLE_SECONDS: '600', WHATSAPP_REMINDER_DAILY_CAP: '2' }, { wa });
  const deps = { agencies: createAgencyStore(t.warta.db), editors: createEditorStore(t.warta.db), audit: createAuditLog(t.warta.db) };
  inviteCode = (await addAgency(deps, { name: agencyName })).inviteCode;
  await addEditor(deps, { telegramUserId: String(telegramEditor), name: 'Rina' });
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#557799' } }).jpeg().toBuffer();
});

afterAll(async () => {
  await t?.close();
});

describe('pairing the number', () => {
  it('prints the QR code in the terminal and sends it as an image to the admins, one at a time', async () => {
    await eventually(() => t.printed.length >= 2 || undefined, 'two printed QR codes');
    expect(t.printed[0]).toContain('scan this QR code');
    expect(t.printed[0]).toMatch(/[█▀▄]/); // terminal blocks
    const photos = await eventually(() => {
      const sent = t.telegram.callsOf('sendPhoto').filter((c) => c.params.chat_id === adminChatId);
      return sent.length >= 2 ? sent : undefined;
    }, 'QR images for the admins');
    expect(photos[0]!.files[0]!.data.subarray(1, 4).toString()).toBe('PNG');
    expect(String(photos[0]!.params.caption)).toContain('Tautkan perangkat');
    // The first QR is stale once the second arrives: it is removed from the chat.
    await eventually(() => t.telegram.callsOf('deleteMessage').find((c) => c.params.chat_id === adminChatId), 'stale QR removed');
  });

  it('tells the admins once the phone scanned it', async () => {
    wa.current().scan();
    await eventually(() => adminTexts().find((text) => text.includes('tersambung')), 'connected notice');
    expect(t.warta.db).toBeDefined();
  });
});

describe('keeping the session up', () => {
  beforeEach(() => {
    t.telegram.reset();
  });

  it('tells the admins when the session drops and reconnects with a new client', async () => {
    const before = wa.clients.length;
    wa.current().emit('disconnected', 'NAVIGATION');
    await eventually(() => adminTexts().find((text) => text.includes('terputus')), 'disconnect notice');
    await eventually(() => wa.clients.length > before && wa.current().initialized, 'a new client');
    expect(wa.clients[before - 1]!.destroyed).toBe(true);
    await eventually(() => adminTexts().find((text) => text.includes('tersambung')), 'reconnected notice');
  });

  it('asks for a new QR after a logout', async () => {
    wa.nextStarts({ kind: 'qr', codes: ['2@after-logout,xyz'] });
    wa.current().emit('disconnected', 'LOGOUT');
    await eventually(() => adminTexts().find((text) => text.includes('keluar dari sesi')), 'logout notice');
    await eventually(() => t.telegram.callsOf('sendPhoto').find((c) => c.params.chat_id === adminChatId), 'new QR for the admins');
    wa.current().scan();
    await eventually(() => adminTexts().find((text) => text.includes('tersambung')), 'connected again');
  });

  it('keeps retrying with backoff when Chromium or WhatsApp Web fails to start, telling the admins', async () => {
    const before = wa.clients.length;
    wa.nextStarts({ kind: 'fail', error: 'net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/' }, { kind: 'hang' });
    wa.current().emit('disconnected', 'CONFLICT');
    await eventually(() => adminTexts().find((text) => text.includes('gagal dijalankan') && text.includes('ERR_NAME_NOT_RESOLVED')), 'start failure notice');
    // The hanging start times out (initializeTimeoutMs), then a normal start gets through.
    await eventually(() => wa.clients.length >= before + 3 && wa.current().initialized, 'third client', 15_000);
    await eventually(() => adminTexts().find((text) => text.includes('tersambung')), 'connected after the failures', 15_000);
    expect(wa.clients.slice(before, -1).every((client) => client.destroyed)).toBe(true);
  });

  it('sends what was queued while disconnected once it is back', async () => {
    const wid = await joined();
    wa.reset();
    wa.nextStarts({ kind: 'ready' });
    wa.current().emit('disconnected', 'TIMEOUT');
    await t.warta.deps.intake.channels.messenger('whatsapp').sendText(wid, 'Pesan saat terputus');
    await replyContaining(wid, 'Pesan saat terputus');
  });
});

describe('contributors on WhatsApp', () => {
  beforeEach(() => {
    wa.reset();
  });

  it('writes the welcome in WhatsApp formatting with the keywords, no HTML', async () => {
    const wid = await joined();
    const welcome = wa.textsTo(wid).find((text) => text.includes('Selamat datang'))!;
    expect(welcome).toContain(`*${agencyName}*`);
    expect(welcome).toContain('KIRIM');
    expect(welcome).not.toMatch(/<\/?b>|\/kirim/);
  });

  it('finds a pre-registered contributor writing from an @lid id, and remembers that id', async () => {
    const number = nextWhatsAppNumber();
    const summary = await importContributors(
      { contributors: createContributorStore(t.warta.db), agencies: createAgencyStore(t.warta.db), audit: createAuditLog(t.warta.db) },
      `name,phone,agency\nBudi Santoso,${number.local},${agencyName}\n`,
    );
    expect(summary.added).toBe(1);
    const lid = `${Date.now()}${Math.floor(Math.random() * 1000)}@lid`;
    wa.ids.push({ lid, pn: number.wid });
    wa.receive(wa.text({ from: lid, body: 'Posyandu balita di Desa Kuang.' }));
    await replyContaining(lid, '1 catatan');
    const contributor = await t.warta.db.contributor.findUnique({ where: { phone: number.e164 }, include: { identities: true, bundles: true } });
    expect(contributor!.bundles).toHaveLength(1);
    expect(contributor!.identities.map((i) => i.externalId).sort()).toEqual([lid, number.wid].sort());
    // Later the lookup fails, the message shows only the @lid id: still the same person.
    wa.ids.length = 0;
    wa.receive(wa.text({ from: lid, body: 'STATUS' }));
    await replyContaining(lid, 'Kiriman terakhir');
  });

  it('retries a failed media download and keeps the photo', async () => {
    const wid = await joined();
    const photo = wa.media({ from: wid, type: 'image', content: jpeg, mimetype: 'image/jpeg', failDownloads: 2 });
    wa.receive(photo);
    await replyContaining(wid, '1 foto');
    expect(photo.downloads).toBe(3);
    const message = await eventually(() => t.warta.db.inboundMessage.findFirst({ where: { channel: 'whatsapp', externalId: photo.id._serialized, mediaAssetId: { not: null } } }), 'stored photo');
    expect(message.mediaError).toBeNull();
  });

  it('asks the contributor to resend when the download keeps failing, instead of losing it silently', async () => {
    const wid = await joined();
    const photo = wa.media({ from: wid, type: 'image', content: jpeg, mimetype: 'image/jpeg', failDownloads: Infinity });
    wa.receive(photo);
    await replyContaining(wid, 'Mohon kirim ulang');
    const message = await eventually(() => t.warta.db.inboundMessage.findFirst({ where: { channel: 'whatsapp', externalId: photo.id._serialized, mediaError: { not: null } } }), 'marked message');
    expect(message.mediaError).toBe('download-failed');
  });

  it('refuses stickers and non-image documents, takes images sent as documents', async () => {
    const wid = await joined();
    wa.receive(wa.sticker({ from: wid }));
    await replyContaining(wid, 'stiker');
    wa.receive(wa.media({ from: wid, type: 'document', content: Buffer.from('%PDF-1.4 fake'), mimetype: 'application/pdf', filename: 'undangan.pdf' }));
    await replyContaining(wid, 'berkas dokumen');
    wa.receive(wa.media({ from: wid, type: 'document', content: jpeg, mimetype: 'image/jpeg', filename: 'IMG_0001.jpg' }));
    await replyContaining(wid, '1 berkas gambar');
  });

  it('ignores group messages and status updates without a word', async () => {
    const { wid } = nextWhatsAppNumber();
    const group = wa.text({ from: '120363025555555555@g.us', author: wid, body: 'KIRIM' });
    wa.receive(group);
    wa.receive({ ...wa.text({ from: 'status@broadcast', author: wid, body: 'Story' }), isStatus: true });
    const direct = wa.text({ from: wid, body: 'halo' });
    wa.receive(direct);
    await replyContaining(wid, 'belum terdaftar');
    expect(await t.warta.db.inboundUpdate.count({ where: { channel: 'whatsapp', updateId: updateIdOf(group.id._serialized) } })).toBe(0);
    expect(await t.warta.db.inboundUpdate.count({ where: { channel: 'whatsapp', updateId: updateIdOf(direct.id._serialized) } })).toBe(1);
    expect(wa.sent.filter((m) => m.chatId.endsWith('@g.us') || m.chatId === 'status@broadcast')).toHaveLength(0);
  });

  it('keeps a location as the event place', async () => {
    const wid = await joined();
    wa.receive(wa.location({ from: wid, latitude: -8.74, longitude: 116.85, description: 'Lapangan Taliwang' }));
    await replyContaining(wid, 'Lokasi diterima');
    const bundle = await eventually(() => t.warta.db.bundle.findFirst({ where: { chatId: wid, eventPlace: { not: null } } }), 'event place');
    expect(bundle.eventPlace).toBe('Lapangan Taliwang');
  });
});

describe('decisions come back on WhatsApp', () => {
  it('tells the contributor on WhatsApp when the Telegram editor approves, then when it is published', async () => {
    const wid = await joined();
    wa.receive(wa.text({ from: wid, body: 'Penyuluhan kesehatan gigi di SDN 2 Taliwang, Senin (11/11/2024).' }));
    wa.receive(wa.media({ from: wid, type: 'image', content: Buffer.concat([jpeg, Buffer.from('approve')]), mimetype: 'image/jpeg' }));
    await replyContaining(wid, '1 foto, 1 catatan');
    wa.receive(wa.text({ from: wid, body: 'Kirim' }));
    await replyContaining(wid, 'diteruskan ke redaksi');
    const bundle = await eventually(() => t.warta.db.bundle.findFirst({ where: { chatId: wid, status: 'in_review' } }), 'bundle in review', 20_000);
    const card = await eventually(
      () => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === telegramEditor && String(c.params.text).includes(`Naskah #${bundle.id}`) && c.params.reply_markup),
      'Telegram card',
    );
    await t.deliver(callbackQueryUpdate({ fromId: telegramEditor, chatId: telegramEditor, messageId: sentMessageId(card), data: buttonData(card, 'Setujui') }));
    await replyContaining(wid, 'disetujui redaksi');
    await replyContaining(wid, 'sudah terbit', 20_000);
  });
});

describe('editors on WhatsApp', () => {
  beforeAll(async () => {
    const deps = { editors: createEditorStore(t.warta.db), audit: createAuditLog(t.warta.db) };
    await addEditor(deps, { whatsappPhone: whatsappEditor.local, name: 'Andi' });
  });

  async function storyInReview(text: string) {
    const wid = await joined();
    wa.receive(wa.text({ from: wid, body: text }));
    await replyContaining(wid, '1 catatan');
    wa.receive(wa.text({ from: wid, body: 'KIRIM' }));
    const bundle = await eventually(() => t.warta.db.bundle.findFirst({ where: { chatId: wid, status: 'in_review' } }), 'bundle in review', 20_000);
    const draft = await t.warta.db.draft.findFirstOrThrow({ where: { bundleId: bundle.id }, orderBy: { version: 'desc' } });
    return { wid, bundle, draft };
  }

  it('gets a text card with the code and approves with SETUJU; later answers hear who decided', async () => {
    const { wid, bundle, draft } = await storyInReview('Pencanangan bulan imunisasi anak sekolah di Kecamatan Seteluk.');
    const card = await replyContaining(whatsappEditor.wid, `SETUJU ${draft.id}`);
    expect(card).toContain(`Naskah #${bundle.id}`);
    expect(card).toContain(`TOLAK ${draft.id}`);
    expect(card).not.toMatch(/<\/?[bi]>/);
    expect(card).toContain('⚠️'); // the offline draft says so on its card

    wa.receive(wa.text({ from: whatsappEditor.wid, body: `setuju ${draft.id}` }));
    await replyContaining(whatsappEditor.wid, `Disetujui: naskah dengan kode ${draft.id}`);
    await replyContaining(wid, 'disetujui redaksi');
    expect((await t.warta.db.decision.findMany({ where: { bundleId: bundle.id } })).map((d) => d.action)).toEqual(['approve']);

    // One decision per draft: the Telegram editor's tap afterwards is refused, and says by whom.
    const telegramCard = await eventually(
      () => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === telegramEditor && String(c.params.text).includes(`Naskah #${bundle.id}`) && c.params.reply_markup),
      'Telegram card',
    );
    await t.deliver(callbackQueryUpdate({ fromId: telegramEditor, chatId: telegramEditor, messageId: sentMessageId(telegramCard), data: buttonData(telegramCard, 'Tolak') }));
    await eventually(
      () => t.telegram.callsOf('answerCallbackQuery').find((c) => String(c.params.text ?? '').includes('sudah diputuskan') && String(c.params.text).includes('Andi')),
      'refused late tap',
    );
    wa.receive(wa.text({ from: whatsappEditor.wid, body: `TOLAK ${draft.id} foto buram` }));
    await replyContaining(whatsappEditor.wid, 'sudah diputuskan');
    expect(await t.warta.db.decision.count({ where: { bundleId: bundle.id } })).toBe(1);
  });

  it('rejects with TOLAK and a reason the contributor hears in plain words', async () => {
    const { wid, draft } = await storyInReview('Kunjungan kerja ke Puskesmas Poto Tano membahas pelayanan.');
    await replyContaining(whatsappEditor.wid, `SETUJU ${draft.id}`);
    wa.receive(wa.text({ from: whatsappEditor.wid, body: `TOLAK ${draft.id} fotonya buram, foto kurang jelas` }));
    await replyContaining(whatsappEditor.wid, 'Ditolak');
    await replyContaining(wid, 'foto yang dikirim kurang jelas');
    const decision = await t.warta.db.decision.findFirstOrThrow({ where: { draftId: draft.id } });
    expect(decision.reason).toBe('photo');
  });

  it('sends REVISI instructions to the drafter and a new card follows with a new code', async () => {
    const { draft } = await storyInReview('Rapat evaluasi program sanitasi total berbasis masyarakat.');
    await replyContaining(whatsappEditor.wid, `SETUJU ${draft.id}`);
    wa.receive(wa.text({ from: whatsappEditor.wid, body: `REVISI ${draft.id} judul lebih singkat` }));
    await replyContaining(whatsappEditor.wid, 'Revisi diminta');
    const next = await eventually(() => t.warta.db.draft.findFirst({ where: { bundleId: draft.bundleId, version: 2 } }), 'version 2', 20_000);
    await replyContaining(whatsappEditor.wid, `SETUJU ${next.id}`);
  });

  it('answers a keyword with an unknown code or a missing reason with the format', async () => {
    wa.receive(wa.text({ from: whatsappEditor.wid, body: 'SETUJU 999999' }));
    await replyContaining(whatsappEditor.wid, 'tidak ditemukan');
    const { draft } = await storyInReview('Pelatihan kader posyandu se-Kecamatan Jereweh.');
    await replyContaining(whatsappEditor.wid, `SETUJU ${draft.id}`);
    wa.receive(wa.text({ from: whatsappEditor.wid, body: `TOLAK ${draft.id}` }));
    await replyContaining(whatsappEditor.wid, 'Format balasan');
  });

  it('treats the same keywords from a contributor as an ordinary note', async () => {
    const wid = await joined();
    wa.receive(wa.text({ from: wid, body: 'Setuju 5 orang hadir dalam rapat tersebut' }));
    await replyContaining(wid, '1 catatan');
  });
});

describe('outbound volume', () => {
  it('caps reminders through WhatsApp per day', async () => {
    const messenger = t.warta.deps.intake.channels.messenger('whatsapp');
    const { wid } = nextWhatsAppNumber();
    await messenger.sendText(wid, 'Pengingat 1', { purpose: 'reminder' });
    await messenger.sendText(wid, 'Pengingat 2', { purpose: 'reminder' });
    const third = await messenger.sendText(wid, 'Pengingat 3', { purpose: 'reminder' }).catch((error: unknown) => error);
    expect(isAppError(third, 'FORBIDDEN')).toBe(true);
    expect((third as { details: Record<string, unknown> }).details).toMatchObject({ capped: true, limit: 2 });
    // Ordinary messages are not capped.
    await messenger.sendText(wid, 'Bukan pengingat');
    await replyContaining(wid, 'Bukan pengingat');
    expect(wa.textsTo(wid)).toEqual(['Pengingat 1', 'Pengingat 2', 'Bukan pengingat']);
  });

  it('sends one message at a time, in the order they were queued, across chats', async () => {
    wa.reset();
    const messenger = t.warta.deps.intake.channels.messenger('whatsapp');
    const chats = [nextWhatsAppNumber().wid, nextWhatsAppNumber().wid];
    for (let i = 0; i < 6; i += 1) await messenger.sendText(chats[i % 2]!, `Pesan ${i}`);
    await eventually(() => wa.sent.length >= 6 || undefined, 'six messages');
    expect(wa.sent.map((m) => m.text)).toEqual(['Pesan 0', 'Pesan 1', 'Pesan 2', 'Pesan 3', 'Pesan 4', 'Pesan 5']);
  });
});
