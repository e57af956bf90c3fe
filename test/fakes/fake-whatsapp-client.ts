// A fake of whatsapp-web.js's Client for tests: an EventEmitter with the same
// events ('qr', 'authenticated', 'auth_failure', 'ready', 'disconnected',
// 'message') and the methods Warta calls (initialize, destroy, sendMessage,
// getContactLidAndPhone), plus messages whose downloadMedia() can be made to
// fail. Nothing reaches WhatsApp and no browser starts.
//
//   const wa = createFakeWhatsApp();
//   startWarta(config, log, { whatsappClientFactory: wa.factory });
//   wa.receive(wa.text({ from: '6281234567890@c.us', body: 'DAFTAR ABC234' }));
//   await eventually(() => wa.sentTo('6281234567890@c.us')[0]);
import { EventEmitter } from 'node:events';
import type {
  WhatsAppClientFactory,
  WhatsAppClientLike,
  WhatsAppMediaLike,
  WhatsAppMessageLike,
} from '../../bots/whatsapp/client-port.js';

/** How the next client's initialize() behaves. */
export type FakeStart =
  | { kind: 'ready' } // a stored session: authenticated, then ready
  | { kind: 'qr'; codes?: string[] } // no session: shows QR codes until scan()
  | { kind: 'fail'; error: string } // Chromium or WhatsApp Web failed to load
  | { kind: 'hang' }; // never finishes loading

export class FakeMessageMedia implements WhatsAppMediaLike {
  constructor(
    public mimetype: string,
    public data: string,
    public filename: string | null = null,
    public filesize: number | null = null,
  ) {}
}

export interface SentWhatsAppMessage {
  chatId: string;
  /** The text, or the caption of a media message (null without one). */
  text: string | null;
  media: FakeMessageMedia | null;
  at: number;
  client: number;
}

export class FakeWhatsAppClient extends EventEmitter implements WhatsAppClientLike {
  initialized = false;
  destroyed = false;

  constructor(
    readonly number: number,
    private readonly network: FakeWhatsApp,
    private readonly start: FakeStart,
  ) {
    super();
  }

  async initialize(): Promise<void> {
    this.initialized = true;
    const start = this.start;
    if (start.kind === 'fail') throw new Error(start.error);
    if (start.kind === 'hang') return new Promise<void>(() => {});
    // Like the real client, events follow once the page is up.
    setImmediate(() => {
      if (this.destroyed) return;
      if (start.kind === 'ready') {
        this.emit('authenticated');
        this.emit('ready');
      } else {
        for (const code of start.codes ?? ['2@fake-qr-ref,abc,def,ghi']) this.emit('qr', code);
      }
    });
  }

  /** The phone scanned the QR code. */
  scan(): void {
    this.emit('authenticated');
    this.emit('ready');
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
  }

  async sendMessage(chatId: string, content: string | WhatsAppMediaLike, options: { caption?: string } = {}) {
    if (this.destroyed) throw new Error('Protocol error: Session closed. Most likely the page has been closed.');
    const failure = this.network.sendFailures.shift();
    if (failure) throw new Error(failure);
    const isText = typeof content === 'string';
    this.network.sent.push({
      chatId,
      text: isText ? content : (options.caption ?? null),
      media: isText ? null : (content as FakeMessageMedia),
      at: Date.now(),
      client: this.number,
    });
    return { id: { _serialized: `true_${chatId}_OUT${this.network.sent.length}` } };
  }

  async getContactLidAndPhone(userIds: string[]) {
    return userIds.map((id) => {
      const pair = this.network.ids.find((p) => p.lid === id || p.pn === id);
      return pair ?? { lid: id.endsWith('@lid') ? id : null, pn: id.endsWith('@c.us') ? id : null };
    });
  }
}

export interface FakeMessageOptions {
  from: string;
  /** Set to send from a group: `from` is then the group and this the person. */
  author?: string;
  id?: string;
  pushName?: string;
  timestamp?: number;
}

let messageCounter = 0;

export class FakeWhatsApp {
  readonly clients: FakeWhatsAppClient[] = [];
  readonly sent: SentWhatsAppMessage[] = [];
  /** Errors the next sendMessage calls throw, in order. */
  readonly sendFailures: string[] = [];
  /** Known people under both id forms, for getContactLidAndPhone. */
  readonly ids: Array<{ lid: string; pn: string }> = [];
  private readonly starts: FakeStart[] = [];

  readonly factory: WhatsAppClientFactory = () => {
    const client = new FakeWhatsAppClient(this.clients.length + 1, this, this.starts.shift() ?? { kind: 'ready' });
    this.clients.push(client);
    return { client, media: (mimetype, data, filename) => new FakeMessageMedia(mimetype, data, filename) };
  };

  /** How the following clients start (default: ready at once). */
  nextStarts(...starts: FakeStart[]): void {
    this.starts.push(...starts);
  }

  current(): FakeWhatsAppClient {
    const client = this.clients.at(-1);
    if (!client) throw new Error('no WhatsApp client was created');
    return client;
  }

  /** Delivers a message to the current client, as WhatsApp Web would. */
  receive(message: WhatsAppMessageLike): void {
    this.current().emit('message', message);
  }

  sentTo(chatId: string): SentWhatsAppMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  textsTo(chatId: string): string[] {
    return this.sentTo(chatId).map((m) => m.text ?? '');
  }

  reset(): void {
    this.sent.length = 0;
  }

  // ---- message builders ------------------------------------------------

  private base(options: FakeMessageOptions, type: string, body: string, data: Record<string, unknown> = {}) {
    const id = options.id ?? `false_${options.from}_3EB0${(++messageCounter).toString(16).toUpperCase().padStart(16, '0')}`;
    return {
      id: { _serialized: id },
      from: options.from,
      author: options.author ?? undefined,
      fromMe: false,
      type,
      body,
      hasMedia: false,
      timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
      isStatus: false,
      broadcast: false,
      hasQuotedMsg: false,
      _data: { notifyName: options.pushName ?? 'Kontributor Uji', ...data },
      async downloadMedia(): Promise<WhatsAppMediaLike | undefined> {
        return undefined;
      },
    } satisfies WhatsAppMessageLike;
  }

  text(options: FakeMessageOptions & { body: string }): WhatsAppMessageLike {
    return this.base(options, 'chat', options.body);
  }

  /**
   * A message with a file (image, ptt, audio, video, document). `failDownloads`
   * makes the first N downloadMedia() calls fail (Infinity: always);
   * `declaredSize` is what WhatsApp announces before any download.
   */
  media(
    options: FakeMessageOptions & {
      type: 'image' | 'ptt' | 'audio' | 'video' | 'document';
      content: Buffer;
      mimetype: string;
      caption?: string;
      filename?: string;
      declaredSize?: number;
      duration?: number;
      failDownloads?: number;
    },
  ): WhatsAppMessageLike & { downloads: number } {
    const message = this.base(options, options.type, options.caption ?? '', {
      size: options.declaredSize ?? options.content.length,
      mimetype: options.mimetype,
      filename: options.filename,
    });
    let failuresLeft = options.failDownloads ?? 0;
    const result = {
      ...message,
      hasMedia: true,
      duration: options.duration,
      downloads: 0,
      async downloadMedia(): Promise<WhatsAppMediaLike | undefined> {
        result.downloads += 1;
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('Failed to download media: mediaStage ERROR');
        }
        return new FakeMessageMedia(options.mimetype, options.content.toString('base64'), options.filename ?? null, options.content.length);
      },
    };
    return result;
  }

  sticker(options: FakeMessageOptions): WhatsAppMessageLike {
    return { ...this.base(options, 'sticker', ''), hasMedia: true };
  }

  location(options: FakeMessageOptions & { latitude: number; longitude: number; description?: string }): WhatsAppMessageLike {
    return {
      ...this.base(options, 'location', ''),
      location: { latitude: options.latitude, longitude: options.longitude, description: options.description ?? null },
    };
  }
}

export function createFakeWhatsApp(): FakeWhatsApp {
  return new FakeWhatsApp();
}
