// A reminder run from the CLI reaches WhatsApp contributors through the
// whatsapp role's outbound queue, as the scheduled run does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { runCli } from '../../src/cli/run-cli.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { deleteQueuePrefix, testRedisUrl, uniqueQueuePrefix } from '../helpers/redis.js';
import { seedAgency, seedContributor, wita } from '../helpers/reminders.js';

let database: TestDatabase;
let telegram: FakeTelegram;
const prefix = uniqueQueuePrefix('cli-wa');

beforeAll(async () => {
  database = await createTestDatabase();
  telegram = await startFakeTelegram();
  const agencyId = await seedAgency(database.db, { name: 'Dinas Kominfo', createdAt: wita('2026-10-01 08:00') });
  await seedContributor(database.db, { agencyId, name: 'Rahmat', chatId: '6281234567801@c.us', channel: 'whatsapp' });
});

afterAll(async () => {
  await database?.drop();
  await telegram?.close();
  await deleteQueuePrefix(prefix);
});

async function runReminders(at: string, env: Record<string, string>) {
  const out: string[] = [];
  const code = await runCli(
    ['reminders', 'run', '--at', at, '--json'],
    { DATABASE_URL: database.url, REDIS_URL: testRedisUrl, ...env },
    { stdout: (text) => out.push(text), stderr: () => {} },
    { queuePrefix: prefix },
  );
  expect(code).toBe(0);
  return JSON.parse(out.join('\n')) as { nudges: Array<{ agency: string; step: number; recipients: Array<Record<string, unknown>> }> };
}

async function outboundJobs() {
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  const outbound = new Queue('whatsapp-outbound', { connection, prefix });
  try {
    return (await outbound.getJobs(['waiting', 'delayed', 'prioritized'])).map((job) => JSON.stringify(job.data));
  } finally {
    await outbound.close();
    connection.disconnect();
  }
}

describe('warta reminders run with WhatsApp enabled', () => {
  it('queues the reminder for the whatsapp role instead of skipping the contributor', async () => {
    const out: string[] = [];
    const code = await runCli(
      ['reminders', 'run', '--at', '2026-11-10', '--json'],
      { DATABASE_URL: database.url, REDIS_URL: testRedisUrl, WHATSAPP_ENABLED: 'true', TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot },
      { stdout: (text) => out.push(text), stderr: () => {} },
      { queuePrefix: prefix },
    );
    expect(code).toBe(0);
    const report = JSON.parse(out.join('\n'));
    expect(report.nudges).toEqual([
      expect.objectContaining({ agency: 'Dinas Kominfo', step: 1, recipients: [expect.objectContaining({ name: 'Rahmat', channel: 'whatsapp', status: 'sent' })] }),
    ]);
    const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
    const outbound = new Queue('whatsapp-outbound', { connection, prefix });
    try {
      const jobs = await outbound.getJobs(['waiting', 'delayed', 'prioritized']);
      expect(jobs).toHaveLength(1);
      expect(JSON.stringify(jobs[0]!.data)).toContain('6281234567801@c.us');
    } finally {
      await outbound.close();
      connection.disconnect();
    }
  });

  it("writes on WhatsApp to a contact person registered with only a phone number, and says so when WhatsApp is off", async () => {
    const agencyId = await seedAgency(database.db, { name: 'Dinas PUPR', createdAt: wita('2026-11-02 08:00'), contactName: 'Ir. Sari', contactPhone: '+6281234567899' });
    await seedContributor(database.db, { agencyId, name: 'Made', chatId: '6281234567802@c.us', channel: 'whatsapp' });
    const whatsappOn = { WHATSAPP_ENABLED: 'true', TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot };

    const first = await runReminders('2026-11-10T10:00+08:00', whatsappOn);
    expect(first.nudges.find((n) => n.agency === 'Dinas PUPR')).toMatchObject({ step: 1, recipients: [expect.objectContaining({ kind: 'contributor', name: 'Made' })] });

    const planned: string[] = [];
    // Without WhatsApp the contact cannot be reached; the plan says so instead of dropping them.
    const planWithoutWhatsApp = await runCli(
      ['reminders', 'run', '--at', '2026-11-17', '--dry-run', '--json'],
      { DATABASE_URL: database.url, REDIS_URL: testRedisUrl, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot },
      { stdout: (text) => planned.push(text), stderr: () => {} },
      { queuePrefix: prefix },
    );
    expect(planWithoutWhatsApp).toBe(0);
    const dryRun = JSON.parse(planned.join('\n')) as Awaited<ReturnType<typeof runReminders>>;
    expect(dryRun.nudges.find((n) => n.agency === 'Dinas PUPR')?.recipients).toContainEqual(
      expect.objectContaining({ kind: 'contact', name: 'Ir. Sari', channel: 'whatsapp', status: 'skipped_channel_unavailable' }),
    );

    const second = await runReminders('2026-11-17', whatsappOn);
    const pupr = second.nudges.find((n) => n.agency === 'Dinas PUPR');
    expect(pupr).toMatchObject({ step: 2 });
    expect(pupr!.recipients).toContainEqual(expect.objectContaining({ kind: 'contact', name: 'Ir. Sari', channel: 'whatsapp', status: 'sent' }));
    const jobs = await outboundJobs();
    const toContact = jobs.filter((data) => data.includes('6281234567899@c.us'));
    expect(toContact).toHaveLength(1);
    expect(toContact[0]).toContain('Dinas PUPR');
    // The report names people, never their numbers.
    expect(JSON.stringify(second)).not.toContain('6281234567899');
  });
});
