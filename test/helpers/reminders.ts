// Seeding and wiring for the reminder and digest tests: the real stores on a
// test database, the real Telegram messenger against the fake Bot API, and a
// clock the test moves.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTelegramMessenger } from '../../bots/telegram/telegram-messenger.js';
import { createTelegramMediaFetcher } from '../../bots/telegram/telegram-media-fetcher.js';
import { createSendScheduler } from '../../bots/telegram/rate-limiter.js';
import { createPngChartRenderer } from '../../src/adapters/charts/png-chart-renderer.js';
import type { Database } from '../../src/adapters/prisma/client.js';
import { createDigestStore } from '../../src/adapters/prisma/digest-store.js';
import { createHolidayStore } from '../../src/adapters/prisma/holiday-store.js';
import { createIntakeStore } from '../../src/adapters/prisma/intake-store.js';
import { createReminderStore } from '../../src/adapters/prisma/reminder-store.js';
import type { JobQueue } from '../../src/jobs/job-queue.js';
import { createLogger } from '../../src/logging/logger.js';
import { channelsFrom } from '../../src/pipeline/ports/channels.js';
import type { ReminderDeps } from '../../src/pipeline/reminder-deps.js';
import type { FakeTelegram } from '../fakes/fake-telegram.js';

export const timeZone = 'Asia/Makassar';

/** A moment given in WITA (UTC+8), e.g. wita('2026-11-10 09:00'). */
export function wita(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}

export interface TestClock {
  now(): Date;
  set(at: Date): void;
}

export function testClock(start: Date): TestClock {
  let current = start;
  return { now: () => current, set: (at) => (current = at) };
}

export const chats = { admins: '-1001000000001', editors: '-1001000000002', leadership: '-1001000000003' };

/** Reminder dependencies as the worker wires them, on `db`, sending through the fake Bot API. */
export function reminderDepsFor(
  db: Database,
  telegram: FakeTelegram,
  options: { clock: TestClock; queue?: JobQueue; settings?: Partial<ReminderDeps['settings']>; mediaDir?: string },
): ReminderDeps {
  const log = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const intake = createIntakeStore(db);
  const api = { token: telegram.token, apiRoot: telegram.apiRoot };
  const messenger = createTelegramMessenger({
    ...api,
    log,
    // No waiting between sends to one chat: the tests look at what was sent, not when.
    scheduler: createSendScheduler({ perChatIntervalMs: 0, groupPerMinute: 100_000, globalPerSecond: 100_000 }),
    retryBaseDelayMs: 10,
    onBlocked: (chatId) => intake.markContributorUnreachable('telegram', chatId),
  });
  return {
    reminders: createReminderStore(db),
    holidays: createHolidayStore(db),
    digest: createDigestStore(db),
    charts: createPngChartRenderer({ dir: join(options.mediaDir ?? mkdtempSync(join(tmpdir(), 'warta-digest-')), 'digests') }),
    channels: channelsFrom({ telegram: { messenger, fetcher: createTelegramMediaFetcher(api) } }),
    queue: options.queue,
    clock: options.clock,
    settings: {
      timeZone,
      adminChatId: chats.admins,
      editorsChatId: chats.editors,
      leadershipChatId: null,
      ...options.settings,
    },
    log,
  };
}

export async function seedAgency(
  db: Database,
  input: { name: string; createdAt: Date; quietDays?: number; contactName?: string; contactTelegramId?: string; contactPhone?: string },
): Promise<number> {
  const code = randomBytes(4).toString('hex').toUpperCase();
  const agency = await db.agency.create({
    data: {
      name: input.name,
      slug: `${input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${code.toLowerCase()}`,
      inviteCode: code,
      quietDays: input.quietDays ?? 7,
      contactName: input.contactName ?? null,
      contactTelegramId: input.contactTelegramId ?? null,
      contactPhone: input.contactPhone ?? null,
      createdAt: input.createdAt,
    },
  });
  return agency.id;
}

export async function seedContributor(
  db: Database,
  input: { agencyId: number; name: string; chatId?: string; channel?: 'telegram' | 'whatsapp'; status?: 'active' | 'unreachable' | 'disabled'; createdAt?: Date },
): Promise<number> {
  const contributor = await db.contributor.create({
    data: {
      agencyId: input.agencyId,
      name: input.name,
      status: input.status ?? 'active',
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
      identities: input.chatId
        ? { create: { channel: input.channel ?? 'telegram', externalId: input.chatId, chatId: input.chatId } }
        : undefined,
    },
  });
  return contributor.id;
}

/** A submitted bundle (optionally published or rejected) at the given moments. */
export async function seedSubmission(
  db: Database,
  input: { agencyId: number; contributorId: number; submittedAt: Date; publishedAt?: Date; rejectedAt?: Date; editorId?: number },
): Promise<number> {
  const status = input.publishedAt ? 'published' : input.rejectedAt ? 'rejected' : 'in_review';
  const bundle = await db.bundle.create({
    data: {
      agencyId: input.agencyId,
      contributorId: input.contributorId,
      channel: 'telegram',
      chatId: `chat-${input.contributorId}`,
      status,
      createdAt: input.submittedAt,
      lastActivityAt: input.submittedAt,
      submittedAt: input.submittedAt,
      publishedAt: input.publishedAt ?? null,
    },
  });
  if (input.rejectedAt) {
    const draft = await db.draft.create({ data: { bundleId: bundle.id, version: 1, kind: 'offline', content: {} } });
    await db.decision.create({
      data: { bundleId: bundle.id, draftId: draft.id, editorId: input.editorId!, action: 'reject', reason: 'duplikat', createdAt: input.rejectedAt },
    });
  }
  return bundle.id;
}
