import { createLogger } from '../../src/logging/logger.js';
import { startWarta, type RunningWarta, type StartOptions } from '../../src/main.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram.js';
import { testConfig } from './config.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { deleteQueuePrefix, uniqueQueuePrefix } from './redis.js';

export const webhookSecret = 'test-webhook-secret_123';

export interface TestWarta {
  warta: RunningWarta;
  telegram: FakeTelegram;
  database: TestDatabase;
  baseUrl: string;
  /** POSTs an update to the webhook with the right secret. */
  deliver(update: unknown, secret?: string | null): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Warta as it runs in production — every role in one process, the real
 * telegraf and openai clients — against the fake Bot API, a fresh database and
 * a queue prefix of its own.
 */
export async function startTestWarta(
  env: Record<string, string | undefined> = {},
  options: StartOptions = {},
): Promise<TestWarta> {
  const database = await createTestDatabase();
  const telegram = await startFakeTelegram();
  const prefix = uniqueQueuePrefix('warta');
  const config = testConfig({
    DATABASE_URL: database.url,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: webhookSecret,
    TELEGRAM_BOT_USERNAME: telegram.botUsername,
    ...env,
  });
  const log = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const warta = await startWarta(config, log, { queuePrefix: prefix, skipMigrations: true, ackDebounceMs: 300, ...options });
  const address = warta.server?.address();
  const baseUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  return {
    warta,
    telegram,
    database,
    baseUrl,
    deliver(update, secret = webhookSecret) {
      return fetch(`${baseUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
        body: JSON.stringify(update),
      });
    },
    async close() {
      await warta.stop();
      await telegram.close();
      await database.drop();
      await deleteQueuePrefix(prefix);
    },
  };
}

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function eventually<T>(
  check: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
