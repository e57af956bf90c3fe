// Intake benchmark: how fast the Telegram webhook acknowledges updates while
// doing its real work (check the secret, store the update, dedupe, enqueue),
// next to a bare express 5 "hello world" on the same machine in the same run.
//
//   npm run bench -- intake          (or: npx tsx bench/intake.ts)
//
// Warta runs with ROLE=web plus the update dispatcher that hands stored updates
// to the job queue (store, dedupe, enqueue); the workers that then process the
// updates would be another process and are not measured here.
// The load comes from bench/load.ts in a child process, never from the
// server's own event loop.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';

const run = promisify(execFile);
const loadScript = fileURLToPath(new URL('./load.ts', import.meta.url));
import { createLogger } from '../src/logging/logger.js';
import { startWarta } from '../src/main.js';
import { startUpdateDispatcher } from '../src/pipeline/dispatch-updates.js';
import { startFakeTelegram } from '../test/fakes/fake-telegram.js';
import { testConfig } from '../test/helpers/config.js';
import { createTestDatabase } from '../test/helpers/database.js';
import globalSetup from '../test/helpers/global-setup.js';
import { deleteQueuePrefix } from '../test/helpers/redis.js';

const secret = 'bench-secret';
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 8);
const concurrencies = [10, 50, 100];

interface Figures {
  concurrency: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

let firstUpdateId = Date.now() * 10;

/** Runs the load generator in a child process and reads its figures. */
async function measure(url: string, concurrency: number, options: { webhook: boolean; overallRate?: number }): Promise<Figures> {
  firstUpdateId += 10_000_000; // every run sends new update ids, so nothing is a duplicate
  const args = JSON.stringify({ url, connections: concurrency, duration: durationSeconds, secret, firstUpdateId, ...options });
  const { stdout } = await run(process.execPath, ['--import', 'tsx', loadScript, args]);
  const figures = JSON.parse(stdout.trim().split('\n').at(-1)!) as { rps: number; p50: number; p99: number; errors: number };
  return { concurrency, rps: figures.rps, p50: figures.p50, p99: figures.p99, non2xx: figures.errors };
}

/** Waits until every stored update has been handed to the job queue; returns how long that took. */
async function dispatcherCaughtUp(db: { inboundUpdate: { count(args?: object): Promise<number> } }): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if ((await db.inboundUpdate.count({ where: { queuedAt: null } })) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

async function main(): Promise<void> {
  // Outside vitest there is no global setup: build the migrated template the same way.
  await globalSetup();
  const database = await createTestDatabase();
  const telegram = await startFakeTelegram();
  const prefix = `warta-bench-${randomBytes(3).toString('hex')}`;
  const config = testConfig({
    DATABASE_URL: database.url,
    ROLE: 'web',
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: secret,
    TELEGRAM_BOT_USERNAME: telegram.botUsername,
  });
  const warta = await startWarta(config, createLogger({ level: 'silent' }), { queuePrefix: prefix, skipMigrations: true });
  const dispatcher = startUpdateDispatcher({ updates: warta.deps.intake.updates, queue: warta.queue, log: warta.log });
  const wartaUrl = `http://127.0.0.1:${(warta.server!.address() as { port: number }).port}/telegram/webhook`;

  const bare = express();
  bare.get('/', (_req, res) => {
    res.send('hello world');
  });
  const hello = await listen(bare);

  try {
    // Warm both up so the JIT and the connection pools are ready.
    await measure(hello.url, 10, { webhook: false });
    await measure(wartaUrl, 10, { webhook: true });
    await dispatcherCaughtUp(warta.db);
    const steadyFirst = await measure(wartaUrl, 20, { webhook: true, overallRate: 200 });

    const rows: Array<{ concurrency: number; bare: Figures; webhook: Figures }> = [];
    for (const concurrency of concurrencies) {
      const bareFigures = await measure(hello.url, concurrency, { webhook: false });
      const webhookFigures = await measure(wartaUrl, concurrency, { webhook: true });
      rows.push({ concurrency, bare: bareFigures, webhook: webhookFigures });
    }
    // Steady state means no backlog: the saturation runs above leave updates for the dispatcher to hand over.
    const caughtUpInMs = await dispatcherCaughtUp(warta.db);
    const at200 = await measure(wartaUrl, 20, { webhook: true, overallRate: 200 });
    await dispatcherCaughtUp(warta.db);
    const stored = await warta.db.inboundUpdate.count();
    const queued = await warta.db.inboundUpdate.count({ where: { queuedAt: { not: null } } });

    console.log(`\nIntake webhook vs bare express 5 (${durationSeconds} s per run; updates stored, deduplicated and queued)`);
    console.log('connections | bare req/s | webhook updates/s | ratio | webhook p50 ms | webhook p99 ms | errors');
    for (const row of rows) {
      const ratio = (row.webhook.rps / row.bare.rps).toFixed(2);
      console.log(
        `${String(row.concurrency).padStart(11)} | ${String(row.bare.rps).padStart(10)} | ${String(row.webhook.rps).padStart(17)} | ${ratio.padStart(5)} | ${String(row.webhook.p50).padStart(14)} | ${String(row.webhook.p99).padStart(14)} | ${row.webhook.non2xx}`,
      );
    }
    console.log(`\nThe dispatcher finished handing over the saturation runs' updates ${(caughtUpInMs / 1000).toFixed(1)} s after the last one.`);
    for (const [when, steady] of [['before the saturation runs', steadyFirst], ['after them', at200]] as const) {
      console.log(`At a steady 200 updates/s, ${when}: p50 ${steady.p50} ms, p99 ${steady.p99} ms (target p99 < 50 ms), ${steady.rps} updates/s, errors ${steady.non2xx}`);
    }
    const best = rows.reduce((a, b) => (b.webhook.rps / b.bare.rps > a.webhook.rps / a.bare.rps ? b : a));
    console.log(`Best webhook/bare ratio: ${(best.webhook.rps / best.bare.rps).toFixed(2)} at ${best.concurrency} connections (target >= 0.50)`);
    console.log(`Updates stored: ${stored}, handed to the job queue: ${queued}`);
  } finally {
    hello.server.close();
    await dispatcher.stop();
    await warta.stop();
    await telegram.close();
    await database.drop();
    await deleteQueuePrefix(prefix);
  }
}

await main();
