import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;
let telegram: FakeTelegram;

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { DATABASE_URL: database.url, ...env }, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

beforeAll(async () => {
  database = await createTestDatabase();
  telegram = await startFakeTelegram({ botUsername: 'warta_ksb_bot' });
});

afterAll(async () => {
  await database?.drop();
  await telegram?.close();
});

describe('warta agency', () => {
  it('adds an agency and prints its invite code and deep link as JSON', async () => {
    const result = await cli(['agency', 'add', '--name', 'Dinas Kesehatan', '--json'], { TELEGRAM_BOT_USERNAME: 'warta_ksb_bot' });
    expect(result.code).toBe(0);
    const agency = JSON.parse(result.stdout);
    expect(agency.id).toBeGreaterThan(0);
    expect(agency.inviteCode).toMatch(/^[2-9A-HJ-KM-NP-Z]{6}$/);
    expect(agency.telegramLink).toBe(`https://t.me/warta_ksb_bot?start=${agency.inviteCode}`);
    expect(agency.quietDays).toBe(7);
  });

  it('asks the Bot API for the username when only the token is known', async () => {
    const result = await cli(['agency', 'add', '--name', 'Dinas Pertanian', '--quiet-days', '14', '--json'], {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    expect(result.code).toBe(0);
    const agency = JSON.parse(result.stdout);
    expect(agency.telegramLink).toBe(`https://t.me/warta_ksb_bot?start=${agency.inviteCode}`);
    expect(agency.quietDays).toBe(14);
  });

  it('refuses the same name twice with a clear message', async () => {
    const result = await cli(['agency', 'add', '--name', 'dinas kesehatan']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already exists');
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('refuses bad input with usage and a non-zero code', async () => {
    expect((await cli(['agency', 'add'])).code).toBe(2);
    expect((await cli(['agency', 'add', '--name', 'X', '--quiet-days', 'abc'])).code).toBe(1);
    expect((await cli(['agency', 'add', '--name', 'Y', '--bogus'])).code).toBe(2);
    expect((await cli(['nonsense'])).code).toBe(2);
  });

  it('lists agencies', async () => {
    const result = await cli(['agency', 'list', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).map((a: { name: string }) => a.name)).toEqual(['Dinas Kesehatan', 'Dinas Pertanian']);
  });
});

describe('warta editor and contributor', () => {
  it('adds, lists and removes editors', async () => {
    const added = await cli(['editor', 'add', '--telegram', '123', '--name', 'Rina', '--json']);
    expect(added.code).toBe(0);
    const editor = JSON.parse(added.stdout);
    expect(editor).toMatchObject({ telegramUserId: '123', name: 'Rina', active: true, created: true });

    const whatsapp = await cli(['editor', 'add', '--whatsapp', '0812 3456 7890', '--json']);
    expect(JSON.parse(whatsapp.stdout).whatsappPhone).toBe('+6281234567890');
    expect(whatsapp.stdout).toContain('+6281234567890'); // the admin asked for JSON: the number is theirs to see

    const list = await cli(['editor', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toHaveLength(2);
    const human = await cli(['editor', 'list']);
    expect(human.stdout).not.toContain('81234567890'); // masked for people reading over a shoulder

    expect((await cli(['editor', 'remove', String(editor.id)])).code).toBe(0);
    expect(JSON.parse((await cli(['editor', 'list', '--json'])).stdout)).toHaveLength(1);
    expect((await cli(['editor', 'add', '--telegram', '@rina'])).code).toBe(1);
    expect((await cli(['editor', 'remove', '999'])).code).toBe(1);
  });

  it('lists contributors', async () => {
    const result = await cli(['contributor', 'list', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it('names the variable when the configuration is bad', async () => {
    const result = await cli(['agency', 'list'], { PORT: 'abc' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT');
  });
});
