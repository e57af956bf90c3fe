import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WhatsAppTuning } from '../../bots/whatsapp/whatsapp-role.js';
import type { StartOptions } from '../../src/main.js';
import { createFakeWhatsApp, type FakeWhatsApp } from '../fakes/fake-whatsapp-client.js';
import { startTestWarta, type TestWarta } from './warta.js';

/** The admins' Telegram chat in tests. */
export const adminChatId = -1001000000001;

/** Pauses, retries and backoff short enough for tests (the logic is the same). */
export const fastWhatsAppTuning: Partial<WhatsAppTuning> = {
  otherChatGapMs: 20,
  sameChatGapMs: 5,
  downloadAttempts: 3,
  downloadRetryDelayMs: 10,
  backoffBaseMs: 50,
  backoffMaxMs: 400,
  initializeTimeoutMs: 2_000,
  readyWaitMs: 3_000,
};

export interface TestWartaWithWhatsApp extends TestWarta {
  wa: FakeWhatsApp;
  /** What the role printed to the terminal (the pairing QR). */
  printed: string[];
  sessionDir: string;
}

/**
 * Warta with every role in one process, Telegram on the fake Bot API, and the
 * whatsapp role driving a fake whatsapp-web.js client (no browser).
 */
export async function startTestWartaWithWhatsApp(
  env: Record<string, string | undefined> = {},
  options: StartOptions & { wa?: FakeWhatsApp } = {},
): Promise<TestWartaWithWhatsApp> {
  const { wa = createFakeWhatsApp(), ...startOptions } = options;
  const printed: string[] = [];
  const sessionDir = mkdtempSync(join(tmpdir(), 'warta-wa-session-'));
  const t = await startTestWarta(
    { WHATSAPP_ENABLED: 'true', WHATSAPP_SESSION_DIR: sessionDir, TELEGRAM_ADMIN_CHAT_ID: String(adminChatId), ...env },
    { whatsappClientFactory: wa.factory, whatsappTuning: fastWhatsAppTuning, whatsappAckWindowMs: 300, whatsappPrint: (text) => printed.push(text), ...startOptions },
  );
  return { ...t, wa, printed, sessionDir };
}

/** A fresh Indonesian mobile number as a WhatsApp id: `62812…@c.us`. */
let numberCounter = 30_000_000 + Math.floor(Math.random() * 60_000_000);
export function nextWhatsAppNumber(): { wid: string; e164: string; local: string } {
  numberCounter += 1;
  const digits = `812${numberCounter}`; // 812 + 8 digits
  return { wid: `62${digits}@c.us`, e164: `+62${digits}`, local: `0${digits}` };
}
