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
});
