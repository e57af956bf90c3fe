// The reminder ladder over simulated weeks, on the real Postgres and Redis,
// with the real Telegram messenger against the fake Bot API and a clock the
// test moves from day to day.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/adapters/prisma/client.js';
import { createHolidayStore } from '../../src/adapters/prisma/holiday-store.js';
import { addDays, localDateOf } from '../../src/domain/calendar.js';
import type { NudgeRecipient } from '../../src/domain/reminder-ladder.js';
import { nudgeAgencyJob, remindQuietAgenciesJob, sendWeeklyDigestJob } from '../../src/jobs/reminder-jobs.js';
import { createLogger } from '../../src/logging/logger.js';
import { remindQuietAgencies, type ReminderRunReport } from '../../src/pipeline/remind-quiet-agencies.js';
import type { ReminderDeps } from '../../src/pipeline/reminder-deps.js';
import { createBullJobQueue } from '../../src/queue/bullmq-job-queue.js';
import { startBullWorkers } from '../../src/queue/bullmq-workers.js';
import { nudgeAgencyHandler } from '../../src/workers/reminder-workers.js';
import { startFakeTelegram, type FakeTelegram, type RecordedCall } from '../fakes/fake-telegram.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { deleteQueuePrefix, testRedisUrl, uniqueQueuePrefix } from '../helpers/redis.js';
import { chats, reminderDepsFor, seedAgency, seedContributor, seedSubmission, testClock, timeZone, wita } from '../helpers/reminders.js';
import { eventually, startTestWarta } from '../helpers/warta.js';

const quiet = createLogger({ level: 'silent' });
const isOk = (call: RecordedCall) => (call.response as { ok?: boolean } | undefined)?.ok === true;
const textOf = (call: RecordedCall) => String(call.params.text);

describe('the reminder ladder over four simulated weeks', () => {
  let database: TestDatabase;
  let telegram: FakeTelegram;
  let deps: ReminderDeps;
  const clock = testClock(wita('2026-11-02 09:00'));
  const ids = {} as Record<'pupr' | 'ani' | 'budi' | 'puskesmas' | 'kecamatan' | 'citra' | 'kominfo' | 'dewi' | 'pariwisata' | 'fajar' | 'bappeda' | 'eko', number>;
  // Who each chat is, for readable expectations.
  const names: Record<string, string> = {
    '5001': 'Ani',
    '5002': 'Budi',
    '5003': 'Citra',
    '5006': 'Fajar',
    '7001': 'PUPR contact',
    '7002': 'Puskesmas contact',
    [chats.admins]: 'admins',
  };
  const label = (call: RecordedCall) => `${names[String(call.params.chat_id)] ?? String(call.params.chat_id)}${isOk(call) ? '' : ' ✗'}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    telegram = await startFakeTelegram();
    deps = reminderDepsFor(database.db, telegram, { clock });
    const db = database.db;
    const longAgo = wita('2026-10-01 08:00');

    // Two contributors; Budi has blocked the bot. A contact person is registered.
    ids.pupr = await seedAgency(db, { name: 'Dinas PUPR', createdAt: longAgo, contactName: 'Ir. Made Sudarsana', contactTelegramId: '7001' });
    ids.ani = await seedContributor(db, { agencyId: ids.pupr, name: 'Ani', chatId: '5001' });
    ids.budi = await seedContributor(db, { agencyId: ids.pupr, name: 'Budi', chatId: '5002' });
    await seedSubmission(db, { agencyId: ids.pupr, contributorId: ids.ani, submittedAt: wita('2026-11-02 07:45') });
    telegram.blockChat(5002);

    // No contributors at all, never submitted; a contact person.
    ids.puskesmas = await seedAgency(db, { name: 'Puskesmas Taliwang', createdAt: wita('2026-11-02 08:00'), contactTelegramId: '7002' });

    // Citra's agency submits again mid-way: the ladder starts over.
    ids.kecamatan = await seedAgency(db, { name: 'Kecamatan Brang Ene', createdAt: longAgo });
    ids.citra = await seedContributor(db, { agencyId: ids.kecamatan, name: 'Citra', chatId: '5003' });
    await seedSubmission(db, { agencyId: ids.kecamatan, contributorId: ids.citra, submittedAt: wita('2026-10-29 11:00') });

    // Only on WhatsApp, which this process does not run: skipped and recorded.
    ids.kominfo = await seedAgency(db, { name: 'Dinas Kominfo', createdAt: longAgo });
    ids.dewi = await seedContributor(db, { agencyId: ids.kominfo, name: 'Dewi', chatId: '6281234567890@c.us', channel: 'whatsapp' });
    await seedSubmission(db, { agencyId: ids.kominfo, contributorId: ids.dewi, submittedAt: wita('2026-10-30 14:00') });

    // Due on a Saturday; Monday is a holiday; reminded on Tuesday. A name that needs escaping.
    ids.pariwisata = await seedAgency(db, { name: 'Dinas Pariwisata & <Kebudayaan>', createdAt: longAgo });
    ids.fajar = await seedContributor(db, { agencyId: ids.pariwisata, name: 'Fajar', chatId: '5006' });
    await seedSubmission(db, { agencyId: ids.pariwisata, contributorId: ids.fajar, submittedAt: wita('2026-10-31 09:30') });

    // Submits every six days: never quiet. (Bundles dated after a run's moment are not seen by it.)
    ids.bappeda = await seedAgency(db, { name: 'Bappeda', createdAt: longAgo });
    ids.eko = await seedContributor(db, { agencyId: ids.bappeda, name: 'Eko', chatId: '5007' });
    for (const day of ['2026-10-28', '2026-11-03', '2026-11-09', '2026-11-15', '2026-11-21', '2026-11-27']) {
      await seedSubmission(db, { agencyId: ids.bappeda, contributorId: ids.eko, submittedAt: wita(`${day} 13:00`) });
    }

    await createHolidayStore(db).upsert({ date: '2026-11-09', name: 'Cuti Bersama' });
  });

  afterAll(async () => {
    await database?.drop();
    await telegram?.close();
  });

  async function runDay(date: string, options: { dryRun?: boolean } = {}): Promise<{ report: ReminderRunReport; sent: RecordedCall[] }> {
    clock.set(wita(`${date} 09:00`));
    const before = telegram.calls.length;
    const report = await remindQuietAgencies(deps, { at: clock.now(), dryRun: options.dryRun });
    return { report, sent: telegram.calls.slice(before).filter((c) => c.method === 'sendMessage') };
  }

  it('previews a day with --dry-run: who would be told what, nothing sent or recorded', async () => {
    const { report, sent } = await runDay('2026-11-10', { dryRun: true });
    expect(sent).toEqual([]);
    expect(await database.db.reminder.count()).toBe(0);
    // Kominfo (step 1 due on 11-06) and Kecamatan (11-05) are due too, as nothing was recorded yet.
    const planned = report.nudges.map((n) => `${n.agency}: step ${n.step}, ${n.status}`).sort();
    expect(planned).toEqual([
      'Dinas Kominfo: step 1, planned',
      'Dinas PUPR: step 1, planned',
      'Dinas Pariwisata & <Kebudayaan>: step 1, planned',
      'Kecamatan Brang Ene: step 1, planned',
      'Puskesmas Taliwang: step 1, planned',
    ]);
    const pupr = report.nudges.find((n) => n.agencyId === ids.pupr)!;
    expect(pupr.recipients.map((r) => `${r.name} ${r.status}`)).toEqual(['Ani planned', 'Budi planned']);
    expect(report.admins).toMatchObject({ status: 'planned', agencies: [{ agency: 'Puskesmas Taliwang', reason: 'no_contributors' }] });
  });

  it('walks the ladder day by day: weekends and holidays skipped, one step per rhythm, reset on submission', async () => {
    const expected: Record<string, string[] | 'weekend' | 'holiday'> = {
      '2026-11-02': [],
      '2026-11-03': [],
      '2026-11-04': [],
      '2026-11-05': ['Citra'], // Kecamatan: 7 days after 29 Oct
      '2026-11-06': [], // Kominfo: due, but Dewi is only on WhatsApp (recorded as skipped)
      '2026-11-07': 'weekend', // Pariwisata due today
      '2026-11-08': 'weekend',
      '2026-11-09': 'holiday', // PUPR and Puskesmas due today
      '2026-11-10': ['Ani', 'Budi ✗', 'Fajar', 'admins'], // Budi blocked the bot; Puskesmas has nobody: admins told
      '2026-11-11': [],
      '2026-11-12': [], // Kecamatan's second reminder would be due, but Citra submitted on the 10th
      '2026-11-13': [], // Kominfo step 2 (Dewi skipped again, no contact person)
      '2026-11-14': 'weekend',
      '2026-11-15': 'weekend',
      '2026-11-16': [],
      '2026-11-17': ['Ani', 'Citra', 'Fajar', 'PUPR contact', 'Puskesmas contact', 'admins'], // Budi skipped as unreachable
      '2026-11-18': [],
      '2026-11-19': [],
      '2026-11-20': [], // Kominfo escalated (step 3): no message, listed in the digest
      '2026-11-21': 'weekend',
      '2026-11-22': 'weekend',
      '2026-11-23': [],
      '2026-11-24': ['Citra'], // PUPR, Puskesmas, Pariwisata escalated; Kecamatan's second reminder
      '2026-11-25': [],
      '2026-11-26': [],
      '2026-11-27': [],
      '2026-11-28': 'weekend',
      '2026-11-29': 'weekend',
      '2026-11-30': [],
      '2026-12-01': [], // Kecamatan escalated one rhythm after its second reminder
    };
    const actual: typeof expected = {};
    for (let date = '2026-11-02'; date <= '2026-12-01'; date = addDays(date, 1)) {
      const { report, sent } = await runDay(date);
      actual[date] = report.skipped ? report.skipped.reason : sent.map(label).sort();
      if (date === '2026-11-10') {
        // A second run the same day (a restart, a retry) sends nothing more.
        const again = await runDay(date);
        expect(again.sent).toEqual([]);
        expect(again.report.nudges).toEqual([]);
        // Citra submits in the afternoon.
        await seedSubmission(database.db, { agencyId: ids.kecamatan, contributorId: ids.citra, submittedAt: wita('2026-11-10 15:00') });
      }
    }
    expect(actual).toEqual(expected);

    const recorded = await database.db.reminder.findMany({ include: { agency: true }, orderBy: [{ sentAt: 'asc' }, { agencyId: 'asc' }] });
    expect(recorded.map((r) => `${localDateOf(r.sentAt, timeZone)} ${r.agency.name} step ${r.step}`)).toEqual([
      '2026-11-05 Kecamatan Brang Ene step 1',
      '2026-11-06 Dinas Kominfo step 1',
      '2026-11-10 Dinas PUPR step 1',
      '2026-11-10 Puskesmas Taliwang step 1',
      '2026-11-10 Dinas Pariwisata & <Kebudayaan> step 1',
      '2026-11-13 Dinas Kominfo step 2',
      '2026-11-17 Dinas PUPR step 2',
      '2026-11-17 Puskesmas Taliwang step 2',
      '2026-11-17 Kecamatan Brang Ene step 1',
      '2026-11-17 Dinas Pariwisata & <Kebudayaan> step 2',
      '2026-11-20 Dinas Kominfo step 3',
      '2026-11-24 Dinas PUPR step 3',
      '2026-11-24 Puskesmas Taliwang step 3',
      '2026-11-24 Kecamatan Brang Ene step 2',
      '2026-11-24 Dinas Pariwisata & <Kebudayaan> step 3',
      '2026-12-01 Kecamatan Brang Ene step 3',
    ]);
    // The reset: Kecamatan's second spell starts at the new submission.
    const kecamatan = recorded.filter((r) => r.agencyId === ids.kecamatan).map((r) => r.quietSince.toISOString());
    const secondSpell = wita('2026-11-10 15:00').toISOString();
    expect(kecamatan).toEqual([wita('2026-10-29 11:00').toISOString(), secondSpell, secondSpell, secondSpell]);

    const outcome = (agencyId: number, step: number) =>
      (recorded.find((r) => r.agencyId === agencyId && r.step === step)!.recipients as unknown as NudgeRecipient[]).map(
        (r) => `${r.kind} ${r.name} ${r.channel ?? '-'} ${r.status}`,
      );
    expect(outcome(ids.pupr, 1)).toEqual(['contributor Ani telegram sent', 'contributor Budi telegram blocked']);
    expect(outcome(ids.pupr, 2)).toEqual([
      'contributor Ani telegram sent',
      'contributor Budi telegram skipped_unreachable',
      'contact Ir. Made Sudarsana telegram sent',
    ]);
    expect(outcome(ids.pupr, 3)).toEqual([]);
    expect(outcome(ids.puskesmas, 1)).toEqual([]);
    expect(outcome(ids.puskesmas, 2)).toEqual(['contact kontak instansi telegram sent']);
    expect(outcome(ids.kominfo, 1)).toEqual(['contributor Dewi whatsapp skipped_channel_unavailable']);
    expect(await database.db.contributor.findUniqueOrThrow({ where: { id: ids.budi } })).toMatchObject({ status: 'unreachable' });
    expect(await database.db.reminder.count({ where: { agencyId: ids.bappeda } })).toBe(0);
  });

  it('words each message for its step, in Indonesian, with agency names escaped', () => {
    const to = (chatId: string) => telegram.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === chatId && isOk(c));
    const [first, second] = to('5001');
    expect(first!.params.parse_mode).toBe('HTML');
    expect(textOf(first!)).toMatch(/cukup 3 foto dan 2 kalimat/i);
    expect(textOf(first!)).toContain('Sudah 8 hari belum ada kiriman kegiatan dari <b>Dinas PUPR</b>');
    expect(textOf(second!)).toContain('selama 15 hari');
    expect(textOf(to('7001')[0]!)).toMatch(/^Yth\. Ir\. Made Sudarsana,/);
    expect(textOf(to('7001')[0]!)).toContain('sudah kami ingatkan dua kali');
    expect(textOf(to('7002')[0]!)).toContain('belum memiliki kontributor aktif');
    expect(textOf(to('5006')[0]!)).toContain('Dinas Pariwisata &amp; &lt;Kebudayaan&gt;');
    const admins = to(chats.admins);
    expect(admins).toHaveLength(2);
    expect(textOf(admins[0]!)).toContain('• Puskesmas Taliwang — belum ada kontributor terdaftar');
    expect(textOf(admins[0]!)).toContain('10 November 2026');
  });
});

describe('concurrent runs', () => {
  let database: TestDatabase;
  let telegram: FakeTelegram;
  const prefix = uniqueQueuePrefix('reminders');
  const clock = testClock(wita('2026-11-10 09:00'));
  const agencies = 12;
  const closers: Array<() => Promise<void> | void> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    telegram = await startFakeTelegram();
    for (let i = 1; i <= agencies; i += 1) {
      const agencyId = await seedAgency(database.db, { name: `Dinas ${String(i).padStart(2, '0')}`, createdAt: wita('2026-10-01 08:00') });
      for (const n of [1, 2]) {
        const contributorId = await seedContributor(database.db, { agencyId, name: `Staf ${i}.${n}`, chatId: String(8000 + i * 10 + n) });
        if (n === 1) await seedSubmission(database.db, { agencyId, contributorId, submittedAt: wita('2026-11-02 10:00') });
      }
    }
    await seedAgency(database.db, { name: 'Kantor Tanpa Kontributor', createdAt: wita('2026-11-02 08:00') });
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await database?.drop();
    await telegram?.close();
    await deleteQueuePrefix(prefix);
  });

  /** A second process: its own database pool and its own messenger. */
  function process2(options: { queue?: ReturnType<typeof createBullJobQueue> } = {}): ReminderDeps {
    const db = createDatabase(database.url, { poolSize: 4 });
    closers.push(() => db.$disconnect());
    return reminderDepsFor(db, telegram, { clock, queue: options.queue });
  }

  const messagesPerChat = () => {
    const counts: Record<string, number> = {};
    for (const call of telegram.callsOf('sendMessage')) counts[String(call.params.chat_id)] = (counts[String(call.params.chat_id)] ?? 0) + 1;
    return counts;
  };

  it('two runs at once send each nudge exactly once', async () => {
    const [a, b] = await Promise.all([
      remindQuietAgencies(process2(), { at: clock.now() }),
      remindQuietAgencies(process2(), { at: clock.now() }),
    ]);
    const counts = messagesPerChat();
    expect(Object.keys(counts)).toHaveLength(agencies * 2 + 1);
    expect(Object.values(counts).every((count) => count === 1)).toBe(true);
    expect(counts[chats.admins]).toBe(1);
    expect(await database.db.reminder.count()).toBe(agencies + 1);
    // Each agency's nudge was sent by exactly one of the runs.
    const sentBy = [...a.nudges, ...b.nudges].filter((n) => n.status === 'sent').map((n) => n.agencyId);
    expect(sentBy).toHaveLength(agencies + 1);
    expect(new Set(sentBy).size).toBe(agencies + 1);
  });

  it('two planners and two workers through BullMQ send each second reminder exactly once', async () => {
    clock.set(wita('2026-11-17 09:00'));
    const queueConnection = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    closers.push(() => queueConnection.disconnect());
    const queue = createBullJobQueue({ connection: queueConnection, prefix, log: quiet });
    closers.push(() => queue.close());
    for (let worker = 0; worker < 2; worker += 1) {
      const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
      const workers = startBullWorkers({
        registry: [nudgeAgencyJob],
        handlers: { 'nudge-agency': nudgeAgencyHandler(process2()) },
        connection,
        prefix,
        log: quiet,
      });
      closers.push(async () => {
        await workers.close();
        connection.disconnect();
      });
    }
    const before = telegram.callsOf('sendMessage').length;
    const reports = await Promise.all([
      remindQuietAgencies(process2({ queue }), { at: clock.now(), dispatch: 'queue' }),
      remindQuietAgencies(process2({ queue }), { at: clock.now(), dispatch: 'queue' }),
    ]);
    // Agencies with contributors went out as jobs; the one without was handled (once) in a planner.
    expect(reports.flatMap((r) => r.nudges).filter((n) => n.status === 'queued').length).toBeGreaterThanOrEqual(agencies);
    await eventually(() => telegram.callsOf('sendMessage').length - before >= agencies * 2 + 1, 'second reminders sent', 20_000);
    await eventually(async () => (await database.db.reminder.count({ where: { step: 2 } })) === agencies + 1, 'second reminders recorded');
    await new Promise((resolve) => setTimeout(resolve, 500)); // nothing more arrives
    const counts = messagesPerChat();
    expect(Object.values(counts).every((count) => count === 2)).toBe(true);
    expect(Object.keys(counts)).toHaveLength(agencies * 2 + 1);
    const second = telegram.callsOf('sendMessage').slice(before);
    expect(second.filter((c) => String(c.params.chat_id) !== chats.admins).every((c) => textOf(c).includes('Kami belum menerima kiriman'))).toBe(true);
  });
});

describe('in the running app', () => {
  it('registers the daily and weekly job schedulers in TIMEZONE, and the queued jobs send', async () => {
    const prefix = uniqueQueuePrefix('warta-reminders');
    const t = await startTestWarta(
      { REMINDER_HOUR: '7', TELEGRAM_EDITORS_CHAT_ID: chats.editors, TELEGRAM_LEADERSHIP_CHAT_ID: chats.leadership },
      { queuePrefix: prefix, clock: testClock(wita('2026-11-10 09:00')) },
    );
    const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    try {
      const scheduler = async (name: string) => {
        const queue = new Queue(name, { connection, prefix });
        try {
          return await queue.getJobScheduler(name);
        } finally {
          await queue.close();
        }
      };
      expect(await scheduler(remindQuietAgenciesJob.name)).toMatchObject({ pattern: '0 7 * * 1-5', tz: 'Asia/Makassar' });
      expect(await scheduler(sendWeeklyDigestJob.name)).toMatchObject({ pattern: '0 8 * * 1', tz: 'Asia/Makassar' });

      const db = t.warta.db;
      const agencyId = await seedAgency(db, { name: 'Dinas Perikanan', createdAt: wita('2026-10-01 08:00') });
      const contributorId = await seedContributor(db, { agencyId, name: 'Gita', chatId: '5101' });
      await seedSubmission(db, { agencyId, contributorId, submittedAt: wita('2026-11-02 10:00'), publishedAt: wita('2026-11-03 10:00') });

      await t.warta.queue.enqueue(remindQuietAgenciesJob, { at: wita('2026-11-10 09:00').toISOString() });
      const reminder = await t.telegram.waitForCall('sendMessage', (c) => String(c.params.chat_id) === '5101', 15_000);
      expect(textOf(reminder)).toMatch(/cukup 3 foto dan 2 kalimat/i);

      await t.warta.queue.enqueue(sendWeeklyDigestJob, { at: wita('2026-11-09 08:00').toISOString() });
      for (const chat of [chats.editors, chats.leadership]) {
        const photo = await t.telegram.waitForCall('sendPhoto', (c) => String(c.params.chat_id) === chat, 15_000);
        expect(photo.files).toHaveLength(1);
      }
    } finally {
      connection.disconnect();
      await t.close();
      await deleteQueuePrefix(prefix);
    }
  });
});
