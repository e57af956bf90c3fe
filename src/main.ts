// Composition root: reads config, builds adapters, starts the roles, and stops
// them in order. The only place (with the CLI entry) that wires concrete adapters.
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { Router } from 'express';
import { ConfigError, llmConfigured, loadConfig, type Config } from './config/config.js';
import { createLogger, type Logger } from './logging/logger.js';
import { applyMigrations } from './adapters/prisma/migrate.js';
import { createDatabase, pingDatabase, type Database } from './adapters/prisma/client.js';
import { createAgencyStore } from './adapters/prisma/agency-store.js';
import { createEditorStore } from './adapters/prisma/editor-store.js';
import { createAuditLog } from './adapters/prisma/audit-log.js';
import { createIntakeStore } from './adapters/prisma/intake-store.js';
import { createInboundUpdateStore } from './adapters/prisma/inbound-update-store.js';
import { createDraftStore } from './adapters/prisma/draft-store.js';
import { createReviewStore } from './adapters/prisma/review-store.js';
import { createPublicationStore } from './adapters/prisma/publication-store.js';
import { createFileMediaStore } from './adapters/storage/media-store.js';
import { createOpenAIClient, createOpenAIDrafter } from './adapters/openai/openai-drafter.js';
import { createOpenAITranscriber } from './adapters/openai/openai-transcriber.js';
import { createSiteTarget } from './adapters/publish/site-target.js';
import { createTelegramChannelTarget } from './adapters/publish/telegram-channel-target.js';
import { createWordPressTarget } from './adapters/publish/wordpress-target.js';
import { createWebhookTarget } from './adapters/publish/webhook-target.js';
import { createRedisConnection, pingRedis } from './queue/redis.js';
import { createBullJobQueue } from './queue/bullmq-job-queue.js';
import { startBullWorkers, type RunningWorkers } from './queue/bullmq-workers.js';
import { jobRegistry } from './jobs/registry.js';
import type { JobHandlers, JobQueue } from './jobs/job-queue.js';
import { sweepPendingUpdatesJob } from './jobs/intake-jobs.js';
import { createHttpApp, createHttpServer, type HotRoute } from './http/app.js';
import { telegramWebhookHandler } from './http/telegram-webhook.js';
import { publicSiteRouter } from './http/public-site.js';
import { createNewsReader } from './adapters/prisma/news-reader.js';
import { createTelegramMessenger } from '../bots/telegram/telegram-messenger.js';
import { createTelegramMediaFetcher } from '../bots/telegram/telegram-media-fetcher.js';
import { toInboundMessage } from '../bots/telegram/to-inbound-message.js';
import { startLongPolling, type LongPoller } from '../bots/telegram/long-poller.js';
import { configureTelegramBot } from '../bots/telegram/configure-bot.js';
// WhatsApp pieces that never load whatsapp-web.js; the client itself is imported only by the whatsapp role.
import { createWhatsAppMessenger } from '../bots/whatsapp/whatsapp-messenger.js';
import { createWhatsAppMediaFetcher } from '../bots/whatsapp/whatsapp-media-fetcher.js';
import { toInboundMessage as whatsappToInboundMessage } from '../bots/whatsapp/to-inbound-message.js';
import type { WhatsAppClientFactory } from '../bots/whatsapp/client-port.js';
import type { AdminNotifier, WhatsAppRole, WhatsAppTuning } from '../bots/whatsapp/whatsapp-role.js';
import { whatsappRoleJobs } from './jobs/whatsapp-jobs.js';
import { createDailyBudget } from './queue/daily-counter.js';
import { channelsFrom, type Channels } from './pipeline/ports/channels.js';
import type { MediaFetcher } from './pipeline/ports/media-fetcher.js';
import type { ChatMessenger } from './pipeline/ports/messenger.js';
import type { PublishTarget } from './pipeline/ports/publishing.js';
import { systemClock, type Clock } from './pipeline/ports/clock.js';
import type { IntakeDeps } from './pipeline/intake-deps.js';
import type { DraftingDeps } from './pipeline/draft-bundle.js';
import type { ReviewDeps } from './pipeline/review-deps.js';
import type { PublishingDeps } from './pipeline/publishing-deps.js';
import { ingestUpdate } from './pipeline/ingest-update.js';
import { startUpdateDispatcher } from './pipeline/dispatch-updates.js';
import { receiveMessage, type MessageInterceptor } from './pipeline/receive-message.js';
import type { InboundUpdateStore } from './pipeline/ports/intake-store.js';
import { routeEditorMessage } from './pipeline/route-editor-message.js';
import { routeWhatsAppEditorMessage } from './pipeline/route-whatsapp-editor-message.js';
import { receiveAnswer } from './pipeline/receive-answer.js';
import { queuePublications } from './pipeline/queue-publications.js';
import { processUpdateHandler } from './workers/process-update.js';
import { acknowledgeBundleHandler, fetchMediaHandler, submitIdleBundleHandler, sweepPendingUpdatesHandler } from './workers/intake-workers.js';
import { draftBundleHandler } from './workers/drafting-workers.js';
import { sendReviewCardHandler } from './workers/review-workers.js';
import { publishHandler, publishingEditorCommands } from './workers/publishing-workers.js';
import { createReminderStore } from './adapters/prisma/reminder-store.js';
import { createHolidayStore } from './adapters/prisma/holiday-store.js';
import { createDigestStore } from './adapters/prisma/digest-store.js';
import { createPngChartRenderer } from './adapters/charts/png-chart-renderer.js';
import { remindQuietAgenciesJob, sendWeeklyDigestJob } from './jobs/reminder-jobs.js';
import type { ReminderDeps } from './pipeline/reminder-deps.js';
import { nudgeAgencyHandler, remindQuietAgenciesHandler, sendWeeklyDigestHandler } from './workers/reminder-workers.js';

export interface StartOptions {
  /** Key prefix for every BullMQ queue; tests use a unique one per file. */
  queuePrefix?: string;
  /** Skip applying migrations (tests that prepared the database themselves). */
  skipMigrations?: boolean;
  /** The time source; tests travel with their own. */
  clock?: Clock;
  /** How long album items are awaited before the acknowledgement (default 1500 ms). */
  ackDebounceMs?: number;
  /** WhatsApp: quiet time before a burst of images is acknowledged (default 6000 ms). */
  whatsappAckWindowMs?: number;
  /** The whatsapp role's client; tests pass a fake (default: whatsapp-web.js with Chromium). */
  whatsappClientFactory?: WhatsAppClientFactory;
  /** Pacing, retries and backoff of the whatsapp role; tests shorten them. */
  whatsappTuning?: Partial<WhatsAppTuning>;
  /** Where the pairing QR is printed (default stdout). */
  whatsappPrint?: (text: string) => void;
}

export interface RunningWarta {
  config: Config;
  log: Logger;
  db: Database;
  queue: JobQueue;
  /** The HTTP server when the web role runs. */
  server?: Server;
  /** The use cases' dependencies, as wired here (tests drive use cases through them). */
  deps: { intake: IntakeDeps; drafting: DraftingDeps; review: ReviewDeps; publishing: PublishingDeps; reminders: ReminderDeps };
  stop(): Promise<void>;
}

function runsRole(config: Config, role: 'web' | 'worker' | 'whatsapp'): boolean {
  return config.ROLE === 'all' || config.ROLE === role;
}

function publicUrlOf(config: Config): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
}

/** The chat channels this process can use; a channel without configuration is absent. */
export function buildChannels(
  config: Config,
  log: Logger,
  onBlocked: (channel: 'telegram', chatId: string) => Promise<void>,
  whatsapp?: { messenger: ChatMessenger; fetcher: MediaFetcher },
) {
  const entries: Partial<Record<'telegram' | 'whatsapp', { messenger: ChatMessenger; fetcher: MediaFetcher }>> = {};
  if (whatsapp) entries.whatsapp = whatsapp;
  if (config.TELEGRAM_BOT_TOKEN) {
    const telegram = { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT };
    entries.telegram = {
      messenger: createTelegramMessenger({
        ...telegram,
        log: log.child({ component: 'telegram' }),
        // A contributor who blocked the bot is skipped from now on, not retried forever.
        onBlocked: (chatId) => onBlocked('telegram', chatId),
      }),
      fetcher: createTelegramMediaFetcher(telegram),
    };
  }
  return channelsFrom(entries);
}

/** The reminder ladder's and the digest's dependencies; the CLI passes no queue and sends in-process. */
export function buildReminderDeps(
  config: Config,
  db: Database,
  deps: { channels: Channels; queue?: JobQueue; clock: Clock; log: Logger },
): ReminderDeps {
  return {
    reminders: createReminderStore(db),
    holidays: createHolidayStore(db),
    digest: createDigestStore(db),
    charts: createPngChartRenderer({ dir: join(config.MEDIA_DIR, 'digests') }),
    ...deps,
    settings: {
      timeZone: config.TIMEZONE,
      // Agencies nobody can reach are the admins' business; the editors hear of it when there is no admin chat.
      adminChatId: config.TELEGRAM_ADMIN_CHAT_ID ?? config.TELEGRAM_EDITORS_CHAT_ID ?? null,
      editorsChatId: config.TELEGRAM_EDITORS_CHAT_ID ?? null,
      leadershipChatId: config.TELEGRAM_LEADERSHIP_CHAT_ID ?? null,
    },
  };
}

/** The admins' Telegram chat, told about the WhatsApp number (pairing QR, disconnections). */
function whatsappAdminNotifier(config: Config, channels: Channels): AdminNotifier | null {
  const chatId = config.TELEGRAM_ADMIN_CHAT_ID;
  if (!chatId || !channels.has('telegram')) return null;
  const telegram = channels.messenger('telegram');
  return {
    text: async (text) => {
      await telegram.sendText(chatId, text);
    },
    image: async (path, caption) => (await telegram.sendPhotos(chatId, [{ path, caption }]))[0]?.messageId ?? null,
    remove: (messageId) => telegram.deleteMessage(chatId, messageId),
  };
}

/** The built-in site always; the Telegram channel, WordPress and the webhook when configured. */
function buildPublishTargets(config: Config, channels: Channels): Record<string, PublishTarget> {
  const targets: Record<string, PublishTarget> = { site: createSiteTarget() };
  if (config.TELEGRAM_CHANNEL_ID && channels.has('telegram')) {
    targets.telegram_channel = createTelegramChannelTarget({ messenger: channels.messenger('telegram'), channelId: config.TELEGRAM_CHANNEL_ID });
  }
  if (config.WORDPRESS_URL && config.WORDPRESS_USER && config.WORDPRESS_APP_PASSWORD) {
    targets.wordpress = createWordPressTarget({ baseUrl: config.WORDPRESS_URL, user: config.WORDPRESS_USER, appPassword: config.WORDPRESS_APP_PASSWORD });
  }
  if (config.PUBLISH_WEBHOOK_URL && config.PUBLISH_WEBHOOK_SECRET) {
    targets.webhook = createWebhookTarget({ url: config.PUBLISH_WEBHOOK_URL, secret: config.PUBLISH_WEBHOOK_SECRET });
  }
  return targets;
}

/**
 * Sending on WhatsApp from any process: messages are queued for the whatsapp
 * role, reminders counted against the daily cap. Used by the roles and the CLI.
 */
export function whatsappSendChannel(
  config: Config,
  deps: { queue: JobQueue; connection: ReturnType<typeof createRedisConnection>; queuePrefix: string; clock: Clock; log: Logger },
): { messenger: ChatMessenger; fetcher: MediaFetcher } {
  return {
    messenger: createWhatsAppMessenger({
      queue: deps.queue,
      reminderBudget: createDailyBudget({
        connection: deps.connection,
        prefix: deps.queuePrefix,
        name: 'whatsapp-reminders',
        limit: config.WHATSAPP_REMINDER_DAILY_CAP,
        timeZone: config.TIMEZONE,
        now: () => deps.clock.now(),
      }),
      log: deps.log.child({ component: 'whatsapp' }),
    }),
    fetcher: createWhatsAppMediaFetcher({ mediaDir: config.MEDIA_DIR }),
  };
}

/** Every job's handler: the workers refuse to start if one is missing. */
function jobHandlers(deps: {
  updates: InboundUpdateStore;
  interceptors: MessageInterceptor[];
  intake: IntakeDeps;
  drafting: DraftingDeps;
  review: ReviewDeps;
  publishing: PublishingDeps;
  reminders: ReminderDeps;
}): JobHandlers {
  return {
    'process-update': processUpdateHandler({
      updates: deps.updates,
      parsers: {
        telegram: (payload) => toInboundMessage(payload as Parameters<typeof toInboundMessage>[0]),
        whatsapp: whatsappToInboundMessage,
      },
      receive: (message) => receiveMessage(deps.intake, message, deps.interceptors),
    }),
    'fetch-media': fetchMediaHandler(deps.intake),
    'acknowledge-bundle': acknowledgeBundleHandler(deps.intake),
    'submit-idle-bundle': submitIdleBundleHandler(deps.intake),
    'sweep-pending-updates': sweepPendingUpdatesHandler(deps.intake),
    'draft-bundle': draftBundleHandler(deps.drafting),
    'send-review-card': sendReviewCardHandler(deps.review),
    'publish-site': publishHandler(deps.publishing),
    'publish-telegram-channel': publishHandler(deps.publishing),
    'publish-wordpress': publishHandler(deps.publishing),
    'publish-webhook': publishHandler(deps.publishing),
    'remind-quiet-agencies': remindQuietAgenciesHandler(deps.reminders),
    'nudge-agency': nudgeAgencyHandler(deps.reminders),
    'send-weekly-digest': sendWeeklyDigestHandler(deps.reminders),
  };
}

/** The recurring jobs; upserting them again (another worker, a restart) changes nothing. */
async function scheduleRecurringJobs(queue: JobQueue, config: Config, log: Logger): Promise<void> {
  await queue.schedule(sweepPendingUpdatesJob, {}, { everyMs: 60_000 }).catch((error: unknown) => {
    log.warn({ err: error }, 'could not schedule the pending-update sweeper (Redis down?)');
  });
  // Quiet-agency check on weekday mornings (holidays are skipped inside), the digest on Monday 08:00.
  const inOffice = { timeZone: config.TIMEZONE };
  await queue.schedule(remindQuietAgenciesJob, {}, { pattern: `0 ${config.REMINDER_HOUR} * * 1-5`, ...inOffice }).catch((error: unknown) => {
    log.warn({ err: error }, 'could not schedule the quiet-agency reminders (Redis down?)');
  });
  await queue.schedule(sendWeeklyDigestJob, {}, { pattern: '0 8 * * 1', ...inOffice }).catch((error: unknown) => {
    log.warn({ err: error }, 'could not schedule the weekly digest (Redis down?)');
  });
}

/** The web role: health checks, the Telegram webhook (when a secret is set), the public site. */
async function startHttpServer(deps: {
  config: Config;
  db: Database;
  log: Logger;
  ingestTelegram: ((updateId: string, payload: unknown, json?: string) => Promise<'new' | 'duplicate'>) | null;
}): Promise<Server> {
  const { config, db, log } = deps;
  const hotRoutes: HotRoute[] = [];
  // The busiest route, served ahead of express's routing and middleware.
  if (deps.ingestTelegram && config.TELEGRAM_WEBHOOK_SECRET) {
    const handle = telegramWebhookHandler({ secret: config.TELEGRAM_WEBHOOK_SECRET, ingest: deps.ingestTelegram, log: log.child({ component: 'webhook' }) });
    hotRoutes.push({ method: 'POST', path: '/telegram/webhook', handle });
  }
  const routers: Router[] = [
    publicSiteRouter({
      news: createNewsReader(db, { mediaDir: config.MEDIA_DIR, publicUrl: publicUrlOf(config) }),
      timeZone: config.TIMEZONE,
      publicUrl: publicUrlOf(config),
    }),
  ];
  const app = createHttpApp({
    log,
    readiness: [
      { name: 'database', check: () => pingDatabase(db) },
      { name: 'redis', check: () => pingRedis(config.REDIS_URL) },
    ],
    routers,
  });
  const server = createHttpServer(app, hotRoutes);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  log.info({ port: typeof address === 'object' && address ? address.port : config.PORT }, 'http server listening');
  return server;
}

export async function startWarta(config: Config, log: Logger, options: StartOptions = {}): Promise<RunningWarta> {
  const queuePrefix = options.queuePrefix ?? 'warta';
  const clock = options.clock ?? systemClock;
  log.info({ role: config.ROLE, telegram: Boolean(config.TELEGRAM_BOT_TOKEN), whatsapp: config.WHATSAPP_ENABLED, llm: llmConfigured(config) }, 'starting Warta');

  // Data folders are created at start when missing.
  await mkdir(config.MEDIA_DIR, { recursive: true });
  if (config.WHATSAPP_ENABLED && runsRole(config, 'whatsapp')) await mkdir(config.WHATSAPP_SESSION_DIR, { recursive: true });

  if (!options.skipMigrations) {
    const started = Date.now();
    await applyMigrations({ databaseUrl: config.DATABASE_URL, log });
    log.info({ ms: Date.now() - started }, 'database migrations applied');
  }

  const db = createDatabase(config.DATABASE_URL);
  const producerConnection = createRedisConnection(config.REDIS_URL, 'producer');
  producerConnection.on('error', (error) => log.warn({ err: error }, 'redis connection error'));
  const workerConnection = createRedisConnection(config.REDIS_URL, 'worker');
  workerConnection.on('error', (error) => log.warn({ err: error }, 'redis worker connection error'));
  const queue = createBullJobQueue({ connection: producerConnection, prefix: queuePrefix, log });

  // Stores and outside services.
  const intake = createIntakeStore(db);
  const updates = createInboundUpdateStore(db);
  const drafts = createDraftStore(db);
  const reviews = createReviewStore(db);
  const publications = createPublicationStore(db, { mediaDir: config.MEDIA_DIR, publicUrl: publicUrlOf(config) });
  const media = createFileMediaStore({ mediaDir: config.MEDIA_DIR });
  // Every process with WhatsApp enabled can send through it: sends are queued for the whatsapp role.
  const whatsappChannel = config.WHATSAPP_ENABLED
    ? whatsappSendChannel(config, { queue, connection: producerConnection, queuePrefix, clock, log })
    : undefined;
  const channels = buildChannels(config, log, (channel, chatId) => intake.markContributorUnreachable(channel, chatId), whatsappChannel);
  const llmClient = llmConfigured(config)
    ? createOpenAIClient({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL }, log)
    : null;
  const targets = buildPublishTargets(config, channels);

  // Use-case dependencies, one object per side of the newsroom.
  const intakeDeps: IntakeDeps = {
    intake,
    updates,
    agencies: createAgencyStore(db),
    editors: createEditorStore(db),
    audit: createAuditLog(db),
    queue,
    channels,
    media,
    clock,
    settings: {
      bundleIdleSeconds: config.BUNDLE_IDLE_SECONDS,
      timeZone: config.TIMEZONE,
      ackDebounceMs: options.ackDebounceMs ?? 1_500,
      ackDebounceMsByChannel: { whatsapp: options.whatsappAckWindowMs ?? 6_000 },
      maxMediaBytes: 20 * 1024 * 1024,
    },
    log,
  };
  const draftingDeps: DraftingDeps = {
    drafts,
    drafter: llmClient ? createOpenAIDrafter({ client: llmClient, model: config.LLM_MODEL, log }) : null,
    transcriber: llmClient ? createOpenAITranscriber({ client: llmClient, model: config.TRANSCRIBE_MODEL }) : null,
    media,
    queue,
    channels,
    clock,
    timeZone: config.TIMEZONE,
    log,
  };
  const publishingDeps: PublishingDeps = {
    publications,
    reviews,
    targets,
    queue,
    channels,
    clock,
    settings: { timeZone: config.TIMEZONE, editorsChatId: config.TELEGRAM_EDITORS_CHAT_ID ?? null, publicUrl: publicUrlOf(config) },
    log,
  };
  const reviewDeps: ReviewDeps = {
    reviews,
    drafts,
    intake,
    queue,
    channels,
    media,
    clock,
    settings: { timeZone: config.TIMEZONE, editorsChatId: config.TELEGRAM_EDITORS_CHAT_ID ?? null },
    publishApproved: (bundleId) => queuePublications(publishingDeps, bundleId),
    log,
  };
  const reminderDeps = buildReminderDeps(config, db, { channels, queue, clock, log });

  const interceptors = [
    routeEditorMessage(reviewDeps, publishingEditorCommands(publishingDeps, reviews)),
    routeWhatsAppEditorMessage(reviewDeps),
    receiveAnswer(reviewDeps),
  ];
  const handlers = jobHandlers({ updates, interceptors, intake: intakeDeps, drafting: draftingDeps, review: reviewDeps, publishing: publishingDeps, reminders: reminderDeps });
  // The worker role hands stored updates to the queue; a web role in the same process nudges it.
  const dispatcher = runsRole(config, 'worker') ? startUpdateDispatcher({ updates, queue, log }) : undefined;
  const ingest = (channel: 'telegram' | 'whatsapp') => (updateId: string, payload: unknown, json?: string) =>
    ingestUpdate({ updates, onStored: dispatcher?.nudge }, channel, updateId, payload, json);

  let workers: RunningWorkers | undefined;
  if (runsRole(config, 'worker')) {
    workers = startBullWorkers({ registry: jobRegistry, handlers, connection: workerConnection, prefix: queuePrefix, log });
    log.info({ jobs: jobRegistry.map((j) => j.name) }, 'workers running');
    await scheduleRecurringJobs(queue, config, log);
  }

  const telegramConfig = config.TELEGRAM_BOT_TOKEN ? { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT } : null;
  const server = runsRole(config, 'web')
    ? await startHttpServer({ config, db, log, ingestTelegram: telegramConfig && config.TELEGRAM_WEBHOOK_SECRET ? ingest('telegram') : null })
    : undefined;

  let poller: LongPoller | undefined;
  if (telegramConfig && runsRole(config, 'web')) {
    const webhook =
      config.TELEGRAM_WEBHOOK_SECRET && config.PUBLIC_URL
        ? { url: new URL('/telegram/webhook', config.PUBLIC_URL).href, secret: config.TELEGRAM_WEBHOOK_SECRET }
        : undefined;
    await configureTelegramBot({ ...telegramConfig, log, webhook });
    if (!config.TELEGRAM_WEBHOOK_SECRET) {
      poller = startLongPolling({ ...telegramConfig, log: log.child({ component: 'telegram-poller' }), ingest: ingest('telegram') });
      log.info('telegram long polling started');
    } else if (!webhook) {
      log.warn('TELEGRAM_WEBHOOK_SECRET is set but PUBLIC_URL is not: register the webhook yourself');
    }
  }

  // The whatsapp role: one process per number owns the client (Chromium) and
  // is the only consumer of the whatsapp-outbound queue.
  let whatsapp: WhatsAppRole | undefined;
  let whatsappWorkers: RunningWorkers | undefined;
  if (runsRole(config, 'whatsapp') && config.WHATSAPP_ENABLED) {
    const { startWhatsAppRole } = await import('../bots/whatsapp/whatsapp-role.js');
    const createClient =
      options.whatsappClientFactory ??
      (await import('../bots/whatsapp/web-client.js')).createWebClientFactory({
        sessionDir: config.WHATSAPP_SESSION_DIR,
        chromiumPath: config.CHROMIUM_PATH,
        webVersion: config.WHATSAPP_WEB_VERSION,
      });
    const gapMs = config.WHATSAPP_SEND_GAP_SECONDS * 1000;
    whatsapp = startWhatsAppRole({
      createClient,
      ingest: (updateId, payload) => ingest('whatsapp')(updateId, payload),
      isKnownUpdate: async (updateId) => (await updates.get('whatsapp', updateId)) !== null,
      admin: whatsappAdminNotifier(config, channels),
      mediaDir: config.MEDIA_DIR,
      sessionDir: config.WHATSAPP_SESSION_DIR,
      maxMediaBytes: intakeDeps.settings.maxMediaBytes,
      log,
      tuning: { otherChatGapMs: gapMs, sameChatGapMs: Math.min(2_000, gapMs), ...options.whatsappTuning },
      print: options.whatsappPrint,
    });
    whatsappWorkers = startBullWorkers({
      registry: whatsappRoleJobs,
      handlers: { 'whatsapp-outbound': whatsapp.outboundHandler },
      connection: workerConnection,
      prefix: queuePrefix,
      log,
    });
    log.info('whatsapp role running');
  } else if (config.ROLE === 'whatsapp') {
    log.warn('ROLE=whatsapp but WHATSAPP_ENABLED is not true: no WhatsApp client runs');
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info('stopping: closing intake');
      whatsapp?.stopIntake();
      await poller?.stop();
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeIdleConnections();
        // Keep-alive clients get a moment to finish their request, then are cut.
        const cut = setTimeout(() => server!.closeAllConnections(), 2_000);
        await closing;
        clearTimeout(cut);
      }
      await dispatcher?.stop();
      log.info('stopping: draining workers');
      await workers?.close();
      await whatsappWorkers?.close();
      await whatsapp?.stop();
      log.info('stopping: closing queues');
      await queue.close();
      producerConnection.disconnect();
      workerConnection.disconnect();
      log.info('stopping: disconnecting database');
      await db.$disconnect();
      log.info('stopped');
    })();
    return stopping;
  };

  return { config, log, db, queue, server, deps: { intake: intakeDeps, drafting: draftingDeps, review: reviewDeps, publishing: publishingDeps, reminders: reminderDeps }, stop };
}

async function runFromCommandLine(): Promise<void> {
  // Like Prisma's config, read .env when there is one (no dotenv needed on Node 20).
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Warta cannot start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger({ level: config.LOG_LEVEL });
  let warta: RunningWarta;
  try {
    warta = await startWarta(config, log);
  } catch (error) {
    log.fatal({ err: error }, 'Warta failed to start');
    process.stderr.write(`Warta failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  let stopRequestedAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopRequestedAt === undefined) {
      stopRequestedAt = Date.now();
      log.info({ signal }, 'shutdown requested');
      warta.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'error during shutdown');
          process.exit(1);
        },
      );
      return;
    }
    // Ctrl-C or a kill of the process group reaches us directly and again through
    // npm, which forwards it: the same request twice within a moment, not a second one.
    if (Date.now() - stopRequestedAt < 1_000) return;
    log.warn({ signal }, 'second signal: exiting without finishing the shutdown');
    process.exit(1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFromCommandLine();
}
