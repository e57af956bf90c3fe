// The whatsapp role: owns the one WhatsApp client of this number, keeps it
// connected (QR pairing, reconnect with backoff, telling the admins), turns
// every incoming message into a stored update (media downloaded at once), and
// sends what workers queued on `whatsapp-outbound` at a human pace.
//
// It does not import whatsapp-web.js: the client comes from a factory
// (web-client.ts in production, a fake in tests).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import QRCode from 'qrcode';
import { AppError } from '../../src/domain/errors.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import type { whatsappOutboundJob } from '../../src/jobs/whatsapp-jobs.js';
import type { Logger } from '../../src/logging/logger.js';
import { durationText, whatsappAdminMessages } from '../../src/messages/whatsapp-id.js';
import type { WhatsAppClientFactory, WhatsAppClientKit, WhatsAppMessageLike } from './client-port.js';
import { createPacer, type Pacer } from './pacer.js';
import { updateIdOf, type WhatsAppUpdate } from './payload.js';
import { pruneSpool, spoolDir, spoolName, writeSpool } from './spool.js';

/** Where the role tells the admins about the number (their Telegram chat). */
export interface AdminNotifier {
  text(text: string): Promise<void>;
  /** Sends an image; returns its message id so a stale QR can be removed. */
  image(path: string, caption: string): Promise<string | null>;
  remove(messageId: string): Promise<void>;
}

export interface WhatsAppTuning {
  /** Pause before a message to another chat than the last one (jittered ±25%). */
  otherChatGapMs: number;
  /** Pause between messages to the same chat. */
  sameChatGapMs: number;
  downloadAttempts: number;
  /** Wait after a failed download; grows linearly with the attempt. */
  downloadRetryDelayMs: number;
  downloadTimeoutMs: number;
  /** First reconnect delay; doubles per failure up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A connection up this long counts as stable: the next failure starts the backoff afresh. */
  stableAfterMs: number;
  /** Chromium start plus loading WhatsApp Web; longer counts as a failed start. */
  initializeTimeoutMs: number;
  /** How long an outbound job waits for a connected client before it is retried later. */
  readyWaitMs: number;
  /** Spool files older than this are removed (media of unregistered senders, leftovers). */
  spoolMaxAgeMs: number;
}

export const defaultWhatsAppTuning: WhatsAppTuning = {
  otherChatGapMs: 8_000,
  sameChatGapMs: 2_000,
  downloadAttempts: 3,
  downloadRetryDelayMs: 2_000,
  downloadTimeoutMs: 60_000,
  backoffBaseMs: 5_000,
  backoffMaxMs: 15 * 60_000,
  stableAfterMs: 10 * 60_000,
  initializeTimeoutMs: 180_000,
  readyWaitMs: 20_000,
  spoolMaxAgeMs: 3 * 24 * 3600_000,
};

export interface WhatsAppRoleDeps {
  createClient: WhatsAppClientFactory;
  /** Stores the raw update and queues its processing (the same ingestUpdate as Telegram). */
  ingest(updateId: string, payload: WhatsAppUpdate): Promise<'new' | 'duplicate'>;
  /** Whether this update is stored already (WhatsApp re-emits messages after a reconnect). */
  isKnownUpdate(updateId: string): Promise<boolean>;
  admin: AdminNotifier | null;
  mediaDir: string;
  /** Where the pairing QR image is written before it is sent to the admins. */
  sessionDir: string;
  maxMediaBytes: number;
  log: Logger;
  tuning?: Partial<WhatsAppTuning>;
  /** Prints the pairing QR for the terminal; default stdout. */
  print?: (text: string) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface WhatsAppRole {
  /** Runs one queued outbound message (the whatsapp-outbound job). */
  outboundHandler: JobHandler<typeof whatsappOutboundJob>;
  /** Stops taking messages in (first step of shutdown). */
  stopIntake(): void;
  /** Closes the client and Chromium (after the outbound worker drained). */
  stop(): Promise<void>;
  state(): { ready: boolean; failures: number; connections: number };
}

// Message types that are no message from a person: never stored, never answered.
const silentTypes = new Set([
  'e2e_notification',
  'notification',
  'notification_template',
  'protocol',
  'revoked',
  'reaction',
  'ciphertext',
  'call_log',
  'gp2',
  'group_notification',
  'broadcast_notification',
  'debug',
  'list_response',
  'buttons_response',
  'template_button_reply',
]);

const mediaTypes = new Set(['image', 'ptt', 'audio', 'video', 'document']);


const field = (data: unknown, key: string): unknown => (data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined);
const stringField = (data: unknown, key: string): string | null => {
  const value = field(data, key);
  return typeof value === 'string' && value !== '' ? value : null;
};
const numberField = (data: unknown, key: string): number | null => {
  const value = Number(field(data, key));
  return Number.isFinite(value) && value > 0 ? value : null;
};

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  return (text.split('\n')[0] ?? '').slice(0, 200) || 'unknown error';
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function imageMime(data: Buffer): string {
  if (data[0] === 0x89 && data[1] === 0x50) return 'image/png';
  if (data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return 'image/jpeg';
}

export function startWhatsAppRole(deps: WhatsAppRoleDeps): WhatsAppRole {
  const tuning = { ...defaultWhatsAppTuning, ...deps.tuning };
  const log = deps.log.child({ component: 'whatsapp' });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = deps.random ?? Math.random;
  const print = deps.print ?? ((text: string) => process.stdout.write(text));
  const incoming = spoolDir(deps.mediaDir);
  const pacer: Pacer = createPacer({ otherChatGapMs: tuning.otherChatGapMs, sameChatGapMs: tuning.sameChatGapMs, sleep, random });

  let current: WhatsAppClientKit | null = null;
  let generation = 0;
  let connections = 0;
  let ready = false;
  let failures = 0;
  let readyAt: number | null = null;
  let stopped = false;
  let intakeStopped = false;
  let announceNextReady = false;
  let qrMessageId: string | null = null;
  let retryTimer: NodeJS.Timeout | undefined;
  const readyWaiters = new Set<() => void>();
  const inFlight = new Set<string>();
  const photoProgress = new Map<string, number>();

  async function notify(text: string): Promise<void> {
    if (!deps.admin) {
      log.warn({ notice: text }, 'no admin chat (TELEGRAM_ADMIN_CHAT_ID) to tell about WhatsApp');
      return;
    }
    await deps.admin.text(text).catch((error: unknown) => log.warn({ err: error }, 'could not tell the admins about WhatsApp'));
  }

  function backoffDelay(failure: number): number {
    const base = Math.min(tuning.backoffMaxMs, tuning.backoffBaseMs * 2 ** Math.min(failure - 1, 30));
    return Math.round(base * (0.8 + 0.4 * random()));
  }

  async function onQr(qr: string): Promise<void> {
    announceNextReady = true;
    const art = await QRCode.toString(qr, { type: 'terminal', small: true });
    print(`\nWarta WhatsApp pairing: scan this QR code with the phone of the Warta number\n(WhatsApp › Linked devices › Link a device). It changes every ~20 seconds.\n\n${art}\n`);
    log.info('WhatsApp pairing QR code printed; waiting for it to be scanned');
    if (!deps.admin) return;
    try {
      await mkdir(deps.sessionDir, { recursive: true });
      const path = join(deps.sessionDir, 'pairing-qr.png');
      await writeFile(path, await QRCode.toBuffer(qr, { type: 'png', width: 512, margin: 2 }));
      const sent = await deps.admin.image(path, whatsappAdminMessages.qrCaption(1));
      // One QR in the admins' chat at a time: the previous one no longer works.
      if (qrMessageId) await deps.admin.remove(qrMessageId).catch(() => {});
      qrMessageId = sent;
    } catch (error) {
      log.warn({ err: error }, 'could not send the pairing QR code to the admins');
    }
  }

  function onReady(): void {
    ready = true;
    readyAt = Date.now();
    log.info('WhatsApp client ready');
    for (const wake of readyWaiters) wake();
    readyWaiters.clear();
    if (announceNextReady) {
      announceNextReady = false;
      void notify(whatsappAdminMessages.connected());
      if (qrMessageId && deps.admin) {
        void deps.admin.remove(qrMessageId).catch(() => {});
        qrMessageId = null;
      }
      void rm(join(deps.sessionDir, 'pairing-qr.png'), { force: true }).catch(() => {});
    }
  }

  type FailureKind = 'start' | 'disconnected' | 'logout' | 'auth_failure' | 'pairing';

  async function handleFailure(gen: number, kind: FailureKind, detail: string): Promise<void> {
    if (gen !== generation || stopped) return;
    generation += 1; // whatever the old client still emits is ignored from now on
    ready = false;
    const old = current;
    current = null;
    // A connection that keeps dropping right after it came up backs off further (and does not flood the admins).
    if (readyAt !== null && Date.now() - readyAt >= tuning.stableAfterMs) failures = 0;
    readyAt = null;
    failures += 1;
    announceNextReady = true;
    const delay = backoffDelay(failures);
    log.warn({ kind, detail, failures, retryInMs: delay }, 'WhatsApp client is down; reconnecting after a pause');
    await withTimeout(old?.client.destroy() ?? Promise.resolve(), 20_000, 'destroy timed out').catch((error: unknown) =>
      log.warn({ err: error }, 'closing the failed WhatsApp client failed'),
    );
    if (stopped) return;
    retryTimer = setTimeout(connect, delay);
    // Tell the admins, without flooding them during a long outage: the first
    // failures, then about once an hour at the longest pause.
    if (failures <= 3 || failures % 4 === 0) {
      const retryIn = durationText(delay);
      const text =
        kind === 'logout'
          ? whatsappAdminMessages.loggedOut(retryIn)
          : kind === 'auth_failure'
            ? whatsappAdminMessages.authFailure(retryIn)
            : kind === 'pairing'
              ? whatsappAdminMessages.pairingExpired(retryIn)
              : kind === 'start'
                ? whatsappAdminMessages.startFailed(detail, retryIn)
                : whatsappAdminMessages.disconnected(detail, retryIn);
      await notify(text);
    }
  }

  function connect(): void {
    if (stopped) return;
    const gen = ++generation;
    connections += 1;
    const live = () => gen === generation && !stopped;
    let kit: WhatsAppClientKit;
    try {
      kit = deps.createClient();
    } catch (error) {
      void handleFailure(gen, 'start', describeError(error));
      return;
    }
    current = kit;
    const client = kit.client;
    client.on('qr', (qr: string) => {
      if (live()) void onQr(qr).catch((error: unknown) => log.warn({ err: error }, 'could not show the pairing QR code'));
    });
    client.on('authenticated', () => {
      if (!live()) return;
      log.info('WhatsApp session authenticated');
    });
    client.on('auth_failure', (message: unknown) => {
      if (live()) void handleFailure(gen, 'auth_failure', describeError(message));
    });
    client.on('ready', () => {
      if (live()) onReady();
    });
    client.on('disconnected', (reason: unknown) => {
      if (!live()) return;
      const text = describeError(reason);
      void handleFailure(gen, text === 'LOGOUT' ? 'logout' : /qr/i.test(text) ? 'pairing' : 'disconnected', text);
    });
    client.on('message', (message: WhatsAppMessageLike) => {
      if (live()) void onMessage(message);
    });
    log.info({ connection: connections }, 'starting the WhatsApp client');
    withTimeout(client.initialize(), tuning.initializeTimeoutMs, 'WhatsApp Web did not load in time').catch((error: unknown) => {
      if (live()) void handleFailure(gen, 'start', describeError(error));
    });
  }

  // ---- inbound ----------------------------------------------------------

  async function senderIds(kit: WhatsAppClientKit, wid: string): Promise<WhatsAppUpdate['senderIds']> {
    let phone = wid.endsWith('@c.us') ? wid : null;
    let lid = wid.endsWith('@lid') ? wid : null;
    if (kit.client.getContactLidAndPhone) {
      try {
        const [pair] = await withTimeout(kit.client.getContactLidAndPhone([wid]), 10_000, 'lid lookup timed out');
        phone = pair?.pn || phone;
        lid = pair?.lid || lid;
      } catch (error) {
        log.debug({ err: error }, 'could not look up the other id form of a sender');
      }
    }
    return { phone, lid };
  }

  async function download(message: WhatsAppMessageLike, declared: { mimetype: string | null; filename: string | null; size: number | null }) {
    const failed = (error: 'download-failed' | 'too-large', size = declared.size) => ({ spool: null, ...declared, size, error });
    if (declared.size !== null && declared.size > deps.maxMediaBytes) return failed('too-large');
    if (!message.hasMedia) return failed('download-failed');
    for (let attempt = 1; attempt <= tuning.downloadAttempts; attempt += 1) {
      try {
        const media = await withTimeout(Promise.resolve(message.downloadMedia()), tuning.downloadTimeoutMs, 'download timed out');
        if (media?.data) {
          const content = Buffer.from(media.data, 'base64');
          if (content.length > deps.maxMediaBytes) return failed('too-large', content.length);
          const name = spoolName(message.id._serialized);
          await writeSpool(incoming, name, content);
          return {
            spool: name,
            mimetype: media.mimetype || declared.mimetype,
            filename: media.filename ?? declared.filename,
            size: content.length,
            error: null,
          };
        }
        log.warn({ attempt }, 'WhatsApp media not available yet');
      } catch (error) {
        log.warn({ err: error, attempt }, 'WhatsApp media download failed');
      }
      if (attempt < tuning.downloadAttempts) await sleep(tuning.downloadRetryDelayMs * attempt);
    }
    return failed('download-failed');
  }

  async function buildPayload(kit: WhatsAppClientKit, message: WhatsAppMessageLike): Promise<WhatsAppUpdate> {
    const data = message._data;
    const sender = message.author || message.from;
    const declared = { mimetype: stringField(data, 'mimetype'), filename: stringField(data, 'filename'), size: numberField(data, 'size') };
    let media: WhatsAppUpdate['media'] = null;
    if (mediaTypes.has(message.type)) {
      const takesDocument = message.type !== 'document' || !declared.mimetype || declared.mimetype.startsWith('image/');
      media = takesDocument ? await download(message, declared) : { spool: null, ...declared, error: null };
    }
    const location = message.type === 'location' && message.location ? message.location : null;
    const description = location?.description;
    return {
      v: 1,
      id: message.id._serialized,
      from: message.from,
      author: message.author ?? null,
      senderIds: await senderIds(kit, sender),
      pushName: stringField(data, 'notifyName'),
      type: message.type,
      body: message.body ?? '',
      timestamp: Number(message.timestamp) || Math.floor(Date.now() / 1000),
      media,
      location: location
        ? {
            latitude: Number(location.latitude),
            longitude: Number(location.longitude),
            description: typeof description === 'string' ? description || null : (description?.name ?? null),
          }
        : null,
      durationSec: Number(message.duration) > 0 ? Number(message.duration) : null,
      quotedId: message.hasQuotedMsg ? stringField(data, 'quotedStanzaID') : null,
    };
  }

  async function onMessage(message: WhatsAppMessageLike): Promise<void> {
    if (intakeStopped || !current) return;
    const from = message.from ?? '';
    // Intake is private chats only: groups, status updates, broadcasts and channels are ignored, unanswered.
    if (message.fromMe || message.isStatus || message.broadcast || !/@(c\.us|lid)$/.test(from)) return;
    if (silentTypes.has(message.type)) return;
    const updateId = updateIdOf(message.id._serialized);
    if (inFlight.has(updateId)) return;
    inFlight.add(updateId);
    const kit = current;
    try {
      if (await deps.isKnownUpdate(updateId)) return; // re-emitted after a reconnect
      const payload = await buildPayload(kit, message);
      for (let attempt = 1; ; attempt += 1) {
        try {
          await deps.ingest(updateId, payload);
          return;
        } catch (error) {
          if (attempt >= 3) throw error;
          await sleep(1_000 * attempt);
        }
      }
    } catch (error) {
      // WhatsApp will not deliver it again: this one is lost, loudly.
      log.error({ err: error, updateId }, 'could not store an incoming WhatsApp message');
    } finally {
      inFlight.delete(updateId);
    }
  }

  // ---- outbound ---------------------------------------------------------

  async function connectedClient(): Promise<WhatsAppClientKit> {
    if (!(ready && current)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          readyWaiters.delete(wake);
          resolve();
        }, tuning.readyWaitMs);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        readyWaiters.add(wake);
      });
    }
    if (!(ready && current)) throw new AppError('UNAVAILABLE', 'WhatsApp is not connected; the message waits for the reconnection');
    return current;
  }

  function sendFailure(error: unknown): Error {
    if (error instanceof AppError) return error;
    const text = describeError(error);
    if (/invalid wid|wid error|not a valid|no lid for user/i.test(text)) return new AppError('VALIDATION', `WhatsApp refused the recipient: ${text}`);
    if (/session closed|target closed|protocol error|detached|execution context/i.test(text)) {
      // The browser went away under us: treat it as a disconnection.
      void handleFailure(generation, 'disconnected', text);
    }
    return new AppError('UNAVAILABLE', `WhatsApp send failed: ${text}`);
  }

  async function sendPaced(chatId: string, send: (kit: WhatsAppClientKit) => Promise<unknown>): Promise<void> {
    await connectedClient();
    await pacer.waitTurn(chatId);
    const kit = await connectedClient(); // the connection may have changed while waiting
    try {
      await send(kit);
    } catch (error) {
      throw sendFailure(error);
    }
    pacer.sent(chatId);
  }

  const outboundHandler: WhatsAppRole['outboundHandler'] = async ({ id, message }, context) => {
    if (message.kind === 'text') {
      await sendPaced(message.chatId, (kit) => kit.client.sendMessage(message.chatId, message.text, { linkPreview: false }));
      context.log.debug('WhatsApp text sent');
      return;
    }
    // Photos of one job go out one by one; a retry skips those already sent.
    const done = photoProgress.get(id) ?? 0;
    for (const [index, photo] of message.photos.entries()) {
      if (index < done) continue;
      let data: Buffer;
      try {
        data = await readFile(photo.path);
      } catch (error) {
        throw new AppError('VALIDATION', `photo to send is missing: ${describeError(error)}`);
      }
      await sendPaced(message.chatId, (kit) =>
        kit.client.sendMessage(message.chatId, kit.media(imageMime(data), data.toString('base64'), basename(photo.path)), photo.caption ? { caption: photo.caption } : {}),
      );
      photoProgress.set(id, index + 1);
    }
    photoProgress.delete(id);
  };

  // ---- start ------------------------------------------------------------

  const prune = () =>
    pruneSpool(incoming, tuning.spoolMaxAgeMs).then(
      (removed) => removed > 0 && log.info({ removed }, 'old WhatsApp spool files removed'),
      (error: unknown) => log.warn({ err: error }, 'could not prune the WhatsApp spool'),
    );
  void prune();
  const pruneTimer = setInterval(() => void prune(), 6 * 3600_000);
  pruneTimer.unref();

  connect();

  return {
    outboundHandler,
    stopIntake() {
      intakeStopped = true;
    },
    async stop() {
      stopped = true;
      intakeStopped = true;
      clearTimeout(retryTimer);
      clearInterval(pruneTimer);
      generation += 1;
      ready = false;
      for (const wake of readyWaiters) wake();
      readyWaiters.clear();
      const old = current;
      current = null;
      await withTimeout(old?.client.destroy() ?? Promise.resolve(), 20_000, 'destroy timed out').catch((error: unknown) =>
        log.warn({ err: error }, 'closing the WhatsApp client failed'),
      );
      log.info('WhatsApp client closed');
    },
    state: () => ({ ready, failures, connections }),
  };
}
