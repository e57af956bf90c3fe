import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addAgency } from '../../src/pipeline/add-agency.js';
import { addEditor } from '../../src/pipeline/add-editor.js';
import { createAgencyStore } from '../../src/adapters/prisma/agency-store.js';
import { createEditorStore } from '../../src/adapters/prisma/editor-store.js';
import { createAuditLog } from '../../src/adapters/prisma/audit-log.js';
import type { NewsItem } from '../../src/domain/news-item.js';
import { callbackQueryUpdate, commandUpdate, textUpdate } from '../fakes/fake-telegram.js';
import { buttonData, newsItem, sentMessageId, submitStory as submitStoryAs, type Keyboard } from '../helpers/stories.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.js';
import { eventually, startTestWarta, type TestWarta } from '../helpers/warta.js';

const editorA = 900_001;
const editorB = 900_002;
const editorsGroup = -100_123_456_789;
const note = 'Bupati Sumbawa Barat H. W. Musyafirin meresmikan jembatan gantung di Desa Mujahidin, Kecamatan Brang Ene, Kamis (14/11/2024). Jembatan sepanjang 60 meter itu dibangun Dinas PUPR.';

const draftFor = (overrides: Partial<NewsItem> = {}) =>
  newsItem({
    lead: 'Bupati Sumbawa Barat H. W. Musyafirin meresmikan jembatan gantung di Desa Mujahidin, Kecamatan Brang Ene, Kamis (14/11/2024).',
    ...overrides,
  });

let t: TestWarta;
let llm: FakeOpenAI;
let inviteCode: string;
let nextUser = 9_100;

const messageId = sentMessageId;
const button = buttonData;
const cardsFor = (chatId: number, draftTitle: string) =>
  t.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === chatId && String(c.params.text).includes(draftTitle) && c.params.reply_markup);

async function submitStory(draft: NewsItem): Promise<{ bundleId: number; contributor: number }> {
  const contributor = (nextUser += 1);
  const { bundleId } = await submitStoryAs(t, llm, { inviteCode, contributorId: contributor, draft, note });
  return { bundleId, contributor };
}

beforeAll(async () => {
  llm = await startFakeOpenAI();
  t = await startTestWarta({ OPENAI_BASE_URL: llm.baseURL, OPENAI_API_KEY: 'test-key', TELEGRAM_EDITORS_CHAT_ID: String(editorsGroup) });
  const deps = { agencies: createAgencyStore(t.warta.db), editors: createEditorStore(t.warta.db), audit: createAuditLog(t.warta.db) };
  inviteCode = (await addAgency(deps, { name: 'Dinas PUPR' })).inviteCode;
  await addEditor(deps, { telegramUserId: String(editorA), name: 'Rina' });
  await addEditor(deps, { telegramUserId: String(editorB), name: 'Yusuf' });
});

afterAll(async () => {
  await t?.close();
  await llm?.close();
});

beforeEach(() => {
  llm.reset();
});

describe('review cards', () => {
  it('sends every editor and the editors group the photos and a card with four buttons', async () => {
    const draft = draftFor({ title: 'Kartu Empat Tombol Jembatan' });
    await submitStory(draft);
    for (const chat of [editorA, editorB, editorsGroup]) {
      const card = await eventually(() => cardsFor(chat, draft.title)[0], `card for ${chat}`);
      const labels = (card.params.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.text);
      expect(labels).toEqual(['✅ Setujui', '✏️ Revisi', '❌ Tolak', '🔄 Buat ulang']);
      expect(card.params.parse_mode).toBe('HTML');
      expect(String(card.params.text)).toContain(`<b>${draft.title}</b>`);
      expect(String(card.params.text)).toContain('Dinas PUPR');
      const photo = t.telegram.calls.find((c) => (c.method === 'sendPhoto' || c.method === 'sendMediaGroup') && c.params.chat_id === chat);
      expect(photo).toBeDefined();
      expect(photo!.at).toBeLessThanOrEqual(card.at);
      for (const b of (card.params.reply_markup as Keyboard).inline_keyboard.flat()) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    }
  });

  it('renders a draft full of <, & and > without a Bot API error', async () => {
    const draft = draftFor({
      title: 'Harga <naik> & "turun" > 5%',
      body: ['Rumus a < b && c > d tetap <b>tertulis apa adanya</b> & aman.'],
      questions: ['Apakah <script>alert(1)</script> benar?'],
    });
    await submitStory(draft);
    const card = await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === editorA && String(c.params.text).includes('Harga &lt;naik&gt;')), 'escaped card');
    expect(card.response && 'ok' in card.response && card.response.ok).toBe(true);
    expect(String(card.params.text)).toContain('&lt;script&gt;');
    expect(t.telegram.calls.filter((c) => c.response && !('result' in c.response) && String((c.response as { description?: string }).description).includes('parse entities'))).toHaveLength(0);
  });

  it('refuses a tap on "Setujui" from someone who is not an editor, with an alert', async () => {
    const draft = draftFor({ title: 'Kartu Untuk Diuji Penyusup' });
    const { bundleId, contributor } = await submitStory(draft);
    const card = await eventually(() => cardsFor(editorA, draft.title)[0], 'card');
    await t.deliver(callbackQueryUpdate({ fromId: contributor, chatId: editorA, messageId: messageId(card), data: button(card, 'Setujui') }));
    const answer = await eventually(() => t.telegram.callsOf('answerCallbackQuery').find((c) => String(c.params.text).includes('Hanya redaktur')), 'alert');
    expect(answer.params.show_alert).toBe(true);
    expect((await t.warta.db.bundle.findUnique({ where: { id: bundleId } }))?.status).toBe('in_review');
    expect(await t.warta.db.decision.count({ where: { bundleId } })).toBe(0);
  });

  it('turns two approvals at the same moment into one decision, one publication, and edits every card', async () => {
    const draft = draftFor({ title: 'Dua Redaktur Menyetujui Bersamaan' });
    const { bundleId, contributor } = await submitStory(draft);
    const cardA = await eventually(() => cardsFor(editorA, draft.title)[0], 'card A');
    const cardB = await eventually(() => cardsFor(editorB, draft.title)[0], 'card B');
    await eventually(() => cardsFor(editorsGroup, draft.title)[0], 'group card');
    t.telegram.reset(); // count only what the two taps cause
    await Promise.all([
      t.deliver(callbackQueryUpdate({ fromId: editorA, chatId: editorA, messageId: messageId(cardA), data: button(cardA, 'Setujui') })),
      t.deliver(callbackQueryUpdate({ fromId: editorB, chatId: editorB, messageId: messageId(cardB), data: button(cardB, 'Setujui') })),
    ]);
    const answers = await eventually(() => {
      const all = t.telegram.callsOf('answerCallbackQuery');
      return all.length >= 2 ? all : undefined;
    }, 'both taps answered');
    expect(answers.filter((a) => a.params.show_alert === true && String(a.params.text).includes('sudah diputuskan'))).toHaveLength(1);

    expect(await t.warta.db.decision.count({ where: { bundleId } })).toBe(1);
    const publications = await eventually(async () => {
      const p = await t.warta.db.publication.findMany({ where: { bundleId } });
      return p.length > 0 ? p : undefined;
    }, 'publication records');
    expect(publications.map((p) => p.target)).toEqual(['site']);
    await eventually(async () => (await t.warta.db.bundle.findUnique({ where: { id: bundleId } }))?.status === 'published', 'published');

    for (const card of [cardA, cardB]) {
      const edit = await eventually(
        () => t.telegram.callsOf('editMessageText').find((c) => c.params.chat_id === card.params.chat_id && c.params.message_id === messageId(card) && String(c.params.text).includes('Disetujui oleh')),
        'edited card',
      );
      expect((edit.params.reply_markup as Keyboard | undefined)?.inline_keyboard ?? []).toHaveLength(0);
    }
    const told = await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === contributor && String(c.params.text).includes('disetujui')), 'contributor told');
    expect(told).toBeDefined();
    await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === contributor && String(c.params.text).includes('sudah terbit')), 'published notice');
    const audit = await t.warta.db.auditLog.findMany({ where: { entityType: 'bundle', entityId: String(bundleId), action: 'draft.approve' } });
    expect(audit).toHaveLength(1);
  });

  it('asks for a reason on "Tolak" and tells the contributor that reason kindly', async () => {
    const draft = draftFor({ title: 'Naskah Yang Akan Ditolak' });
    const { bundleId, contributor } = await submitStory(draft);
    const card = await eventually(() => cardsFor(editorA, draft.title)[0], 'card');
    await t.deliver(callbackQueryUpdate({ fromId: editorA, chatId: editorA, messageId: messageId(card), data: button(card, 'Tolak') }));
    const reasons = await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === editorA && String(c.params.text).includes('alasan penolakan')), 'reason buttons');
    await t.deliver(callbackQueryUpdate({ fromId: editorA, chatId: editorA, messageId: messageId(reasons), data: button(reasons, 'Foto kurang jelas') }));
    const told = await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === contributor && String(c.params.text).includes('foto yang dikirim kurang jelas')), 'contributor told');
    expect(String(told.params.text)).toContain('Terima kasih');
    const decision = await t.warta.db.decision.findFirst({ where: { bundleId } });
    expect(decision?.action).toBe('reject');
    expect(decision?.reason).toBe('photo');
    expect((await t.warta.db.bundle.findUnique({ where: { id: bundleId } }))?.status).toBe('rejected');
  });

  it('"Revisi" with an instruction makes a new draft version and a new card', async () => {
    const draft = draftFor({ title: 'Naskah Perlu Revisi Judul' });
    const { bundleId } = await submitStory(draft);
    const card = await eventually(() => cardsFor(editorA, draft.title)[0], 'card');
    await t.deliver(callbackQueryUpdate({ fromId: editorA, chatId: editorA, messageId: messageId(card), data: button(card, 'Revisi') }));
    const prompt = await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === editorA && String(c.params.text).includes('instruksi revisi')), 'forced reply');
    expect((prompt.params.reply_markup as { force_reply?: boolean }).force_reply).toBe(true);

    const revised = draftFor({ title: 'Jembatan Gantung Desa Mujahidin Diresmikan' });
    llm.enqueueChat({ json: revised });
    await t.deliver(textUpdate({ fromId: editorA, chatId: editorA, text: 'Judul lebih lugas, sebut nama desa di awal.', replyTo: messageId(prompt) }));
    const v2 = await eventually(() => t.warta.db.draft.findFirst({ where: { bundleId, version: 2 } }), 'version 2', 20_000);
    expect((v2.content as NewsItem).title).toBe(revised.title);
    const request = llm.chatRequests().at(-1)!.body as { messages: Array<{ content: string }> };
    expect(request.messages.at(-1)!.content).toContain('Judul lebih lugas');
    const newCard = await eventually(() => cardsFor(editorB, revised.title)[0], 'new card');
    expect(String(newCard.params.text)).toContain('versi 2');
  });

  it('"Revisi" with a question asks the contributor, and their answer joins the bundle and is drafted again', async () => {
    const draft = draftFor({ title: 'Naskah Dengan Pertanyaan Untuk Kontributor' });
    const { bundleId, contributor } = await submitStory(draft);
    const card = await eventually(() => cardsFor(editorA, draft.title)[0], 'card');
    await t.deliver(callbackQueryUpdate({ fromId: editorA, chatId: editorA, messageId: messageId(card), data: button(card, 'Revisi') }));
    const prompt = await eventually(
      () => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === editorA && String(c.params.text).includes(`instruksi revisi untuk naskah #${bundleId} `)),
      'forced reply',
    );
    await t.deliver(textUpdate({ fromId: editorA, chatId: editorA, text: '? Siapa nama lengkap kepala desa?', replyTo: messageId(prompt) }));
    const asked = await eventually(
      () => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === contributor && String(c.params.text).includes('Siapa nama lengkap kepala desa?')),
      'question to the contributor',
    );
    expect(String(asked.params.text)).toContain('keterangan tambahan');

    const answered = draftFor({ title: 'Kepala Desa Mujahidin Sambut Jembatan Baru' });
    llm.enqueueChat({ json: answered });
    await t.deliver(textUpdate({ fromId: contributor, text: 'Kepala desanya Bapak Syamsuddin.' }));
    const v2 = await eventually(() => t.warta.db.draft.findFirst({ where: { bundleId, version: 2 } }), 'version drafted from the answer', 20_000);
    expect((v2.content as NewsItem).title).toBe(answered.title);
    const stored = await t.warta.db.inboundMessage.findFirst({ where: { bundleId, text: 'Kepala desanya Bapak Syamsuddin.' } });
    expect(stored).not.toBeNull();
    const request = llm.chatRequests().at(-1)!.body as { messages: Array<{ content: string }> };
    expect(request.messages.at(-1)!.content).toContain('Syamsuddin');
    await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === contributor && String(c.params.text).includes('jawaban Anda')), 'answer acknowledged');
  });

  it('takes an editor reply to a card with corrected text as the next version', async () => {
    const draft = draftFor({ title: 'Naskah Untuk Dikoreksi Langsung' });
    const { bundleId } = await submitStory(draft);
    const card = await eventually(() => cardsFor(editorB, draft.title)[0], 'card');
    await t.deliver(textUpdate({ fromId: editorB, chatId: editorB, text: 'Judul: Jembatan Gantung Mujahidin Resmi Dibuka', replyTo: messageId(card) }));
    const v2 = await eventually(() => t.warta.db.draft.findFirst({ where: { bundleId, version: 2 } }), 'corrected version');
    expect(v2.kind).toBe('editor');
    expect((v2.content as NewsItem).title).toBe('Jembatan Gantung Mujahidin Resmi Dibuka');
    await eventually(() => cardsFor(editorA, 'Jembatan Gantung Mujahidin Resmi Dibuka')[0], 'card of the corrected version');
  });

  it('lists what waits for review with /antrian, oldest first', async () => {
    await t.deliver(commandUpdate({ fromId: editorA, chatId: editorA, command: 'antrian' }));
    const list = await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === editorA && String(c.params.text).includes('Antrian tinjauan')), 'queue');
    const text = String(list.params.text);
    const lines = text.split('\n').slice(1);
    const ids = lines.map((line) => Number(/#(\d+)/.exec(line)?.[1]));
    expect(ids.length).toBeGreaterThan(0);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });
});
