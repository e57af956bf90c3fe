// The part of whatsapp-web.js's Client that Warta uses, as structural types.
// Only web-client.ts imports the library; everything else (the role, the
// tests' fake client) works against these shapes, so no other process or test
// ever loads puppeteer.

/** whatsapp-web.js MessageMedia: base64 data plus its type. */
export interface WhatsAppMediaLike {
  mimetype: string;
  data: string;
  filename?: string | null;
  filesize?: number | null;
}

/** The fields of a whatsapp-web.js Message that Warta reads. */
export interface WhatsAppMessageLike {
  id: { _serialized: string };
  from: string;
  author?: string | null;
  fromMe: boolean;
  type: string;
  body: string;
  hasMedia: boolean;
  /** Unix seconds. */
  timestamp: number;
  isStatus?: boolean;
  broadcast?: boolean;
  duration?: string | number | null;
  location?: { latitude: number | string; longitude: number | string; description?: string | { name?: string } | null } | null;
  hasQuotedMsg?: boolean;
  /** The raw WhatsApp Web model: notifyName, size, mimetype, filename, quotedStanzaID. */
  _data?: unknown;
  downloadMedia(): Promise<WhatsAppMediaLike | undefined | null>;
}

export type WhatsAppClientEvent = 'qr' | 'authenticated' | 'auth_failure' | 'ready' | 'disconnected' | 'message' | 'change_state';

export interface WhatsAppClientLike {
  on(event: WhatsAppClientEvent, listener: (...args: any[]) => void): unknown;
  removeAllListeners(event?: string): unknown;
  initialize(): Promise<void>;
  destroy(): Promise<void>;
  sendMessage(
    chatId: string,
    content: string | WhatsAppMediaLike,
    options?: { caption?: string; linkPreview?: boolean; sendSeen?: boolean },
  ): Promise<{ id: { _serialized: string } } | null | undefined>;
  /** Both id forms of a user (`…@lid` and `…@c.us`); absent in older versions. */
  getContactLidAndPhone?(userIds: string[]): Promise<Array<{ lid?: string | null; pn?: string | null }>>;
}

/** A fresh client plus the way to build media for it (MessageMedia's constructor). */
export interface WhatsAppClientKit {
  client: WhatsAppClientLike;
  media(mimetype: string, base64: string, filename: string | null): WhatsAppMediaLike;
}

/** Called for every (re)connection: a whatsapp-web.js Client is not reused after destroy. */
export type WhatsAppClientFactory = () => WhatsAppClientKit;
