// `warta holiday …`, `warta reminders run …` and `warta digest send …`, run
// in-process through runCli against a test database and the fake Bot API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { seedAgency, seedContributor, seedSubmission, wita } from '../helpers/reminders.js';

let database: TestDatabase;
let telegram: FakeTelegram;
const mediaDir = join(mkdtempSync(join(tmpdir(), 'warta-cli-media-')), 'media');

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { DATABASE_URL: database.url, MEDIA_DIR: mediaDir, ...env }, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const withTelegram = () => ({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot, TELEGRAM_EDITORS_CHAT_ID: '-1009' });

beforeAll(async () => {
  database = await createTestDatabase();
  telegram = await startFakeTelegram();
  const agencyId = await seedAgency(database.db, { name: 'Dinas Perhubungan', createdAt: wita('2026-10-01 08:00') });
  const contributorId = await seedContributor(database.db, { agencyId, name: 'Hana', chatId: '5301' });
  await seedSubmission(database.db, { agencyId, contributorId, submittedAt: wita('2026-11-02 10:00'), publishedAt: wita('2026-11-03 10:00') });
  await seedAgency(database.db, { name: 'Kelurahan Dalam', createdAt: wita('2026-10-01 08:00') });
});

afterAll(async () => {
  await database?.drop();
  await telegram?.close();
});

describe('warta holiday', () => {
  it('adds, renames, lists and removes holidays', async () => {
    const added = await cli(['holiday', 'add', '2026-12-25', 'Natal', '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ date: '2026-12-25', name: 'Natal', created: true });

    const renamed = await cli(['holiday', 'add', '2026-12-25', 'Hari', 'Raya', 'Natal']);
    expect(renamed).toMatchObject({ code: 0, stdout: 'Holiday renamed: 2026-12-25 (Fri) Hari Raya Natal. No reminders go out that day.' });
    expect((await cli(['holiday', 'add', '2026-11-09', 'Cuti Bersama'])).code).toBe(0);

    const listed = await cli(['holiday', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([
      { date: '2026-11-09', name: 'Cuti Bersama' },
      { date: '2026-12-25', name: 'Hari Raya Natal' },
    ]);
    expect((await cli(['holiday', 'list', '--from', '2026-12-01'])).stdout).toBe('2026-12-25  Fri  Hari Raya Natal');

    expect(await cli(['holiday', 'remove', '2026-12-25'])).toMatchObject({ code: 0, stdout: 'Holiday removed: 2026-12-25 Hari Raya Natal' });
    const again = await cli(['holiday', 'remove', '2026-12-25', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stderr)).toEqual({ error: { code: 'NOT_FOUND', message: 'No holiday on 2026-12-25.' } });
  });

  it('refuses bad input with a clear message', async () => {
    expect(await cli(['holiday', 'add', '2026-02-30', 'Libur'])).toMatchObject({ code: 1, stderr: expect.stringContaining('YYYY-MM-DD') });
    expect(await cli(['holiday', 'add', '2026-12-31'])).toMatchObject({ code: 2, stderr: expect.stringContaining('A date and a name are required') });
    expect(await cli(['holiday', 'purge'])).toMatchObject({ code: 2 });
  });
});

describe('warta reminders run', () => {
  it('--dry-run --json shows who would be told what and sends or records nothing', async () => {
    const result = await cli(['reminders', 'run', '--at', '2026-11-10', '--dry-run', '--json'], withTelegram());
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ at: '2026-11-10T01:00:00.000Z', date: '2026-11-10', timeZone: 'Asia/Makassar', dryRun: true, skipped: null });
    expect(report.nudges).toEqual([
      expect.objectContaining({
        agency: 'Dinas Perhubungan',
        step: 1,
        daysQuiet: 8,
        status: 'planned',
        recipients: [{ kind: 'contributor', contributorId: expect.any(Number), name: 'Hana', channel: 'telegram', status: 'planned' }],
      }),
      expect.objectContaining({ agency: 'Kelurahan Dalam', step: 1, status: 'planned', recipients: [], unreachable: 'no_contributors' }),
    ]);
    expect(report.admins).toEqual({ chatId: '-1009', status: 'planned', agencies: [{ agencyId: expect.any(Number), agency: 'Kelurahan Dalam', reason: 'no_contributors' }] });
    expect(telegram.calls).toEqual([]);
    expect(await database.db.reminder.count()).toBe(0);
  });

  it('prints a readable plan, and says when a day is skipped', async () => {
    const plan = await cli(['reminders', 'run', '--at', '2026-11-10T09:00+08:00', '--dry-run'], withTelegram());
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Reminders for 2026-11-10 (Asia/Makassar), dry run: nothing is sent or recorded');
    expect(plan.stdout).toContain('Dinas Perhubungan (id');
    expect(plan.stdout).toContain('→ Hana (telegram): would be reminded');
    expect(plan.stdout).toContain('Agencies with no reachable contributor: Kelurahan Dalam — would tell the admins\' chat.');
    expect((await cli(['reminders', 'run', '--at', '2026-11-09T09:00', '--dry-run'])).stdout).toContain('Skipped: a holiday (Cuti Bersama).');
    expect((await cli(['reminders', 'run', '--at', '2026-11-14', '--dry-run'])).stdout).toContain('Skipped: a weekend.');
  });

  it('sends for real only with a bot token, and then records each nudge once', async () => {
    const noToken = await cli(['reminders', 'run', '--at', '2026-11-10']);
    expect(noToken).toMatchObject({ code: 1, stderr: expect.stringContaining('TELEGRAM_BOT_TOKEN is not set') });
    expect(await cli(['reminders', 'run', '--at', 'next tuesday', '--dry-run'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--at must be') });

    const sent = await cli(['reminders', 'run', '--at', '2026-11-10', '--json'], withTelegram());
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout).nudges.map((n: { agency: string; status: string }) => `${n.agency} ${n.status}`)).toEqual([
      'Dinas Perhubungan sent',
      'Kelurahan Dalam sent',
    ]);
    expect(telegram.callsOf('sendMessage').map((c) => String(c.params.chat_id)).sort()).toEqual(['-1009', '5301']);
    const again = await cli(['reminders', 'run', '--at', '2026-11-10', '--json'], withTelegram());
    expect(JSON.parse(again.stdout).nudges).toEqual([]);
    expect(telegram.callsOf('sendMessage')).toHaveLength(2);
  });
});

describe('warta digest send', () => {
  it('--dry-run prints the digest and where the chart is, and sends nothing', async () => {
    telegram.reset();
    const result = await cli(['digest', 'send', '--at', '2026-11-09', '--dry-run', '--json'], withTelegram());
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.week.label).toBe('2–8 November 2026');
    expect(report.totals).toEqual({ submissions: 1, published: 1, rejected: 0 });
    expect(report.chart.bars).toBe(2);
    expect(report.chart.path).toContain(join(mediaDir, 'digests'));
    expect(report.recipients).toEqual([{ kind: 'editors', chatId: '-1009', status: 'planned' }]);
    expect(telegram.calls).toEqual([]);

    const text = await cli(['digest', 'send', '--at', '2026-11-09', '--dry-run'], withTelegram());
    expect(text.stdout).toContain('Weekly digest for 2–8 November 2026 (dry run: nothing is sent)');
    expect(text.stdout).toContain('• Dinas Perhubungan: 1 / 1 / 0');
    expect(text.stdout).toContain('editors chat -1009: would be sent');
  });
});
