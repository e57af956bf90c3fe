import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { parseKeyword, phoneOfWid, toInboundMessage } from '../../bots/whatsapp/to-inbound-message.js';
import { htmlToWhatsApp, renderForWhatsApp } from '../../bots/whatsapp/format.js';
import { createPacer } from '../../bots/whatsapp/pacer.js';
import { updateIdOf, type WhatsAppUpdate } from '../../bots/whatsapp/payload.js';
import { encodeCallback } from '../../src/domain/callback-data.js';
import { parseCsv } from '../../src/domain/csv.js';
import { normalisePhone, whatsappIdOf } from '../../src/domain/phone.js';
import { rejectReasonOf } from '../../src/pipeline/route-whatsapp-editor-message.js';
import { createDailyBudget, dayKey } from '../../src/queue/daily-counter.js';
import { deleteQueuePrefix, testRedisUrl, uniqueQueuePrefix } from '../helpers/redis.js';

function update(overrides: Partial<WhatsAppUpdate> = {}): WhatsAppUpdate {
  return {
    v: 1,
    id: 'false_6281234567801@c.us_3EB0AAAA',
    from: '6281234567801@c.us',
    author: null,
    senderIds: { phone: '6281234567801@c.us', lid: '99887766554433@lid' },
    pushName: 'Budi',
    type: 'chat',
    body: 'Halo',
    timestamp: 1_731_300_000,
    media: null,
    location: null,
    durationSec: null,
    quotedId: null,
    ...overrides,
  };
}

describe('WhatsApp keywords', () => {
  it.each([
    ['KIRIM', 'kirim', ''],
    ['kirim', 'kirim', ''],
    [' Kirim. ', 'kirim', ''],
    ['/kirim', 'kirim', ''],
    ['BATAL', 'batal', ''],
    ['Status', 'status', ''],
    ['bantuan', 'bantuan', ''],
    ['DAFTAR ABC234', 'daftar', 'ABC234'],
    ['daftar abc-234', 'daftar', 'abc-234'],
    ['DAFTAR', 'daftar', ''],
    ['DAFTAR XYZ', 'daftar', 'XYZ'], // typed as instructed: a wrong code gets an answer, not silence
    ['/start ABC234', 'daftar', 'ABC234'],
  ])('%s is a command', (text, name, args) => {
    expect(parseKeyword(text)).toEqual({ name, args });
  });

  it.each(['Kirim foto besok pagi', 'Daftar hadir peserta 50 orang', 'Batal karena hujan deras', 'daftar hadir', 'Status gizi balita membaik'])(
    '"%s" stays a note',
    (text) => {
      expect(parseKeyword(text)).toBeNull();
    },
  );
});

describe('WhatsApp update -> inbound message', () => {
  it('keys the sender by the phone form and keeps the @lid form as an alias', () => {
    const message = toInboundMessage(update({ from: '99887766554433@lid' }))!;
    expect(message.channel).toBe('whatsapp');
    expect(message.sender).toMatchObject({
      externalId: '6281234567801@c.us',
      alternateIds: ['99887766554433@lid'],
      chatId: '99887766554433@lid',
      phone: '+6281234567801',
      displayName: 'Budi',
    });
    expect(message.kind).toBe('text');
    expect(message.externalId).toBe('false_6281234567801@c.us_3EB0AAAA');
  });

  it('falls back to the @lid id when the phone is unknown', () => {
    const message = toInboundMessage(update({ from: '99887766554433@lid', senderIds: { phone: null, lid: '99887766554433@lid' } }))!;
    expect(message.sender).toMatchObject({ externalId: '99887766554433@lid', alternateIds: [], phone: null });
  });

  it('maps keywords to commands and media types to kinds', () => {
    expect(toInboundMessage(update({ body: 'DAFTAR abc234' }))).toMatchObject({ kind: 'command', command: { name: 'daftar', args: 'abc234' } });
    const media = { spool: '0123456789abcdef0123456789abcdef.bin', mimetype: 'image/jpeg', filename: null, size: 1234, error: null };
    expect(toInboundMessage(update({ type: 'image', body: 'Keterangan', media }))).toMatchObject({
      kind: 'photo',
      caption: 'Keterangan',
      media: { fileRef: 'spool:0123456789abcdef0123456789abcdef.bin', declaredSize: 1234, declaredMime: 'image/jpeg' },
    });
    expect(toInboundMessage(update({ type: 'ptt', body: '', media: { ...media, mimetype: 'audio/ogg; codecs=opus' }, durationSec: 4 }))).toMatchObject({
      kind: 'voice',
      caption: null,
      media: { durationSec: 4 },
    });
    expect(toInboundMessage(update({ type: 'audio', media }))!.kind).toBe('audio');
    expect(toInboundMessage(update({ type: 'document', media: { ...media, mimetype: 'image/png' } }))!.kind).toBe('document');
    expect(toInboundMessage(update({ type: 'document', media: { ...media, mimetype: 'application/pdf' } }))).toMatchObject({ kind: 'unsupported', unsupportedKind: 'document' });
    expect(toInboundMessage(update({ type: 'sticker' }))).toMatchObject({ kind: 'unsupported', unsupportedKind: 'sticker' });
    expect(toInboundMessage(update({ type: 'vcard' }))).toMatchObject({ kind: 'unsupported', unsupportedKind: 'contact' });
  });

  it('turns a failed download into a reference the fetcher refuses, so the pipeline asks to resend', () => {
    const message = toInboundMessage(update({ type: 'image', media: { spool: null, mimetype: 'image/jpeg', filename: null, size: null, error: 'download-failed' } }))!;
    expect(message.media?.fileRef).toBe('error:download-failed');
  });

  it('marks group messages as not private and ignores payloads it does not know', () => {
    expect(toInboundMessage(update({ from: '120363000000000000@g.us', author: '6281234567801@c.us' }))!.privateChat).toBe(false);
    expect(toInboundMessage({ hello: 'world' })).toBeNull();
    expect(toInboundMessage(update({ body: '   ' }))).toBeNull();
  });

  it('reads phones from @c.us ids only', () => {
    expect(phoneOfWid('6281234567801@c.us')).toBe('+6281234567801');
    expect(phoneOfWid('99887766554433@lid')).toBeNull();
    expect(whatsappIdOf(normalisePhone('0812-3456-7801')!)).toBe('6281234567801@c.us');
  });

  it('derives update ids that carry no phone number and fit job ids', () => {
    const id = updateIdOf('false_6281234567801@c.us_3EB0AAAA');
    expect(id).toBe(updateIdOf('false_6281234567801@c.us_3EB0AAAA'));
    expect(id).not.toContain('6281234567801');
    expect(id).toMatch(/^wa_[0-9a-f]{40}$/);
  });
});

describe('WhatsApp formatting', () => {
  it('turns Telegram-HTML into WhatsApp markup and decodes entities', () => {
    expect(htmlToWhatsApp('<b>Dinas Kesehatan &amp; KB</b> <i>miring</i> <code>kode</code>')).toBe('*Dinas Kesehatan & KB* _miring_ ```kode```');
    expect(htmlToWhatsApp('<b> spasi </b>')).toBe(' *spasi* ');
    expect(htmlToWhatsApp('<a href="https://warta.go.id/a?b=1&amp;c=2">Baca</a>')).toBe('Baca (https://warta.go.id/a?b=1&c=2)');
    expect(htmlToWhatsApp('Harga &lt;naik&gt; &quot;turun&quot;')).toBe('Harga <naik> "turun"');
  });

  it('replaces submit and cancel buttons with the keywords to reply', () => {
    const buttons = [
      [
        { label: '📨 Kirim ke redaksi', data: encodeCallback({ kind: 'bundle.submit', bundleId: 7 }) },
        { label: '✖️ Batal', data: encodeCallback({ kind: 'bundle.cancel', bundleId: 7 }) },
      ],
    ];
    expect(renderForWhatsApp('Diterima: 1 foto.', { buttons })).toBe('Diterima: 1 foto.\n\nBalas *KIRIM* untuk mengirim ke redaksi, atau *BATAL* untuk membatalkan.');
    expect(renderForWhatsApp('Tanpa tombol')).toBe('Tanpa tombol');
  });
});

describe('outbound pacing', () => {
  function pacerWithClock(options: { random?: number } = {}) {
    let now = 1_000_000;
    const waits: number[] = [];
    const pacer = createPacer({
      otherChatGapMs: 8_000,
      sameChatGapMs: 2_000,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
      random: () => options.random ?? 0.5,
    });
    return { pacer, waits, advance: (ms: number) => (now += ms) };
  }

  it('pauses several seconds before switching chats and less within one chat', async () => {
    const { pacer, waits } = pacerWithClock();
    expect(await pacer.waitTurn('a')).toBe(0); // the first message waits for nothing
    pacer.sent('a');
    await pacer.waitTurn('a');
    pacer.sent('a');
    await pacer.waitTurn('b');
    pacer.sent('b');
    expect(waits).toEqual([2_000, 8_000]);
  });

  it('jitters the pause by at most a quarter', async () => {
    for (const random of [0, 0.999]) {
      const { pacer, waits } = pacerWithClock({ random });
      pacer.sent('a');
      await pacer.waitTurn('b');
      expect(waits[0]).toBeGreaterThanOrEqual(6_000);
      expect(waits[0]).toBeLessThanOrEqual(10_000);
    }
  });

  it('does not wait when the pause has already passed', async () => {
    const { pacer, waits, advance } = pacerWithClock();
    pacer.sent('a');
    advance(60_000);
    expect(await pacer.waitTurn('b')).toBe(0);
    expect(waits).toEqual([]);
  });
});

describe('daily reminder budget (Redis)', () => {
  const prefix = uniqueQueuePrefix('budget');
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  afterAll(async () => {
    connection.disconnect();
    await deleteQueuePrefix(prefix);
  });

  it('allows up to the limit per office day, then refuses until the next day', async () => {
    let now = new Date('2026-11-30T15:30:00Z'); // 23:30 WITA
    const budget = createDailyBudget({ connection, prefix, name: 'wa-reminders', limit: 2, timeZone: 'Asia/Makassar', now: () => now });
    expect((await budget.take()).allowed).toBe(true);
    expect((await budget.take()).allowed).toBe(true);
    expect(await budget.take()).toEqual({ allowed: false, used: 2, limit: 2 });
    now = new Date('2026-11-30T16:30:00Z'); // 00:30 WITA the next day
    expect(dayKey(now, 'Asia/Makassar')).toBe('2026-12-01');
    expect(await budget.take()).toEqual({ allowed: true, used: 1, limit: 2 });
  });

  it('never overshoots when many take at once', async () => {
    const budget = createDailyBudget({ connection, prefix, name: 'race', limit: 5, timeZone: 'Asia/Makassar' });
    const results = await Promise.all(Array.from({ length: 20 }, () => budget.take()));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(await budget.used()).toBe(5);
  });
});

describe('CSV', () => {
  it('reads ";" files with a BOM, quotes, escaped quotes, line breaks in quotes and CRLF', () => {
    const { delimiter, records } = parseCsv('\uFEFFnama;telepon\r\n"Siti ""Ani""; S.Kep";0812\r\n\r\n"Baris\ndua";0813\r\n');
    expect(delimiter).toBe(';');
    expect(records).toEqual([
      { line: 1, cells: ['nama', 'telepon'] },
      { line: 2, cells: ['Siti "Ani"; S.Kep', '0812'] },
      { line: 4, cells: ['Baris\ndua', '0813'] },
    ]);
  });

  it('reads "," files and a last line without a newline', () => {
    expect(parseCsv('name,phone,agency\nBudi, 0812 ,"Dinas, Kesehatan"').records).toEqual([
      { line: 1, cells: ['name', 'phone', 'agency'] },
      { line: 2, cells: ['Budi', '0812', 'Dinas, Kesehatan'] },
    ]);
  });
});

describe('rejection reasons from free text', () => {
  it.each([
    ['foto buram', 'photo'],
    ['informasi kurang lengkap', 'incomplete'],
    ['duplikat dengan kiriman kemarin', 'duplicate'],
    ['bukan berita', 'not-news'],
    ['lain kali saja', 'other'],
  ])('"%s" -> %s', (text, reason) => {
    expect(rejectReasonOf(text)).toBe(reason);
  });
});
