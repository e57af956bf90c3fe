import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testServerUrl, withAdminClient } from '../helpers/database.js';
import { eventually } from '../helpers/warta.js';
import { deleteQueuePrefix } from '../helpers/redis.js';
import { startFakeTelegram, textUpdate } from '../fakes/fake-telegram.js';

// These start the real `npm start`, as a newcomer would, on a database that does not exist yet.
const root = join(import.meta.dirname, '../..');
const started: Array<{ child: ChildProcess; database: string }> = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function npmStart(env: Record<string, string>) {
  const output: string[] = [];
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', MEDIA_DIR: join(mkdtempSync(join(tmpdir(), 'warta-start-')), 'media'), ...env },
    detached: true, // its own process group, so stopping it stops npm, tsx and node
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

async function stop(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
  return exited;
}

afterAll(async () => {
  for (const { child, database } of started) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  }
  await deleteQueuePrefix('warta');
});

describe('npm start', () => {
  it('creates the database, applies migrations and answers /healthz and /readyz, then stops cleanly', async () => {
    const database = `warta_start_${Date.now()}`;
    const port = await freePort();
    const app = npmStart({ DATABASE_URL: `${testServerUrl}/${database}`, PORT: String(port) });
    started.push({ child: app.child, database });
    const health = await eventually(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => (r.ok ? r : undefined)), 'healthz', 60_000);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await eventually(() => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => (r.ok ? r : undefined)), 'readyz', 30_000);
    expect((await ready.json()).checks).toEqual({ database: 'ok', redis: 'ok' });
    const tables = await withAdminClient(async () => {
      const { Client } = (await import('pg')).default;
      const client = new Client({ connectionString: `${testServerUrl}/${database}` });
      await client.connect();
      const result = await client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('agencies','bundles','drafts','publications')");
      await client.end();
      return result.rows[0].n as number;
    });
    expect(tables).toBe(4);
    const notFound = await fetch(`http://127.0.0.1:${port}/no-such-page/../x`);
    expect(notFound.status).toBe(404);
    expect(await notFound.text()).not.toContain('at ');

    // The whole process group is signalled, as Ctrl-C does: Warta gets the signal
    // directly and again through npm, and still shuts down in order.
    await stop(app.child, app.exited);
    await eventually(() => app.output.join('').includes('"msg":"stopped"'), 'orderly shutdown', 15_000).catch((error: Error) => {
      throw new Error(`${error.message}\n--- npm start printed ---\n${app.output.join('').slice(-4_000)}`);
    });
    expect(app.output.join('')).not.toContain('second signal');
    const log = app.output.join('');
    const order = ['stopping: closing intake', 'stopping: draining workers', 'stopping: closing queues', 'stopping: disconnecting database'].map((m) => log.indexOf(m));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('keeps running with Redis unreachable, says so on /readyz, and still stores webhook updates', async () => {
    const database = `warta_start_noredis_${Date.now()}`;
    const port = await freePort();
    const closedPort = await freePort();
    const telegram = await startFakeTelegram();
    const app = npmStart({
      DATABASE_URL: `${testServerUrl}/${database}`,
      PORT: String(port),
      REDIS_URL: `redis://127.0.0.1:${closedPort}`,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: 'e2e-secret',
    });
    started.push({ child: app.child, database });
    await eventually(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok), 'healthz', 60_000);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    const body = await ready.json();
    expect(body.failed).toEqual(['redis']);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(app.child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    // Redis is not in a webhook's way: the update is stored and acknowledged.
    const update = textUpdate({ fromId: 77, text: 'Catatan saat Redis mati' });
    const answer = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'e2e-secret' },
      body: JSON.stringify(update),
    });
    expect(answer.status).toBe(200);
    const stored = await withAdminClient(async () => {
      const { Client } = (await import('pg')).default;
      const client = new Client({ connectionString: `${testServerUrl}/${database}` });
      await client.connect();
      const result = await client.query('SELECT count(*)::int AS n FROM inbound_updates WHERE update_id = $1', [String(update.update_id)]);
      await client.end();
      return result.rows[0].n as number;
    });
    expect(stored).toBe(1);
    await stop(app.child, app.exited);
    await telegram.close();
  });

  it('refuses to start with PORT=abc and names PORT', async () => {
    const app = npmStart({ PORT: 'abc' });
    const code = await app.exited;
    expect(code).not.toBe(0);
    const log = app.output.join('');
    expect(log).toContain('PORT');
    expect(log).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  });
});
