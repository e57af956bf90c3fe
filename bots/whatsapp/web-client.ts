// The only file that imports whatsapp-web.js (and through it puppeteer). It is
// loaded with a dynamic import by the whatsapp role alone, so ROLE=web and
// ROLE=worker never load puppeteer nor start Chromium.
import { join } from 'node:path';
import wwebjs from 'whatsapp-web.js';
import type { WhatsAppClientFactory, WhatsAppClientLike } from './client-port.js';

const { Client, LocalAuth, MessageMedia } = wwebjs;

/** Archived WhatsApp Web builds, one HTML file per version (used when WHATSAPP_WEB_VERSION pins one). */
export const webVersionArchive = 'https://raw.githubusercontent.com/wppconnect-team/wa-version/main/html/{version}.html';

export interface WebClientOptions {
  /** WHATSAPP_SESSION_DIR: LocalAuth keeps the paired session (Chromium profile) here. */
  sessionDir: string;
  /** CHROMIUM_PATH: Debian's chromium by default. */
  chromiumPath: string;
  /** WHATSAPP_WEB_VERSION: pins the WhatsApp Web build (fetched from the archive); unset = the live one. */
  webVersion?: string;
  /** QR codes shown before a pairing attempt counts as failed (~20 s each). */
  qrMaxRetries?: number;
}

// Flags that work for Debian's Chromium as root in a container, without a GPU,
// and keep it from phoning home for updates or sync.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function createWebClientFactory(options: WebClientOptions): WhatsAppClientFactory {
  return () => {
    const client = new Client({
      authStrategy: new LocalAuth({ dataPath: options.sessionDir }),
      puppeteer: { executablePath: options.chromiumPath, headless: true, args: chromiumArgs },
      qrMaxRetries: options.qrMaxRetries ?? 10,
      ...(options.webVersion
        ? { webVersion: options.webVersion, webVersionCache: { type: 'remote' as const, remotePath: webVersionArchive } }
        : { webVersionCache: { type: 'local' as const, path: join(options.sessionDir, 'web-cache') } }),
    });
    return {
      client: client as unknown as WhatsAppClientLike,
      media: (mimetype, base64, filename) => new MessageMedia(mimetype, base64, filename),
    };
  };
}
