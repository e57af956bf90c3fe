import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addAgency } from '../../src/pipeline/add-agency.js';
import { addEditor } from '../../src/pipeline/add-editor.js';
import { createAgencyStore } from '../../src/adapters/prisma/agency-store.js';
import { createEditorStore } from '../../src/adapters/prisma/editor-store.js';
import { createAuditLog } from '../../src/adapters/prisma/audit-log.js';
import { publishItem } from '../../src/pipeline/publish-item.js';
import { callbackQueryUpdate, commandUpdate } from '../fakes/fake-telegram.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.js';
import { approveStory, buttonData, newsItem, sentMessageId, submitStory } from '../helpers/stories.js';
import { eventually, startTestWarta, type TestWarta } from '../helpers/warta.js';

const editor = 910_001;
const channel = '@warta_ksb';
let t: TestWarta;
let llm: FakeOpenAI;
let inviteCode: string;
let nextContributor = 9_500;

const channelCalls = (method: string) => t.telegram.callsOf(method).filter((c) => c.params.chat_id === channel);

async function approvedBundle(title: string, photos = 2, beforeApproval: () => void = () => {}, body?: string[]): Promise<number> {
  const draft = newsItem({ title, ...(body ? { body } : {}) });
  const { bundleId } = await submitStory(t, llm, { inviteCode, contributorId: (nextContributor += 1), draft, photos });
  await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === editor && String(c.params.text).includes(title)), 'card');
  beforeApproval(); // failures injected now hit the channel, not the editors' card
  await approveStory(t, editor, title);
  return bundleId;
}

beforeAll(async () => {
  llm = await startFakeOpenAI();
  t = await startTestWarta({
    OPENAI_BASE_URL: llm.baseURL,
    OPENAI_API_KEY: 'test-key',
    TELEGRAM_CHANNEL_ID: channel,
    PUBLIC_URL: 'https://warta.example.go.id',
  });
  const deps = { agencies: createAgencyStore(t.warta.db), editors: createEditorStore(t.warta.db), audit: createAuditLog(t.warta.db) };
  inviteCode = (await addAgency(deps, { name: 'Dinas PUPR' })).inviteCode;
  await addEditor(deps, { telegramUserId: String(editor), name: 'Rina' });
});

afterAll(async () => {
  await t?.close();
  await llm?.close();
});

beforeEach(() => {
  llm.reset();
});

describe('publishing to the Telegram channel', () => {
  it('posts one album and one text with the article link, honouring a 429', async () => {
    const title = 'Jembatan Gantung Mujahidin Diresmikan';
    const bundleId = await approvedBundle(title, 2, () => t.telegram.failNext('sendMediaGroup', { status: 429, retryAfter: 1 }));
    const publication = await eventually(
      () => t.warta.db.publication.findFirst({ where: { bundleId, target: 'telegram_channel', status: 'published' } }),
      'channel publication',
      20_000,
    );
    const albums = channelCalls('sendMediaGroup').filter((c) => c.response && 'result' in c.response);
    expect(albums).toHaveLength(1);
    expect(albums[0]!.files).toHaveLength(2);
    const texts = channelCalls('sendMessage');
    expect(texts).toHaveLength(1);
    expect(String(texts[0]!.params.text)).toContain(`<b>${title}</b>`);
    expect(String(texts[0]!.params.text)).toContain('https://warta.example.go.id/news/');
    expect(publication.externalId?.split(',')).toHaveLength(3);
    // The retry after the 429 came no sooner than retry_after.
    const attempts = channelCalls('sendMediaGroup');
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);

    // The contributor hears it went out, with the link; the card says where it went.
    await eventually(() => t.telegram.callsOf('sendMessage').find((c) => String(c.params.text).includes('sudah terbit') && String(c.params.text).includes('https://warta.example.go.id/news/')), 'contributor notice');
    await eventually(() => t.telegram.callsOf('editMessageText').find((c) => c.params.chat_id === editor && String(c.params.text).includes('kanal Telegram ✓')), 'card shows the channel');
  });

  it('never posts twice when a worker died between the post and the record', async () => {
    const title = 'Naskah Yang Terputus Saat Terbit';
    const bundleId = await approvedBundle(title, 1);
    const site = await eventually(() => t.warta.db.publication.findFirst({ where: { bundleId, target: 'site', status: 'published' } }), 'site publication', 20_000);
    expect(site).toBeDefined();
    const channelPublication = await eventually(() => t.warta.db.publication.findFirst({ where: { bundleId, target: 'telegram_channel', status: 'published' } }), 'channel publication', 20_000);
    const postsBefore = channelCalls('sendMessage').length;

    // Replay what a killed worker leaves behind: the post went out, the record says "publishing" with no id.
    await t.warta.db.publication.update({ where: { id: channelPublication.id }, data: { status: 'publishing', externalId: null } });
    await publishItem(t.warta.deps.publishing, channelPublication.id, { finalAttempt: false });

    expect(channelCalls('sendMessage')).toHaveLength(postsBefore);
    const after = await t.warta.db.publication.findUnique({ where: { id: channelPublication.id } });
    expect(after?.status).toBe('failed');
    expect(after?.lastError).toContain('interrupted');
    await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === editor && String(c.params.text).includes('terputus')), 'editors asked to check');

    // A publication that is recorded as published is never posted again either.
    await t.warta.db.publication.update({ where: { id: channelPublication.id }, data: { status: 'published', externalId: '1,2' } });
    await publishItem(t.warta.deps.publishing, channelPublication.id, { finalAttempt: false });
    expect(channelCalls('sendMessage')).toHaveLength(postsBefore);
  });

  it('shows a target that keeps failing as failed, tells the editors, and retries on /terbitkan_ulang', async () => {
    const title = 'Naskah Dengan Kanal Yang Menolak';
    const bundleId = await approvedBundle(title, 2, () => t.telegram.failNext('sendMediaGroup', { status: 400, description: 'Bad Request: CHAT_WRITE_FORBIDDEN' }, 1));
    const failed = await eventually(() => t.warta.db.publication.findFirst({ where: { bundleId, target: 'telegram_channel', status: 'failed' } }), 'failed publication', 20_000);
    expect(failed.lastError).toContain('CHAT_WRITE_FORBIDDEN');
    const notice = await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === editor && String(c.params.text).includes('gagal terbit')), 'failure notice');
    expect(buttonData(notice, 'Coba lagi')).toMatch(/^v1\|pr\|/);

    await t.deliver(commandUpdate({ fromId: editor, command: 'terbitkan_ulang', args: String(bundleId) }));
    await eventually(() => t.warta.db.publication.findFirst({ where: { bundleId, target: 'telegram_channel', status: 'published' } }), 'published after retry', 20_000);
  });

  it('withdraws an item with /tarik: off the site and feeds, every channel message deleted', async () => {
    const title = 'Naskah Yang Akan Ditarik';
    // A long text goes to the channel in two parts; both must go when it is withdrawn.
    const longBody = Array.from({ length: 12 }, (_, i) => `Paragraf ${i + 1}: ${'Warga Desa Mujahidin bergotong royong membangun jembatan. '.repeat(8)}`);
    const bundleId = await approvedBundle(title, 1, () => {}, longBody);
    const channelPublication = await eventually(() => t.warta.db.publication.findFirst({ where: { bundleId, target: 'telegram_channel', status: 'published' } }), 'published', 20_000);
    // The site's job may finish after the channel's: the page exists once the bundle is published.
    const bundle = await eventually(() => t.warta.db.bundle.findFirst({ where: { id: bundleId, status: 'published' } }), 'on the site', 20_000);
    expect((await fetch(`${t.baseUrl}/news/${bundle!.slug}`)).status).toBe(200);
    expect(await (await fetch(`${t.baseUrl}/feed.xml`)).text()).toContain(title);

    await t.deliver(commandUpdate({ fromId: editor, command: 'tarik', args: String(bundleId) }));
    await eventually(() => t.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === editor && String(c.params.text).includes('ditarik')), 'withdraw reply');
    expect((await fetch(`${t.baseUrl}/news/${bundle!.slug}`)).status).toBe(404);
    expect(await (await fetch(`${t.baseUrl}/feed.json`)).text()).not.toContain(title);
    expect(channelPublication.externalId!.split(',')).toHaveLength(3); // one photo and two text parts
    const deleted = t.telegram.callsOf('deleteMessage').filter((c) => c.params.chat_id === channel).map((c) => String(c.params.message_id));
    expect(deleted.sort()).toEqual(channelPublication.externalId!.split(',').sort());
    expect((await t.warta.db.bundle.findUnique({ where: { id: bundleId } }))?.status).toBe('withdrawn');
  });

  it('refuses the retry button to someone who is not an editor', async () => {
    const publication = await t.warta.db.publication.findFirst();
    await t.deliver(callbackQueryUpdate({ fromId: 123, chatId: 123, messageId: 1, data: `v1|pr|${publication!.id}` }));
    const answer = await eventually(() => t.telegram.callsOf('answerCallbackQuery').find((c) => c.params.show_alert === true), 'alert');
    expect(String(answer.params.text)).toContain('redaktur');
    expect(sentMessageId).toBeDefined();
  });
});
