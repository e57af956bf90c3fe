// The weekly digest against seeded data on the real Postgres: its numbers,
// its week boundaries in WITA, and its chart (a real PNG, one bar per agency),
// sent through the real Telegram messenger to the fake Bot API.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBarChartSvg } from '../../src/domain/digest-chart.js';
import { sendWeeklyDigest } from '../../src/pipeline/send-weekly-digest.js';
import type { ReminderDeps } from '../../src/pipeline/reminder-deps.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { chats, reminderDepsFor, seedAgency, seedContributor, seedSubmission, testClock, wita } from '../helpers/reminders.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const barsIn = (svg: string) => svg.match(/<rect class="bar"/g)?.length ?? 0;

let database: TestDatabase;
let telegram: FakeTelegram;
let deps: ReminderDeps;
const svgs: string[] = [];
const clock = testClock(wita('2026-11-23 08:00'));
const kesehatan = 'Dinas Kesehatan & <Pengendalian> "Penduduk"';

beforeAll(async () => {
  database = await createTestDatabase();
  telegram = await startFakeTelegram();
  const base = reminderDepsFor(database.db, telegram, { clock, settings: { leadershipChatId: chats.leadership } });
  // The real renderer, with the SVG it was given kept for the test.
  deps = { ...base, charts: { renderPng: (svg, name) => (svgs.push(svg), base.charts.renderPng(svg, name)) } };

  const db = database.db;
  const editor = await db.editor.create({ data: { name: 'Rina', telegramUserId: '900001' } });
  const longAgo = wita('2026-10-01 08:00');
  const pupr = await seedAgency(db, { name: 'Dinas PUPR', createdAt: longAgo });
  const ani = await seedContributor(db, { agencyId: pupr, name: 'Ani' });
  const budi = await seedContributor(db, { agencyId: pupr, name: 'Budi' });
  const week = { editorId: editor.id, agencyId: pupr };
  // The week is Monday 16 November 00:00 WITA to Monday 23 November 00:00 WITA.
  await seedSubmission(db, { ...week, contributorId: ani, submittedAt: wita('2026-11-16 00:05'), publishedAt: wita('2026-11-17 10:00') });
  await seedSubmission(db, { ...week, contributorId: ani, submittedAt: wita('2026-11-18 09:00'), publishedAt: wita('2026-11-19 10:00') });
  await seedSubmission(db, { ...week, contributorId: ani, submittedAt: wita('2026-11-19 14:00'), rejectedAt: wita('2026-11-20 09:00') });
  await seedSubmission(db, { ...week, contributorId: budi, submittedAt: wita('2026-11-22 23:30') });
  await seedSubmission(db, { ...week, contributorId: budi, submittedAt: wita('2026-11-23 00:10') }); // the next week
  await seedSubmission(db, { ...week, contributorId: ani, submittedAt: wita('2026-11-13 10:00'), publishedAt: wita('2026-11-16 09:00') }); // published this week
  await seedSubmission(db, { ...week, contributorId: ani, submittedAt: wita('2026-11-10 10:00'), rejectedAt: wita('2026-11-15 23:00') }); // last week

  const dinkes = await seedAgency(db, { name: kesehatan, createdAt: longAgo });
  const citra = await seedContributor(db, { agencyId: dinkes, name: 'Citra' });
  await seedSubmission(db, { agencyId: dinkes, contributorId: citra, submittedAt: wita('2026-11-17 10:00'), publishedAt: wita('2026-11-18 11:00') });
  await seedSubmission(db, { agencyId: dinkes, contributorId: citra, submittedAt: wita('2026-11-20 15:00') });

  // Quiet for 34 days and escalated to the digest.
  const kecamatan = await seedAgency(db, { name: 'Kecamatan Taliwang', createdAt: longAgo });
  const dedi = await seedContributor(db, { agencyId: kecamatan, name: 'Dedi' });
  await seedSubmission(db, { agencyId: kecamatan, contributorId: dedi, submittedAt: wita('2026-10-20 10:00') });
  for (const [step, day] of [[1, '2026-10-27'], [2, '2026-11-03'], [3, '2026-11-10']] as const) {
    await db.reminder.create({ data: { agencyId: kecamatan, step, quietSince: wita('2026-10-20 10:00'), sentAt: wita(`${day} 09:00`) } });
  }
  // Never submitted since it was registered.
  await seedAgency(db, { name: 'Puskesmas Seteluk', createdAt: wita('2026-11-01 10:00') });
  // Registered after the week: not in it.
  await seedAgency(db, { name: 'Dinas Baru', createdAt: wita('2026-11-23 07:00') });
});

afterAll(async () => {
  await database?.drop();
  await telegram?.close();
});

describe('the weekly digest', () => {
  it('counts submissions, publications and rejections per agency for the last full week in WITA', async () => {
    const report = await sendWeeklyDigest(deps, { at: clock.now(), dryRun: true });
    expect(report.week).toEqual({ from: '2026-11-15T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z', label: '16–22 November 2026' });
    const numbers = Object.fromEntries(report.agencies.map((a) => [a.name, [a.submissions, a.published, a.rejected]]));
    expect(numbers).toEqual({
      'Dinas PUPR': [4, 3, 1],
      [kesehatan]: [2, 1, 0],
      'Kecamatan Taliwang': [0, 0, 0],
      'Puskesmas Seteluk': [0, 0, 0],
    });
    expect(report.totals).toEqual({ submissions: 6, published: 4, rejected: 1 });
    expect(report.topContributors.map((c) => `${c.name} (${c.agencyName}): ${c.submissions}/${c.published}`)).toEqual([
      'Ani (Dinas PUPR): 3/2',
      `Citra (${kesehatan}): 2/1`,
      'Budi (Dinas PUPR): 1/0',
    ]);
    expect(report.quiet.map((q) => `${q.agency}: ${q.days} days, step ${q.lastStep ?? '-'}${q.neverSubmitted ? ', never submitted' : ''}`)).toEqual([
      'Kecamatan Taliwang: 34 days, step 3',
      'Puskesmas Seteluk: 22 days, step -, never submitted',
    ]);
    expect(report.recipients).toEqual([
      { kind: 'editors', chatId: chats.editors, status: 'planned' },
      { kind: 'leadership', chatId: chats.leadership, status: 'planned' },
    ]);
    expect(telegram.calls).toEqual([]);
  });

  it('writes it in Indonesian with every agency name escaped', async () => {
    const { text } = await sendWeeklyDigest(deps, { at: clock.now(), dryRun: true });
    expect(text).toContain('Total: 6 kiriman · 4 terbit · 1 ditolak');
    expect(text).toContain('• Dinas PUPR: 4 / 3 / 1');
    expect(text).toContain('• Dinas Kesehatan &amp; &lt;Pengendalian&gt; &quot;Penduduk&quot;: 2 / 1 / 0');
    expect(text).toContain('<i>2 instansi lain tanpa kiriman pekan ini.</i>');
    expect(text).toContain('• Kecamatan Taliwang — 34 hari tanpa kiriman; ⚠️ perlu perhatian redaksi');
    expect(text).toContain('• Puskesmas Seteluk — belum pernah mengirim (22 hari); belum diingatkan');
    expect(text).toContain('1. Ani (Dinas PUPR): 3 kiriman, 2 terbit');
    expect(text).not.toContain(kesehatan);
  });

  it('draws one bar per agency and renders a valid PNG', async () => {
    svgs.length = 0;
    const report = await sendWeeklyDigest(deps, { at: clock.now(), dryRun: true });
    expect(svgs).toHaveLength(1);
    const svg = svgs[0]!;
    expect(barsIn(svg)).toBe(4);
    expect(report.chart.bars).toBe(4);
    expect(svg).toMatch(/>Dinas Kesehatan &amp; &lt;Pengendalian&gt; &quot;P[a-z]*…<\/text>/); // long names are shortened
    expect(svg).not.toContain('<Pengendalian>');
    // Widths follow the published counts: PUPR 3, Kesehatan 1, the others 0.
    const widths = [...svg.matchAll(/<rect class="bar"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBeGreaterThan(0);
    expect(widths[0]! / widths[1]!).toBeCloseTo(3, 1);
    expect(widths.slice(2)).toEqual([0, 0]);

    const png = await readFile(report.chart.path);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(900);
    expect(meta.height).toBeGreaterThan(200);
  });

  it('sends the text and the chart to the editors and leadership', async () => {
    const report = await sendWeeklyDigest(deps, { at: clock.now() });
    expect(report.recipients.map((r) => `${r.kind}:${r.status}`)).toEqual(['editors:sent', 'leadership:sent']);
    for (const chat of [chats.editors, chats.leadership]) {
      const texts = telegram.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === chat);
      expect(texts).toHaveLength(1);
      expect(texts[0]!.params.parse_mode).toBe('HTML');
      expect(String(texts[0]!.params.text)).toContain('Rekap Mingguan Warta');
      const photos = telegram.callsOf('sendPhoto').filter((c) => String(c.params.chat_id) === chat);
      expect(photos).toHaveLength(1);
      const upload = photos[0]!.files[0]!;
      expect(upload.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect((await sharp(upload.data).metadata()).format).toBe('png');
      expect(String(photos[0]!.params.caption)).toContain('Berita terbit per instansi, 16–22 November 2026');
    }
  });

  it('escapes any text in the SVG, so an agency name cannot break the chart', async () => {
    const svg = buildBarChartSvg({ title: 'T', bars: [{ label: '</text><script>alert(1)</script> & \'x\'\u0001', value: 2 }, { label: 'B', value: 0 }] });
    expect(barsIn(svg)).toBe(2);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    expect((await sharp(png).metadata()).format).toBe('png');
  });
});
