import sharp from 'sharp';
import type { NewsItem } from '../../src/domain/news-item.js';
import { callbackQueryUpdate, commandUpdate, photoUpdate, textUpdate, type RecordedCall } from '../fakes/fake-telegram.js';
import type { FakeOpenAI } from '../fakes/fake-openai.js';
import { eventually, type TestWarta } from './warta.js';

export type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };

export const sentMessageId = (call: RecordedCall) => (call.response as { result: { message_id: number } }).result.message_id;

export function buttonData(call: RecordedCall, label: string): string {
  const found = (call.params.reply_markup as Keyboard).inline_keyboard.flat().find((b) => b.text.includes(label));
  if (!found) throw new Error(`no button "${label}"`);
  return found.callback_data;
}

export function newsItem(overrides: Partial<NewsItem> = {}): NewsItem {
  return {
    title: 'Bupati Resmikan Jembatan Gantung di Desa Mujahidin',
    datelinePlace: 'BRANG ENE',
    eventDate: '2024-11-14',
    lead: 'Bupati Sumbawa Barat meresmikan jembatan gantung di Desa Mujahidin, Kamis (14/11/2024).',
    body: ['Jembatan sepanjang 60 meter itu dibangun Dinas PUPR.'],
    quotes: [],
    photoCaptions: [{ photoIndex: 1, caption: 'Bupati meresmikan jembatan gantung.' }],
    tags: ['infrastruktur'],
    agency: 'Dinas PUPR',
    questions: [],
    ...overrides,
  };
}

export async function testJpeg(seed: string): Promise<Buffer> {
  const base = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#2a6f97' } }).jpeg().toBuffer();
  // A different byte at the end makes a different sha256, so each test photo is its own asset.
  return Buffer.concat([base, Buffer.from(seed)]);
}

/**
 * A contributor joins, sends a note and photos and submits; the fake LLM
 * answers with `draft`. Resolves once the bundle waits for review.
 */
export async function submitStory(
  t: TestWarta,
  llm: FakeOpenAI | null,
  options: { inviteCode: string; contributorId: number; draft?: NewsItem; note?: string; photos?: number },
): Promise<{ bundleId: number }> {
  const contributor = options.contributorId;
  await t.deliver(commandUpdate({ fromId: contributor, command: 'start', args: options.inviteCode }));
  await eventually(async () => (await t.warta.db.contributorIdentity.count({ where: { externalId: String(contributor) } })) === 1, 'registration');
  if (llm && options.draft) llm.enqueueChat({ json: options.draft });
  await t.deliver(textUpdate({ fromId: contributor, text: options.note ?? 'Peresmian jembatan gantung di Desa Mujahidin.' }));
  const photos = options.photos ?? 1;
  for (let i = 0; i < photos; i += 1) {
    await t.deliver(photoUpdate({ fromId: contributor, file: t.telegram.addFile(await testJpeg(`${contributor}-${i}`)) }));
  }
  await eventually(async () => {
    const b = await t.warta.db.bundle.findFirst({ where: { chatId: String(contributor) }, include: { messages: true } });
    return b && b.messages.length === photos + 1 && b.messages.every((m) => !m.media || m.mediaAssetId) ? true : undefined;
  }, 'stored material');
  await t.deliver(commandUpdate({ fromId: contributor, command: 'kirim' }));
  const bundle = await eventually(() => t.warta.db.bundle.findFirst({ where: { chatId: String(contributor), status: 'in_review' } }), 'bundle in review', 20_000);
  return { bundleId: bundle.id };
}

/** The editor taps "Setujui" on their card of this title. */
export async function approveStory(t: TestWarta, editorId: number, title: string): Promise<void> {
  const card = await eventually(
    () => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === editorId && String(c.params.text).includes(title) && c.params.reply_markup),
    'review card',
  );
  await t.deliver(callbackQueryUpdate({ fromId: editorId, chatId: editorId, messageId: sentMessageId(card), data: buttonData(card, 'Setujui') }));
}
